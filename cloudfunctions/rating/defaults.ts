import type { RatingDoc } from '../core/documents/rating';
import { collection } from '../core/platform/collection';
import type { ActionContext } from '../core/platform/handler';
import { getDb, isDuplicateKey, isTransactionConflict, type Txn } from '../core/platform/sdk';
import { CITIES } from '../core/policies';
import { beijingDate } from '../core/rules/beijingTime';
import { count } from './counts';
import { service } from './submit';

/**
 * Timer (where a city sets `defaultAfterDays`, e.g. 广东): a completed online service not rated within that many
 * days is recorded as 基本满意. Keyed by the service like any rating, so a late or repeated run adds nothing twice,
 * and a resident who rated in time keeps their own rating.
 */
export async function defaultRatings({ now }: ActionContext) {
  const db = getDb();
  let recorded = 0;
  for (const city of CITIES.filter((c) => c.rating.defaultAfterDays)) {
    const cutoff = new Date(now.getTime() - city.rating.defaultAfterDays! * 86400_000);
    const sources: Array<['declaration' | 'filing', 'facility_declarations' | 'filings']> = [
      ['declaration', 'facility_declarations'],
      ['filing', 'filings'],
    ];
    for (const [kind, name] of sources) {
      const done = await collection(name)
        .where({ cityCode: city.code, result: 'accepted', submittedAt: db.command.lte(cutoff) })
        .field({ owner: true })
        .limit(500)
        .get();
      for (const d of done) {
        const id = `${kind}:${d._id}`;
        if (await collection('ratings').doc(id).get()) continue;
        const s = await service(kind, d._id, d.owner);
        if (!s) continue;
        const day = beijingDate(now);
        const doc: Omit<RatingDoc, '_id'> = {
          owner: d.owner,
          requestId: 'default',
          serviceRef: { kind, id: d._id },
          serviceTitle: s.title,
          serviceCode: s.serviceCode,
          cityCode: s.cityCode,
          channel: 'online',
          level: 3,
          bad: false,
          aspects: {},
          reasons: [],
          comment: '逾期未评价，按规定默认为基本满意',
          callbackPhone: null,
          submittedAt: now,
          day,
          month: day.slice(0, 7),
          followUp: null,
        };
        try {
          await db.runTransaction(async (t: Txn) => {
            if (await collection('ratings', t).doc(id).get()) return; // rated meanwhile: theirs stands
            await collection('ratings', t).doc(id).set({ data: doc });
            await count(t, doc, 'count');
            recorded += 1;
          }, 8);
        } catch (error) {
          if (!isDuplicateKey(error) && !isTransactionConflict(error)) throw error;
        }
      }
    }
  }
  return { recorded };
}
