import type { RatingResponses } from '../core/contracts/rating';
import { type ratingRequest } from '../core/contracts/rating';
import type { RatingCountDoc } from '../core/documents/rating';
import { collection } from '../core/platform/collection';
import type { ActionsFor } from '../core/platform/handler';
import { getDb } from '../core/platform/sdk';
import { type LevelCount, publishStats } from '../core/rules/rating';

type Summed = { _id: Pick<RatingCountDoc, 'serviceCode' | 'channel' | 'level' | 'sample'> } & Pick<
  RatingCountDoc,
  'count' | 'followedUpInTime'
>;

/**
 * A month's counts in a city, their shards added up by the database (CloudBase's aggregate `group`): one
 * request answering a row per item, channel and level, however many shards the ratings were counted in.
 */
async function monthCounts(cityCode: string, month: string): Promise<LevelCount[]> {
  const $ = getDb().command.aggregate;
  const res = (await collection('rating_counts')
    .aggregate()
    .match({ cityCode, month })
    .group({
      _id: { serviceCode: '$serviceCode', channel: '$channel', level: '$level', sample: '$sample' },
      count: $.sum('$count'),
      followedUpInTime: $.sum('$followedUpInTime'),
    })
    .limit(1000)
    .end()) as { list?: Summed[] };
  return (res.list ?? []).map(({ _id, count, followedUpInTime }) => ({
    serviceCode: _id.serviceCode,
    channel: _id.channel,
    level: _id.level,
    count,
    followedUpInTime,
    ...(_id.sample ? { sample: true } : {}),
  }));
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
