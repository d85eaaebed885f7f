import { LocalCloud } from '../helpers/localCloud';
import { CONSENT_VERSION, FACTS, member, profile, verifyFace } from '../helpers/people';

// The invariant of 实人认证 under concurrency: a verified profile (or a member authorized by face) is exactly the
// name + ID number its face check was started for, and only its own account holds the ID's binding — whatever
// the person's identity actions run at the same moment.
jest.setTimeout(300_000);
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await new LocalCloud().start();
});
afterAll(async () => {
  await cloud.stop();
  cloud.removeData();
});

/** The account's own ID number in round `n` (one ID number, one verified account: each round has its own). */
const own = (n: number) => 4000 + n;
const VICTIM = 3001;
const list = async (collection: string, where: Record<string, unknown>) =>
  (await cloud.call('probe', { action: 'list', collection, where })).data as any[];

/** Every verified profile and face-authorized member of `openid` matches a passed session for exactly them. */
async function expectInvariant(openid: string): Promise<void> {
  const sessions = await list('verifications', { openid, state: 'passed' });
  const verifiedFor = (target: string, person: any) =>
    sessions.some((s) => s.target === target && s.nameHash === person.name.hash && s.idHash === person.idNumber.hash);
  const [user] = await list('users', { _id: openid });
  if (user?.profile?.verifiedAt) {
    expect(verifiedFor('self', user.profile)).toBe(true);
    const [binding] = await list('identities', { _id: user.profile.idNumber.hash });
    expect(binding?.openid).toBe(openid);
  }
  for (const m of await list('members', { owner: openid })) {
    if (m.authorization?.by === 'face') expect(verifiedFor(m._id, m)).toBe(true);
  }
  // No binding of this account is to an ID its profile does not hold verified.
  for (const binding of await list('identities', { openid })) {
    expect(user?.profile?.verifiedAt && user.profile.idNumber.hash === binding._id).toBeTruthy();
  }
}

/** A session started and the face checked on the phone, not yet confirmed. */
async function faceChecked(openid: string, memberId?: string): Promise<string> {
  const start = await cloud.call(
    'user',
    { action: 'startVerification', ...(memberId ? { memberId } : {}) },
    { openid },
  );
  expect(start.ok).toBe(true);
  expect((await cloud.faceCheck(openid, start.data.verifyId)).errCode).toBe(0);
  return start.data.verifyId;
}

type Action = (openid: string, ctx: { verifyId: string; memberId?: string; memberVerifyId?: string }) => Promise<any>;
const call = (openid: string, event: Record<string, unknown>) => cloud.call('user', event, { openid });

/** The person's identity actions, each as the page sends it. */
const ACTIONS: Record<string, Action> = {
  confirm: (openid, { verifyId }) => call(openid, { action: 'confirmVerification', verifyId }),
  profileToVictim: (openid) => call(openid, profile(VICTIM, { ...FACTS.taiyuanRetired, name: '王五' })),
  renameSelf: (openid) => call(openid, profile(roundOf(openid), { ...FACTS.taiyuanRetired, name: '张三' })),
  sameProfile: (openid) => call(openid, profile(roundOf(openid), FACTS.taiyuanRetired)),
  verifyAgain: (openid) => verifyFace(cloud, openid).catch(() => null),
  deleteProfile: (openid) => call(openid, { action: 'deleteProfile', confirm: true }),
  confirmMember: (openid, { memberVerifyId }) =>
    memberVerifyId ? call(openid, { action: 'confirmVerification', verifyId: memberVerifyId }) : Promise.resolve(),
  removeMember: (openid, { memberId }) =>
    memberId ? call(openid, { action: 'removeMember', memberId }) : Promise.resolve(),
  addMember: (openid) => call(openid, member(3100, `race-add-${openid}`)),
};

let round = 0;
const roundOf = (openid: string) => own(Number(openid.split('-').pop()));
/**
 * An account with its own profile verified (so it may act for a member), a member added with a face-checked
 * session pending, and a second face-checked session of its own pending.
 */
async function setUp(): Promise<{ openid: string; verifyId: string; memberId: string; memberVerifyId: string }> {
  round += 1;
  const openid = `race-${round}`;
  await call(openid, { action: 'consent', version: CONSENT_VERSION });
  expect((await call(openid, profile(own(round), FACTS.taiyuanRetired))).ok).toBe(true);
  expect((await verifyFace(cloud, openid)).ok).toBe(true);
  const added = await call(openid, member(5000 + round, `race-member-${round}`));
  expect(added.ok).toBe(true);
  const memberId = added.data.member.id;
  const memberVerifyId = await faceChecked(openid, memberId);
  const verifyId = await faceChecked(openid);
  return { openid, verifyId, memberId, memberVerifyId };
}

describe('identity actions at the same moment', () => {
  it('the attack: confirming one’s own face check while the profile becomes someone else’s never verifies the victim', async () => {
    for (let i = 0; i < 8; i += 1) {
      round += 1;
      const openid = `race-attack-${i}`;
      await call(openid, { action: 'consent', version: CONSENT_VERSION });
      await call(openid, profile(own(round), FACTS.taiyuanRetired));
      const verifyId = await faceChecked(openid);
      await Promise.all([
        call(openid, { action: 'confirmVerification', verifyId }),
        call(openid, profile(VICTIM, { ...FACTS.taiyuanRetired, name: '王五' })),
      ]);
      await expectInvariant(openid);
      const [user] = await list('users', { _id: openid });
      if (user.profile.name.masked === '王*') expect(user.profile.verifiedAt).toBeNull();
      // Nothing can be done in the victim's name.
      const filed = await cloud.call('facility', { action: 'mine' }, { openid });
      if (user.profile.name.masked === '王*') expect(filed.code).toBe('IDENTITY_UNVERIFIED');
    }
  });

  const names = Object.keys(ACTIONS);
  const pairs = names.flatMap((a, i) => names.slice(i).map((b) => [a, b] as const));
  it(`every pair of ${names.length} identity actions, run together twice each (${pairs.length * 2} races), keeps it`, async () => {
    for (const [a, b] of [...pairs, ...pairs]) {
      const ctx = await setUp();
      await Promise.all([ACTIONS[a](ctx.openid, ctx), ACTIONS[b](ctx.openid, ctx)]);
      await expectInvariant(ctx.openid);
    }
  });
});
