/** A filing's status on a given Beijing date: pure, and imported by the contract (so by the pages) too. */

/** 已变更: ended because a change replaced it with a new filing (已撤销 is ended by the person). */
export type FilingStatus = '已备案' | '生效中' | '已过期' | '已撤销' | '已变更';

export function filingStatus(
  f: { validFrom: string; validUntil: string | null; cancelled: boolean; replaced?: boolean },
  today: string,
): FilingStatus {
  if (f.replaced) return '已变更';
  if (f.cancelled) return '已撤销';
  if (f.validUntil !== null && f.validUntil < today) return '已过期';
  return f.validFrom <= today ? '生效中' : '已备案';
}
