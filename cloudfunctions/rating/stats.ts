import type { RatingResponses } from '../core/contracts/rating';
import { type ratingRequest } from '../core/contracts/rating';
import type { RatingCountDoc } from '../core/documents/rating';
import { collection } from '../core/platform/collection';
import type { ActionsFor } from '../core/platform/handler';
import { type Channel, LEVEL_LABELS, publishStats } from '../core/rules/rating';

/** CloudBase answers at most this many documents a query. */
const QUERY_MAX = 1000;

/** One channel and level's count documents of a month: one query, more only past what a query answers. */
async function levelCounts(cityCode: string, month: string, channel: Channel, level: number) {
  const all: RatingCountDoc[] = [];
  for (;;) {
    const page = await collection('rating_counts')
      .where({ cityCode, month, channel, level })
      .orderBy('_id', 'asc')
      .skip(all.length)
      .limit(QUERY_MAX)
      .get();
    all.push(...page);
    if (page.length < QUERY_MAX) return all;
  }
}

/**
 * A month's count documents in a city, each channel and level read at once (a city's items times the shards
 * fit one query each), so the published results take one round trip.
 */
async function monthCounts(cityCode: string, month: string): Promise<RatingCountDoc[]> {
  const channels = Object.keys(LEVEL_LABELS) as Channel[];
  const reads = channels.flatMap((c) => LEVEL_LABELS[c].map((_, i) => levelCounts(cityCode, month, c, i + 1)));
  return (await Promise.all(reads)).flat();
}

/** The published results of a city and month, from the counts kept with every rating. */
export const statsActions = {
  async stats(req): Promise<RatingResponses['stats']> {
    const [groups, services] = await Promise.all([
      monthCounts(req.cityCode, req.month),
      collection('services').where({ cityCode: req.cityCode }).field({ code: true, name: true }).limit(100).get(),
    ]);
    const stats = publishStats(groups);
    const names = new Map(services.map((s) => [s.code, s.name]));
    return {
      cityCode: req.cityCode,
      month: req.month,
      items: stats.items.map((i) => ({ ...i, serviceName: names.get(i.serviceCode) ?? i.serviceCode })),
      suppressed: stats.suppressed,
    };
  },
} satisfies ActionsFor<typeof ratingRequest>;
