import type { RatingResponses } from '../core/contracts/rating';
import { type ratingRequest } from '../core/contracts/rating';
import { collection } from '../core/platform/collection';
import type { ActionsFor } from '../core/platform/handler';
import { publishStats } from '../core/rules/rating';

/** The published results of a city and month, from the counts kept with every rating. */
export const statsActions = {
  async stats(req): Promise<RatingResponses['stats']> {
    const groups = await collection('rating_counts')
      .where({ cityCode: req.cityCode, month: req.month })
      .limit(1000)
      .get();
    const stats = publishStats(groups);
    const names = new Map(
      (
        await collection('services')
          .where({ cityCode: req.cityCode })
          .field({ code: true, name: true })
          .limit(100)
          .get()
      ).map((s) => [s.code, s.name]),
    );
    return {
      cityCode: req.cityCode,
      month: req.month,
      items: stats.items.map((i) => ({ ...i, serviceName: names.get(i.serviceCode) ?? i.serviceCode })),
      suppressed: stats.suppressed,
    };
  },
} satisfies ActionsFor<typeof ratingRequest>;
