/** What the identity paths store: face-check sessions, window checks, ID bindings, guardians' declarations. */

/** An ID number's keyed hash (_id) → the one account that passed 人脸核身 or 窗口核验 for it. */
export interface IdentityDoc {
  _id: string;
  openid: string;
  verifiedAt?: Date;
}

/**
 * 实人认证 with WeChat 人脸核身 2.0. A session is made for one person's name + ID and one WeChat user, the
 * person's face is checked on the phone (wx.requestFacialVerify), and the result is read from WeChat here —
 * never taken from the client. A session is used once and expires with WeChat's (1 hour).
 */
export interface VerificationDoc {
  /** out_seq_no: our serial number for the session, unique per appid. */
  _id: string;
  verifyId: string;
  openid: string;
  /** 'self', or the id of the caller's family member being verified. */
  target: string;
  /**
   * Keyed hashes of the name and ID number the session was started for: it verifies exactly that person, and
   * confirming re-reads the person inside the transaction that marks them verified (a profile changed since,
   * even at the same moment, is refused).
   */
  nameHash: string;
  idHash: string;
  createdAt: Date;
  expiresAt: Date;
  /** invalid: WeChat answered 84001 (invalid identify id) — closed without a result. */
  state: 'pending' | 'passed' | 'failed' | 'invalid';
  verifyRet?: number;
}

/**
 * 窗口核验: for those WeChat's face check cannot verify (港澳台居民居住证, 外国人永久居留身份证) or whose face check
 * keeps failing. The person's own phone shows a one-time code (10 minutes); staff at a window of the person's
 * 参保地 scan or type it, see the name, ID type and masked number the person typed, check the physical document
 * and confirm. Never an ID typed by staff: the code comes from the person's own account, so what is verified is
 * exactly that account's profile, as with a face check.
 */
export interface WindowCheckDoc {
  /** The code: 8 digits. */
  _id: string;
  openid: string;
  nameHash: string;
  idHash: string;
  createdAt: Date;
  expiresAt: Date;
  state: 'pending' | 'confirmed';
  confirmedBy?: { staff: string; window: string; at: Date };
}

/** A minor (_id = the ID's keyed hash) → the family-member records that declared guardianship: at most two. */
export interface ChildDoc {
  _id: string;
  guardians: string[];
}
