import type { FacilityResponses, SlotView } from '../core/contracts/facility';
import { type facilityRequest } from '../core/contracts/facility';
import { viewerOf, visibleRecords } from '../core/identity/records';
import type { ActionsFor } from '../core/platform/handler';
import { emptyState, settle } from '../core/rules/facility';
import { institutionsByCode, stateOf } from './loaders';
import { withdrawnNote } from './views';
import { facilitySubject } from './subject';
import { declarationView } from './views';

/** What a person holds now, and the declarations the caller may see. */
export const mineActions = {
  async mine(req, ctx): Promise<FacilityResponses['mine']> {
    const who = await facilitySubject(ctx.caller.openid, req.memberId, ctx.now);
    const states = await Promise.all(
      who.policy.kinds.map(async (k) =>
        settle((await stateOf(who.subjectKey, k.id)) ?? emptyState(who.policy), ctx.now),
      ),
    );
    // Whether the city's newest list still has each 定点: one read for all of them.
    const held = states.flatMap((st) => st.slots.flatMap((s) => [s.current?.code, s.pending?.code]));
    const listed = await institutionsByCode([...new Set(held.filter((c): c is string => !!c))]);
    const gone = (code: string) => withdrawnNote(listed.get(code), who.city.name);
    const kinds = who.policy.kinds.map((k, i) => {
      const slots: SlotView[] = states[i].slots.map((s) => ({
        slot: s.slot,
        current: s.current
          ? { code: s.current.code, name: s.current.name, since: s.current.from, withdrawn: gone(s.current.code) }
          : null,
        pending: s.pending
          ? {
              code: s.pending.code,
              name: s.pending.name,
              from: s.pending.from,
              declarationId: s.pending.declarationId,
              withdrawn: gone(s.pending.code),
            }
          : null,
      }));
      return { id: k.id, name: k.name, online: k.online, offlineNote: k.offlineNote ?? null, slots };
    });
    return { cityCode: who.city.code, cityName: who.city.name, forWhom: who.forWhom, kinds, notes: who.policy.notes };
  },

  async declarations(req, ctx): Promise<FacilityResponses['declarations']> {
    const viewer = await viewerOf(ctx.caller.openid);
    const { rows, total, nextCursor } = await visibleRecords('facility_declarations', viewer, req);
    return { items: rows.map((d) => declarationView(d, ctx.now, viewer)), total, nextCursor };
  },
} satisfies ActionsFor<typeof facilityRequest>;
