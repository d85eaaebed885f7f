import type { RatingResponses } from '../core/contracts/rating';
import { type ratingRequest } from '../core/contracts/rating';
import type { RatingCountDoc } from '../core/documents/rating';
import { collection } from '../core/platform/collection';
import type { ActionsFor } from '../core/platform/handler';
import { publishStats } from '../core/rules/rating';

/** CloudBase answers at most this many documents a query. */
const QUERY_MAX = 1000;

/** A month's count documents in a city: one query, more only where a city has more than a query answers. */
async function monthCounts(cityCode: string, month: string): Promise<RatingCountDoc[]> {
  const all: RatingCountDoc[] = [];
  for (;;) {
    const page = await collection('rating_counts')
      .where({ cityCode, month })
      .orderBy('_id', 'asc')
      .skip(all.length)
      .limit(QUERY_MAX)
      .get();
    all.push(...page);
    if (page.length < QUERY_MAX) return all;
  }
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
