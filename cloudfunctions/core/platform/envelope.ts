/** The one response shape of every function action: the client branches on `ok` and `code`, never on text. */
export type Ok<T> = { ok: true; data: T };
export type Failure = {
  ok: false;
  code: ErrorCode;
  message: string;
  fieldErrors?: Record<string, string[]>;
  /** When a refusal has a next possible time (ISO 8601 with +08:00). */
  nextPossibleAt?: string;
  /** Every reason at once (一次性告知), where there are several. */
  reasons?: Array<{ code: string; message: string }>;
};
export type Envelope<T> = Ok<T> | Failure;

/** Stable error codes. Clients branch on these, never on message text. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'FORGED_IDENTITY',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHENTICATED',
  'UNKNOWN_CITY',
  'NOT_FOUND',
  'NO_FIXED_TIME_LIMIT',
  'CONSENT_REQUIRED',
  'PROFILE_REQUIRED',
  'ID_REQUIRED',
  'ID_ALREADY_BOUND',
  'IDENTITY_UNVERIFIED',
  'MEMBER_NOT_AUTHORIZED',
  'FACE_NOT_SUPPORTED',
  'FACE_NOT_PASSED',
  'VERIFICATION_USED',
  'VERIFICATION_EXPIRED',
  'NOT_EMPLOYER',
  'SERVICE_UNAVAILABLE',
  'ALREADY_A_MEMBER',
  'MEMBER_LIMIT',
  'NOT_YOUR_MEMBER',
  'CONFLICT',
  'OUTSIDE_CHANGE_WINDOW',
  'MONTHLY_CHANGE_USED',
  'SLOTS_FULL',
  'NOT_SELECTABLE',
  'ALREADY_SELECTED',
  'CHANGE_PENDING',
  'NOTHING_TO_CHANGE',
  'NOT_OFFERED',
  'CANNOT_WITHDRAW',
  'NOT_ONLINE',
  'NOT_ELIGIBLE',
  'MATERIALS_MISSING',
  'OVERLAPPING_FILING',
  'INVALID_DATE',
  'CANCEL_NOT_ALLOWED_YET',
  'FILE_INVALID',
  'FILE_TOO_LARGE',
  'BATCH_HAS_ERRORS',
  'ALREADY_RATED',
  'NOT_YOUR_SERVICE',
  'REASON_REQUIRED',
  'CONTENT_REJECTED',
  'RATE_LIMITED',
  'WRONG_CITY',
  'GUARDIAN_LIMIT',
  'NOT_REVOCABLE',
  'NOT_STAFF',
  'NOT_CLAIMED',
  'ALREADY_CLAIMED',
  'CODE_USED',
  'CODE_EXPIRED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A refusal the domain explains to the person; the handler turns it into a Failure envelope. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Pick<Failure, 'fieldErrors' | 'nextPossibleAt' | 'reasons'> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/**
 * A rule's refusal: every reason, in order (the first one's code is the answer's code), and when the person
 * can next try, where there is such a time.
 */
export function refusal(
  reasons: Array<{ code: string; message: string }>,
  nextPossibleAt: string | null = null,
): DomainError {
  const text = reasons.map((r) => r.message).join('');
  const next = nextPossibleAt ? `最早可于 ${nextPossibleAt.slice(0, 10)} ${nextPossibleAt.slice(11, 16)} 再办理。` : '';
  return new DomainError(reasons[0].code as ErrorCode, `${text}${next}`, {
    reasons,
    ...(nextPossibleAt ? { nextPossibleAt } : {}),
  });
}

export const ok = <T>(data: T): Ok<T> => ({ ok: true, data });
