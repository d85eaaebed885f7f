import { type FacilityPolicy, type InstitutionType, TYPE_LABELS } from '../policies/schema';
import { beijingMonth, firstOfNextMonth, fromBeijing, inBeijing, startOfNextDay, toBeijingIso } from './beijingTime';

/**
 * 定点医疗机构 rules as a pure function: (policy, the person's selections, request, now) → decision.
 * Nothing here names a city; everything a city decides is in its FacilityPolicy.
 */

export interface Entry {
  code: string;
  name: string;
  /** When it takes (or took) effect, ISO 8601. */
  from: string;
  declarationId: string;
}

export interface Slot {
  slot: number;
  current: Entry | null;
  pending: Entry | null;
}

export interface FacilityState {
  slots: Slot[];
  /** Changes that count against the monthly limit, by Beijing month 'YYYY-MM'. */
  changesByMonth: Record<string, number>;
}

export interface Candidate {
  code: string;
  name: string;
  type: InstitutionType;
  cityCode: string;
  /** On the city's A类 list (北京). */
  classA?: boolean;
  /** 类别 as published, for the reason shown when the type is not one the city's rules know. */
  publishedType?: string;
  /** Set when the city's newest list no longer has it. */
  withdrawnOn?: string | null;
}

export interface Standing {
  selectable: boolean;
  /** Usable by everyone without choosing (北京: 中医, 专科, A类, 社区). */
  noSelectionNeeded: boolean;
  /** Why it can't be chosen, in plain Chinese; null when it can. */
  reason: string | null;
}

/**
 * What an institution is in a city's selection: chosen, used without choosing, or neither (and why). Reads the
 * imported 类别 (type) and the A类 list (classA); nothing here names a city.
 */
export function standing(policy: FacilityPolicy, c: Omit<Candidate, 'code' | 'name' | 'cityCode'>): Standing {
  if (c.withdrawnOn)
    return {
      selectable: false,
      noSelectionNeeded: false,
      reason: `已不在本市最新公布的定点医疗机构名单中（${c.withdrawnOn} 更新），不能选择。`,
    };
  const free = policy.noSelectionTypes.includes(c.type) || (!!c.classA && policy.noSelectionTypes.includes('classA'));
  if (free) return { selectable: false, noSelectionNeeded: true, reason: '这类机构无需选择，可直接就医。' };
  if (policy.selectableTypes.includes(c.type)) return { selectable: true, noSelectionNeeded: false, reason: null };
  const what = c.type === 'other' ? c.publishedType || '这类机构' : TYPE_LABELS[c.type];
  return { selectable: false, noSelectionNeeded: false, reason: `${what}不在本市这项选点的范围内，不能选择。` };
}

export type Op = 'select' | 'change';

export interface Reason {
  code:
    | 'OUTSIDE_CHANGE_WINDOW'
    | 'MONTHLY_CHANGE_USED'
    | 'SLOTS_FULL'
    | 'NOT_SELECTABLE'
    | 'ALREADY_SELECTED'
    | 'CHANGE_PENDING'
    | 'NOTHING_TO_CHANGE';
  message: string;
}

export interface Decision {
  allowed: boolean;
  op: Op;
  slot: number;
  /** 'first': a slot chosen for the first time; 'change': replacing a chosen one. */
  kind: 'first' | 'change';
  reasons: Reason[];
  effectiveFrom: string | null;
  nextPossibleAt: string | null;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

export { beijingMonth, firstOfNextMonth };

export function effectiveFrom(rule: FacilityPolicy['first']['effective'], now: Date): Date {
  // Whole seconds: "from 10:00:00", never a fraction later than the moment it was decided.
  if (rule === 'immediate') return new Date(Math.floor(now.getTime() / 1000) * 1000);
  if (rule === 'nextDay') return startOfNextDay(now);
  return firstOfNextMonth(now);
}

/** Null when `now` is inside the online window; otherwise when it next opens. */
export function nextOpening(window: NonNullable<FacilityPolicy['change']['window']>, now: Date): Date | null {
  const t = inBeijing(now);
  const minutes = t.hour() * 60 + t.minute();
  const from = toMinutes(window.from);
  const to = toMinutes(window.to);
  const opensOn = (day: typeof t) => fromBeijing(day.startOf('day').add(from, 'minute'));
  if (t.date() >= window.fromDay && minutes >= from && minutes < to) return null;
  if (t.date() < window.fromDay) return opensOn(t.date(window.fromDay));
  if (minutes < from) return opensOn(t);
  if (t.date() === t.daysInMonth()) return opensOn(t.startOf('month').add(1, 'month').date(window.fromDay));
  return opensOn(t.add(1, 'day'));
}

/** Pending entries whose time has come are current: right at any T without a job at midnight. */
export function settle(state: FacilityState, now: Date): FacilityState {
  return {
    ...state,
    slots: state.slots.map((s) =>
      s.pending && Date.parse(s.pending.from) <= now.getTime()
        ? { slot: s.slot, current: s.pending, pending: null }
        : s,
    ),
  };
}

export function emptyState(policy: FacilityPolicy): FacilityState {
  return {
    slots: Array.from({ length: policy.slots }, (_, i) => ({ slot: i + 1, current: null, pending: null })),
    changesByMonth: {},
  };
}

export function decide(
  policy: FacilityPolicy,
  cityCode: string,
  raw: FacilityState,
  op: Op,
  candidate: Candidate,
  now: Date,
  slotAsked?: number,
): Decision {
  const state = settle(raw, now);
  const reasons: Reason[] = [];
  const next: Date[] = [];
  const occupied = (s: Slot) => !!(s.current || s.pending);

  let slot: Slot | undefined;
  if (op === 'select') {
    slot = slotAsked
      ? state.slots.find((s) => s.slot === slotAsked && !occupied(s))
      : state.slots.find((s) => !occupied(s));
    if (!slot) {
      reasons.push({
        code: 'SLOTS_FULL',
        message: `已选满 ${policy.slots} 家定点医疗机构。如需更换，请选择要替换的一家进行变更。`,
      });
    }
  } else {
    slot = state.slots.find((s) => s.slot === (slotAsked ?? 1));
    if (!slot || !occupied(slot)) {
      reasons.push({ code: 'NOTHING_TO_CHANGE', message: '这个位置还没有定点医疗机构，请直接选择。' });
    } else if (slot.pending && slot.current) {
      reasons.push({
        code: 'CHANGE_PENDING',
        message: `这个位置已有一项待生效的变更（${slot.pending.name}），可先撤回再重新变更。`,
      });
    }
  }
  const kind: Decision['kind'] = op === 'select' ? 'first' : 'change';

  if (candidate.cityCode !== cityCode) {
    reasons.push({ code: 'NOT_SELECTABLE', message: '这家机构不在您的参保地，不能选为定点。' });
  } else {
    const st = standing(policy, candidate);
    if (!st.selectable) reasons.push({ code: 'NOT_SELECTABLE', message: st.reason! });
  }
  const holder = state.slots.find((s) => s.current?.code === candidate.code || s.pending?.code === candidate.code);
  if (holder) reasons.push({ code: 'ALREADY_SELECTED', message: `您已选择了${candidate.name}，不能重复选择。` });

  if (policy.change.window) {
    const opening = nextOpening(policy.change.window, now);
    if (opening) {
      const w = policy.change.window;
      reasons.push({
        code: 'OUTSIDE_CHANGE_WINDOW',
        message: `网上办理时间为每月 ${w.fromDay} 日至月末、每天 ${w.from}–${w.to}，现在不在办理时间内。`,
      });
      next.push(opening);
    }
  }
  if (kind === 'change' && policy.change.perMonth !== null) {
    const used = state.changesByMonth[beijingMonth(now)] ?? 0;
    if (used >= policy.change.perMonth) {
      reasons.push({
        code: 'MONTHLY_CHANGE_USED',
        message: `本月已进行过 ${used} 次有效变更，每月限 ${policy.change.perMonth} 次。`,
      });
      next.push(firstOfNextMonth(now));
    }
  }

  const allowed = reasons.length === 0;
  const effective = effectiveFrom(kind === 'first' ? policy.first.effective : policy.change.effective, now);
  const nextPossible = next.length ? new Date(Math.max(...next.map((d) => d.getTime()))) : null;
  return {
    allowed,
    op,
    slot: slot?.slot ?? slotAsked ?? 1,
    kind,
    reasons,
    effectiveFrom: allowed ? toBeijingIso(effective) : null,
    nextPossibleAt: nextPossible ? toBeijingIso(nextPossible) : null,
  };
}

/** The state after an accepted decision. */
export function apply(
  policy: FacilityPolicy,
  raw: FacilityState,
  decision: Decision,
  candidate: Candidate,
  declarationId: string,
  now: Date,
): FacilityState {
  const state = settle(raw, now);
  const entry: Entry = { code: candidate.code, name: candidate.name, from: decision.effectiveFrom!, declarationId };
  const immediate = Date.parse(entry.from) <= now.getTime();
  const slots = state.slots.map((s) => {
    if (s.slot !== decision.slot) return s;
    if (immediate) return { slot: s.slot, current: entry, pending: null };
    return { slot: s.slot, current: s.current, pending: entry };
  });
  const month = beijingMonth(now);
  const changesByMonth =
    decision.kind === 'change' && policy.change.perMonth !== null
      ? { ...state.changesByMonth, [month]: (state.changesByMonth[month] ?? 0) + 1 }
      : state.changesByMonth;
  return { slots, changesByMonth };
}

/** Withdraws a pending entry; gives back the month's change only where the policy says so. */
export function withdraw(
  policy: FacilityPolicy,
  raw: FacilityState,
  declarationId: string,
  now: Date,
): { state: FacilityState; withdrawn: Entry } | null {
  const state = settle(raw, now);
  const slot = state.slots.find((s) => s.pending?.declarationId === declarationId);
  if (!slot?.pending) return null;
  const withdrawn = slot.pending;
  const wasChange = !!slot.current;
  const month = beijingMonth(now);
  const changesByMonth = { ...state.changesByMonth };
  if (wasChange && policy.change.withdrawRestores && changesByMonth[month]) changesByMonth[month] -= 1;
  return {
    state: {
      slots: state.slots.map((s) => (s === slot ? { slot: s.slot, current: s.current, pending: null } : s)),
      changesByMonth,
    },
    withdrawn,
  };
}
