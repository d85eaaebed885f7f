import type { Place } from './loaders';
import type { CityPolicy, FacilityPolicy } from '../core/policies/schema';
import { type Candidate, type FacilityState, type Op, decide, settle } from '../core/rules/facility';

/**
 * The one step preview and submit share: the rules' decision on this state, and what the slot holds now (what
 * a change replaces). Submit calls it again inside its transaction, on the state read there.
 */
export function judge(
  who: { city: CityPolicy; policy: FacilityPolicy },
  state: FacilityState,
  op: Op,
  inst: Place,
  now: Date,
  slot?: number,
) {
  const candidate: Candidate = {
    code: inst.code,
    name: inst.name,
    type: inst.type,
    cityCode: inst.cityCode,
    classA: inst.classA,
    publishedType: inst.publishedType,
    withdrawnOn: inst.withdrawnOn,
  };
  const decision = decide(who.policy, who.city.code, state, op, candidate, now, slot);
  const held = settle(state, now).slots.find((s) => s.slot === decision.slot);
  return { candidate, decision, replaced: held?.pending ?? held?.current ?? null };
}
