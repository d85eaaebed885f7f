import { createHash, randomInt } from 'node:crypto';
import { maskIdNumber, maskMobile, maskName } from '../../miniprogram/utils/personal';
import { audit } from '../core/audit';
import { serviceItemView } from '../core/catalog/view';
import type { ServiceItem } from '../core/catalog/serviceItem';
import { getCloud, getDb, getIfExists, isDuplicateKey, isTransactionConflict, listOf, type Txn } from '../core/cloud';
import type { FilingResponses, FilingTypeView, FilingView } from '../core/contracts/filing';
import { filingRequest } from '../core/contracts/filing';
import { citiesOf, cityDivision, listProvinces } from '../core/divisions';
import { DomainError } from '../core/envelope';
import { type EmployerDoc, requireEmployer, unitActedBy } from '../core/employers';
import { type ActionContext, createHandler } from '../core/handler';
import { sendSubscribeMessage, templateId } from '../core/notify';
import { type ActedFor, type StoredPerson, resolveSubject, verifiedSelf } from '../core/people';
import { type Viewer, canSee, forWhomSeenBy, viewerOf, visibleRecords } from '../core/records';
import { type Sealed, seal } from '../core/personalData';
import { cityByCode } from '../core/policies';
import { qrMatrix } from '../core/qr';
import type { FilingPolicy } from '../core/policies/schema';
import { beijingDate, toBeijingIso } from '../core/rules/beijingTime';
import { type ExistingFiling, type FilingType, addDays, cancellableFrom, decideFiling, filingStatus, nationalNotes, recommend, validUntil } from '../core/rules/filing';

// The spreadsheet code (exceljs) is evaluated only when a 花名表 is handled, not on every cold start.
const batch = () => import('./batch.js');

interface FilingDoc extends ActedFor {
  personName: string;
  idNumber: string;
  typeCode: string;
  typeName: string;
  category: 'longTerm' | 'temporary';
  destination: { provinceCode: string; cityCode: string; name: string };
  scope: '跨省' | '省内';
  validFrom: string;
  validUntil: string | null;
  address: Sealed | null;
  contactPhone: Sealed | null;
  submittedAt: Date;
  cancelledAt: Date | null;
  subscribe: boolean;
  /** Subscribed to 备案即将到期 and not yet reminded: the reminder timer's work list. */
  remindPending: boolean;
  /** accepted: filed; rejected: refused at submission (shown as 未通过 with its reasons). */
  result: 'accepted' | 'rejected';
  reasons: Array<{ code: string; message: string }>;
  /** A change is a new filing linked to the one it replaces. */
  previousFilingId: string | null;
  replacedBy: string | null;
}

interface StateDoc {
  _id: string;
  filings: ExistingFiling[];
}

const CATEGORY_LABEL = { longTerm: '长期（异地安置、长期居住、常驻工作）', temporary: '临时外出（转诊、急诊、其他临时外出）' };

function filingPolicyOf(cityCode: string): { name: string; policy: FilingPolicy } {
  const city = cityByCode(cityCode);
  if (!city?.filing) throw new DomainError('NOT_OFFERED', `${city?.name ?? '该参保地'}暂未开通异地就医备案。可在办事指南中查看办理方式。`);
  return { name: city.name, policy: city.filing };
}

const coversText = (scope: string, covers?: string) => (covers ? `${scope} · ${covers}` : scope);

/** 2026年12月1日起至2027年5月31日有效 / 2026年12月1日起长期有效 */
function validityText(from: string | null, until: string | null): string {
  if (!from) return '';
  const words = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
  return until ? `${words(from)}起至${words(until)}有效` : `${words(from)}起长期有效，至撤销或变更为止`;
}

async function typeView(type: FilingType, policy: FilingPolicy): Promise<FilingTypeView> {
  const item = await getIfExists<ServiceItem>(getDb().collection('services').doc(type.serviceCode));
  const view = item ? serviceItemView(item) : null;
  return {
    typeCode: type.serviceCode,
    name: type.name,
    category: type.category,
    categoryLabel: CATEGORY_LABEL[type.category],
    online: type.online,
    offline: type.offline ?? null,
    crossProvinceOnly: type.crossProvinceOnly,
    requires: type.requires,
    channels: view?.channels ?? [],
    materials: view?.materials ?? [],
    timeLimitText: view?.timeLimit.text ?? '',
    // The catalogue item is the one home of what to do before or after (e.g. 太原's 卡环境检测).
    reminders: [...(view?.reminders ?? []), ...nationalNotes(policy, type)],
    supervisionPhone: view?.supervisionPhone ?? null,
    validityText: type.category === 'longTerm' ? '长期有效，至撤销或变更为止' : `自开始日期起 ${policy.temporaryValidityMonths} 个月内有效，期间可多次就医`,
    covers: type.covers ?? null,
  };
}

/** As whoever acted sees it, unless another viewer (the person it was made for) is given. */
function view(f: FilingDoc, policy: FilingPolicy, today: string, viewer: Viewer = { openid: f.owner, selfKey: '' }): FilingView {
  const status = f.result === 'rejected' ? '未通过' : filingStatus({ validFrom: f.validFrom, validUntil: f.validUntil, cancelled: !!f.cancelledAt }, today);
  const lock = cancellableFrom(policy, f);
  return {
    filingId: f._id,
    typeCode: f.typeCode,
    typeName: f.typeName,
    category: f.category,
    status,
    forWhom: forWhomSeenBy(f, viewer),
    personName: f.personName,
    idNumber: f.idNumber,
    insuredCity: { code: f.cityCode, name: cityByCode(f.cityCode)?.name ?? f.cityCode },
    destination: f.destination,
    scope: f.scope,
    covers: coversText(f.scope, policy.types.find((t) => t.serviceCode === f.typeCode)?.covers),
    validFrom: f.validFrom,
    validUntil: f.validUntil,
    // A refusal shows why and what to do, never a validity.
    validityText: f.result === 'rejected' ? '' : validityText(f.validFrom, f.validUntil),
    submittedAt: toBeijingIso(f.submittedAt),
    cancelledAt: f.cancelledAt ? toBeijingIso(f.cancelledAt) : null,
    canCancel: (status === '已备案' || status === '生效中') && (!lock || lock <= today),
    cancellableFrom: lock,
    reasons: f.reasons ?? [],
    previousFilingId: f.previousFilingId ?? null,
    replacedBy: f.replacedBy ?? null,
  };
}

/** Whose filing: the facts the rules need, how the person is named on records, and a phone on file. */
interface Who {
  person: StoredPerson;
  forWhom: string;
  /** How the record reads for the person when someone else acted ("由 子女 张*三 代办"). */
  actedBy: string | null;
  memberId: string | null;
  phoneOnFile: Sealed | null;
}

async function subjectFor(openid: string, memberId: string | undefined, now: Date): Promise<Who> {
  const subject = await resolveSubject(openid, memberId, now);
  // The contact phone on file is the caller's own: a member is reached through whoever acts for them.
  return { person: subject.person, forWhom: subject.forWhom, actedBy: subject.actedBy, memberId: subject.memberId, phoneOnFile: subject.caller.mobile };
}

function destinationOf(req: { destination: { provinceCode: string; cityCode: string } }) {
  const city = cityDivision(req.destination.cityCode);
  if (!city || city.provinceCode !== req.destination.provinceCode) {
    throw new DomainError('VALIDATION_FAILED', '就医地不正确', { fieldErrors: { destination: ['请从列表中选择就医地的省和市'] } });
  }
  return { provinceCode: city.provinceCode, cityCode: city.code, name: city.name };
}

/** A filing number people can read out: BA + Beijing date + 8 digits. */
function filingNumber(now: Date): string {
  return `BA${beijingDate(now).replace(/-/g, '')}${String(randomInt(0, 1e8)).padStart(8, '0')}`;
}

async function evaluate(
  req: { cityCode: string; typeCode: string; destination: { provinceCode: string; cityCode: string }; startDate: string; address?: string; contactPhone?: string; forMemberId?: string },
  ctx: ActionContext,
  /** A filing being changed: judged as if it were already replaced. */
  replacing?: string,
  /** Someone other than the caller or a member (an employer's staff, filed in batch). */
  given?: Who,
) {
  const who = given ?? (await subjectFor(ctx.caller.openid, req.forMemberId, ctx.now));
  const person = who.person;
  if (person.cityCode !== req.cityCode) {
    throw new DomainError('VALIDATION_FAILED', '参保地与资料不一致', { fieldErrors: { cityCode: [`${who.forWhom}的参保地是${cityByCode(person.cityCode)?.name ?? person.cityCode}，请按参保地办理`] } });
  }
  const { policy } = filingPolicyOf(req.cityCode);
  const destination = destinationOf(req);
  const phone = req.contactPhone ? req.contactPhone : who.phoneOnFile || replacing ? 'on-file' : undefined;
  const today = beijingDate(ctx.now);
  const state = await getIfExists<StateDoc>(getDb().collection('filing_states').doc(person.idNumber.hash));
  const decision = decideFiling(
    policy,
    { cityCode: person.cityCode, scheme: person.scheme, category: person.category },
    { serviceCode: req.typeCode, destinationCityCode: destination.cityCode, startDate: req.startDate, address: req.address, contactPhone: phone },
    (state?.filings ?? []).filter((f) => f.id !== replacing),
    today,
  );
  return { who, person, policy, destination, decision, today };
}

function refusal(reasons: Array<{ code: string; message: string }>): DomainError {
  return new DomainError(reasons[0].code as 'NOT_ONLINE', reasons.map((r) => r.message).join(''), { reasons });
}

type NewFiling = {
  cityCode: string;
  typeCode: string;
  destination: { provinceCode: string; cityCode: string };
  startDate: string;
  address?: string;
  contactPhone?: string;
  forMemberId?: string;
  requestId: string;
  subscribe: boolean;
};

/**
 * Files a new filing (submit), or replaces one with a new declaration linked to it (change). The checks run
 * twice: before, to answer at once, and inside one transaction over the person's filings, so concurrent
 * submits can't both pass. A refusal is recorded too (我的备案 shows it as 未通过) and a retry with the same
 * requestId gets the first answer.
 */
async function fileNew(req: NewFiling, ctx: ActionContext, replaces: FilingDoc | null, given?: Who): Promise<FilingResponses['submit']> {
  const db = getDb();
  const filings = db.collection('filings');
  const earlier = async () => (await listOf<FilingDoc>(filings.where({ owner: ctx.caller.openid, requestId: req.requestId }).limit(1)))[0];
  const answer = (f: FilingDoc) => {
    if (f.result === 'rejected') throw refusal(f.reasons);
    return { filingId: f._id, filing: view(f, filingPolicyOf(f.cityCode).policy, beijingDate(ctx.now)) };
  };
  const repeat = await earlier();
  if (repeat) return answer(repeat);

  const first = await evaluate(req, ctx, replaces?._id, given);
  const { who, person, policy, destination, today } = first;
  const type = first.decision.type;
  const base = {
    owner: ctx.caller.openid,
    requestId: req.requestId,
    subjectKey: person.idNumber.hash,
    memberId: who.memberId,
    forWhom: who.forWhom,
    actedBy: who.actedBy,
    personName: person.name.masked,
    idNumber: person.idNumber.masked,
    cityCode: person.cityCode,
    typeCode: req.typeCode,
    typeName: type?.name ?? req.typeCode,
    category: type?.category ?? 'temporary',
    destination,
    scope: first.decision.scope,
    validFrom: req.startDate,
    submittedAt: ctx.now,
    cancelledAt: null,
    subscribe: req.subscribe,
    previousFilingId: replaces?._id ?? null,
    replacedBy: null,
  } as const;

  const id = filingNumber(ctx.now);
  /** Records the refusal (未通过), unless a concurrent retry of the same request already answered. */
  const reject = async (reasons: Array<{ code: string; message: string }>) => {
    const rejected: Omit<FilingDoc, '_id'> = {
      ...base, result: 'rejected', reasons, validUntil: null, address: null, contactPhone: null, remindPending: false,
    };
    try {
      await filings.doc(filingNumber(ctx.now)).set({ data: rejected });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const firstOne = await earlier();
      if (firstOne) return answer(firstOne);
    }
    throw refusal(reasons);
  };
  // A request naming no type of the city is malformed, not a decision: nothing is recorded for it.
  if (!type) throw refusal(first.decision.reasons);
  if (!first.decision.allowed) return reject(first.decision.reasons);

  const doc: Omit<FilingDoc, '_id'> = {
    ...base,
    typeName: type!.name,
    category: type!.category,
    result: 'accepted',
    reasons: [],
    validUntil: type!.category === 'temporary' ? validUntil(req.startDate, policy.temporaryValidityMonths) : null,
    address: req.address ? seal('address', req.address, (a) => `${a.slice(0, 6)}…`) : replaces?.address ?? null,
    contactPhone: req.contactPhone ? seal('mobile', req.contactPhone, maskMobile) : replaces?.contactPhone ?? who.phoneOnFile,
    remindPending: req.subscribe && type!.category === 'temporary',
  };
  try {
    await db.runTransaction(async (t: Txn) => {
      const stateRef = t.collection('filing_states').doc(person.idNumber.hash);
      const state = await getIfExists<StateDoc>(stateRef);
      let existing = state?.filings ?? [];
      if (replaces) {
        const oldRef = t.collection('filings').doc(replaces._id);
        const old = await getIfExists<FilingDoc>(oldRef);
        if (!old || old.cancelledAt) throw new DomainError('CANNOT_WITHDRAW', '原备案已撤销或已变更，不能再变更。请刷新“我的备案”。');
        const lock = cancellableFrom(policy, old);
        if (lock && lock > today) {
          throw new DomainError('CANCEL_NOT_ALLOWED_YET', `长期备案在开始后 ${policy.longTermLockMonths} 个月内不能变更，${lock} 起可以变更。`, { nextPossibleAt: `${lock}T00:00:00+08:00` });
        }
        existing = existing.map((f) => (f.id === old._id ? { ...f, cancelled: true } : f));
        await oldRef.update({ data: { cancelledAt: ctx.now, replacedBy: id, remindPending: false } });
      }
      const again = decideFiling(
        policy,
        { cityCode: person.cityCode, scheme: person.scheme, category: person.category },
        { serviceCode: req.typeCode, destinationCityCode: destination.cityCode, startDate: req.startDate, address: doc.address ? 'given' : undefined, contactPhone: doc.contactPhone ? 'given' : undefined },
        existing,
        today,
      );
      if (!again.allowed) throw refusal(again.reasons);
      const summary: ExistingFiling = { id, typeName: doc.typeName, category: doc.category, validFrom: doc.validFrom, validUntil: doc.validUntil, destinationName: destination.name, cancelled: false };
      await stateRef.set({ data: { filings: [...existing, summary] } });
      await t.collection('filings').doc(id).set({ data: doc });
      await audit({ action: 'filing.submit', actor: ctx.caller.openid, subject: who.memberId ?? (given ? `batch:${person.idNumber.hash}` : 'self'), fields: ['address', 'contactPhone'], at: ctx.now }, t);
    }, 12);
  } catch (error) {
    if (isDuplicateKey(error)) {
      const firstOne = await earlier();
      if (firstOne) return answer(firstOne);
    }
    // Lost a race to an overlapping filing: a refusal like any other.
    if (error instanceof DomainError && error.extra.reasons) return reject(error.extra.reasons);
    if (isTransactionConflict(error)) {
      // Still contended after the retries: decide on the settled state; a refusal is the honest answer.
      const settled = await evaluate(req, ctx, replaces?._id, given);
      if (!settled.decision.allowed) return reject(settled.decision.reasons);
      throw new DomainError('CONFLICT', '同一时间有其他备案正在处理，请稍后再提交一次（不会重复备案）。');
    }
    throw error;
  }
  return { filingId: id, filing: view({ ...doc, _id: id }, policy, today) };
}

/**
 * Timer: 备案即将到期, N days (policy) before a subscribed temporary filing ends. Each filing is claimed before
 * it is sent, so a late run still sends, and a second run (or two at once) sends nothing twice.
 */
async function remindExpiring({ now }: ActionContext) {
  const db = getDb();
  const template = templateId('filingExpiring');
  const today = beijingDate(now);
  const horizon = addDays(today, 30);
  const due = await listOf<FilingDoc>(
    db.collection('filings').where({ remindPending: true, validUntil: db.command.gte(today).and(db.command.lte(horizon)) }).limit(200),
  );
  let sent = 0;
  for (const f of due) {
    const { policy } = filingPolicyOf(f.cityCode);
    if (!f.validUntil || addDays(f.validUntil, -policy.expiryReminderDays) > today || f.cancelledAt) continue;
    const claimed = (await db.collection('filings').where({ _id: f._id, remindPending: true }).update({ data: { remindPending: false } })) as { stats?: { updated: number } };
    if (!claimed.stats?.updated || !template) continue;
    const ok = await sendSubscribeMessage({
      touser: f.owner,
      templateId: template,
      page: `pages/filing-certificate/index?filingId=${f._id}`,
      data: {
        thing1: { value: `${f.forWhom}·${f.typeName}`.slice(0, 20) },
        date2: { value: f.validUntil },
        thing3: { value: '备案即将到期，如仍需就医请及时续办' },
      },
    });
    if (ok) sent += 1;
  }
  return { due: due.length, sent };
}

/** A 花名表 holds names, ID and mobile numbers in the clear: it leaves storage as soon as it is processed. */
const ROSTER_KEEP_MS = 60 * 60_000;
const rosterId = (fileID: string) => createHash('sha256').update(fileID).digest('hex').slice(0, 32);

async function deleteRoster(fileID: string, actor: string, now: Date): Promise<void> {
  try {
    await getCloud().deleteFile({ fileList: [fileID] });
  } catch {
    return; // left for the timer to try again
  }
  await getDb().collection('rosters').doc(rosterId(fileID)).remove();
  await audit({ action: 'roster.delete', actor, subject: 'roster', fields: ['name', 'idNumber', 'contactPhone'], at: now });
}

/** Timer: remove rosters uploaded more than an hour ago that nobody submitted. */
async function purgeRosters({ now }: ActionContext) {
  const _ = getDb().command;
  const stale = await listOf<{ fileID: string }>(getDb().collection('rosters').where({ uploadedAt: _.lt(new Date(now.getTime() - ROSTER_KEEP_MS)) }).limit(100));
  for (const r of stale) await deleteRoster(r.fileID, 'timer', now);
  return { removed: stale.length };
}

/** The 花名表 from cloud storage, checked: good rows ready to file (as people), and every problem by row. */
async function roster(employer: EmployerDoc, fileID: string, ctx: ActionContext) {
  const { cityCode } = employer;
  const { name, policy } = filingPolicyOf(cityCode);
  // Known from now on, so the timer removes it even if nobody comes back to submit it.
  await getDb().collection('rosters').doc(rosterId(fileID)).set({ data: { fileID, owner: ctx.caller.openid, uploadedAt: ctx.now } });
  let bytes: Buffer;
  try {
    bytes = (await getCloud().downloadFile({ fileID })).fileContent as Buffer;
  } catch {
    throw new DomainError('FILE_INVALID', '没有读到上传的文件，请重新选择文件上传。');
  }
  const { MAX_FILE_BYTES, readRoster } = await batch();
  if (bytes.length > MAX_FILE_BYTES) throw new DomainError('FILE_TOO_LARGE', '文件超过 2 MB。请删去多余的工作表或图片，或分成几个文件上传。');
  let read: Awaited<ReturnType<typeof readRoster>>;
  try {
    read = await readRoster(bytes, policy);
  } catch (error) {
    throw new DomainError('FILE_INVALID', (error as Error).message);
  }
  const today = beijingDate(ctx.now);
  const people = read.rows.map((row) => {
    const person: StoredPerson = {
      name: seal('name', row.name, maskName),
      idType: row.idType,
      idNumber: seal('idNumber', row.idNumber, maskIdNumber),
      cityCode,
      scheme: 'employee',
      category: row.category,
    };
    const who: Who = { person, forWhom: `单位代办 ${person.name.masked}`, actedBy: unitActedBy(employer), memberId: null, phoneOnFile: seal('mobile', row.contactPhone, maskMobile) };
    const request: NewFiling = {
      cityCode,
      typeCode: row.typeCode,
      destination: { provinceCode: row.destination.provinceCode, cityCode: row.destination.cityCode },
      startDate: row.startDate,
      ...(row.address ? { address: row.address } : {}),
      // One filing per person, type, place and date, whoever uploads the file and however often.
      requestId: `batch-${createHash('sha256').update([cityCode, person.idNumber.hash, row.typeCode, row.destination.cityCode, row.startDate].join('|')).digest('hex').slice(0, 40)}`,
      subscribe: false,
    };
    return { row, who, request };
  });
  // The rules too, row by row, against each person's existing filings: everything reported before filing.
  const problems = [...read.problems];
  const ready: typeof people = [];
  for (const p of people) {
    const state = await getIfExists<StateDoc>(getDb().collection('filing_states').doc(p.who.person.idNumber.hash));
    const decision = decideFiling(
      policy,
      { cityCode, scheme: 'employee', category: p.row.category },
      { serviceCode: p.request.typeCode, destinationCityCode: p.request.destination.cityCode, startDate: p.request.startDate, address: p.request.address, contactPhone: 'given' },
      (state?.filings ?? []).filter((f) => !f.cancelled),
      today,
    );
    const already = (state?.filings ?? []).some((f) => !f.cancelled && f.validFrom === p.request.startDate && f.typeName === decision.type?.name);
    if (decision.allowed || already) ready.push(p);
    else problems.push({ row: p.row.row, problems: decision.reasons.map((r) => r.message) });
  }
  problems.sort((a, b) => a.row - b.row);
  return { cityName: name, policy, ready, problems, total: read.rows.length + read.problems.length };
}

/** 单位批量办理: every good row filed in the person's name, the unit recorded as 代办方. */
async function submitRoster(employer: EmployerDoc, req: { fileID: string; onlyGoodRows: boolean }, ctx: ActionContext): Promise<FilingResponses['batchSubmit']> {
  const r = await roster(employer, req.fileID, ctx);
  if (r.problems.length && !req.onlyGoodRows) {
    throw new DomainError('BATCH_HAS_ERRORS', `花名表有 ${r.problems.length} 行需要修改，未办理任何一行。请修改后重新上传，或选择“只办理无误的行”。`, {
      reasons: r.problems.map((p) => ({ code: `ROW_${p.row}`, message: `第 ${p.row} 行：${p.problems.join('；')}` })),
    });
  }
  let filed = 0;
  let alreadyFiled = 0;
  const refused: Array<{ row: number; problems: string[] }> = [];
  for (const p of r.ready) {
    const before = await listOf<{ _id: string }>(getDb().collection('filings').where({ owner: ctx.caller.openid, requestId: p.request.requestId }).limit(1));
    if (before.length) {
      alreadyFiled += 1;
      continue;
    }
    try {
      await fileNew(p.request, ctx, null, p.who);
      filed += 1;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refused.push({ row: p.row.row, problems: [error.message] });
    }
  }
  return { filed, alreadyFiled, refused, skippedBadRows: r.problems.length };
}

export const main = createHandler({
  schema: filingRequest,
  publicActions: ['provinces', 'cities', 'types'],
  timers: { remindExpiring, purgeRosters },
  actions: {
    async provinces(): Promise<FilingResponses['provinces']> {
      return { provinces: listProvinces() };
    },

    async cities(req): Promise<FilingResponses['cities']> {
      return { cities: citiesOf(req.provinceCode) };
    },

    async types(req): Promise<FilingResponses['types']> {
      const { policy } = filingPolicyOf(req.cityCode);
      return { types: await Promise.all(policy.types.map((t) => typeView(t, policy))) };
    },

    async recommend(req, ctx): Promise<FilingResponses['recommend']> {
      const who = await subjectFor(ctx.caller.openid, req.forMemberId, ctx.now);
      const person = who.person;
      const { policy } = filingPolicyOf(person.cityCode);
      const destination = destinationOf(req);
      const r = recommend(policy, { cityCode: person.cityCode, scheme: person.scheme, category: person.category }, req.reason, destination.cityCode);
      return { type: r.type ? await typeView(r.type, policy) : null, eligible: r.eligible, scope: r.scope, why: r.note, notes: r.notes };
    },

    async preview(req, ctx): Promise<FilingResponses['preview']> {
      const { changeOf, ...fields } = req;
      const { who, decision } = await evaluate(fields, ctx, changeOf);
      const phone = req.contactPhone ? maskMobile(req.contactPhone) : who.phoneOnFile?.masked ?? null;
      return {
        allowed: decision.allowed,
        typeName: decision.type?.name ?? '',
        scope: decision.scope,
        validFrom: decision.validFrom,
        validUntil: decision.validUntil,
        validityText: validityText(decision.validFrom, decision.validUntil),
        covers: coversText(decision.scope, decision.type?.covers),
        reasons: decision.reasons,
        missing: decision.missing,
        forWhom: who.forWhom,
        contactPhone: phone,
      };
    },

    submit: (req, ctx) => fileNew(req, ctx, null),

    async change(req, ctx): Promise<FilingResponses['change']> {
      await verifiedSelf(ctx.caller.openid);
      const old = await getIfExists<FilingDoc>(getDb().collection('filings').doc(req.filingId));
      // Changing is filing anew in the same name: only whoever made the filing does it (the person can cancel).
      if (!old || old.owner !== ctx.caller.openid || old.result === 'rejected') throw new DomainError('NOT_FOUND', '没有找到这条备案。请在“我的备案”中查看。');
      if (old.cancelledAt) throw new DomainError('CANNOT_WITHDRAW', '原备案已撤销或已变更，不能再变更。请刷新“我的备案”。');
      const changed = {
        cityCode: old.cityCode,
        typeCode: old.typeCode,
        destination: req.destination ?? { provinceCode: old.destination.provinceCode, cityCode: old.destination.cityCode },
        startDate: req.startDate ?? old.validFrom,
        ...(req.address ? { address: req.address } : {}),
        ...(req.contactPhone ? { contactPhone: req.contactPhone } : {}),
        ...(old.memberId ? { forMemberId: old.memberId } : {}),
        requestId: req.requestId,
        subscribe: old.subscribe,
      };
      return fileNew(changed, ctx, old);
    },

    async batchTemplate(req): Promise<FilingResponses['batchTemplate']> {
      const { name, policy } = filingPolicyOf(req.cityCode);
      const { template } = await batch();
      return { fileName: `${name}异地就医登记备案花名表.xlsx`, base64: (await template(policy, name)).toString('base64') };
    },

    async batchPreview(req, ctx): Promise<FilingResponses['batchPreview']> {
      const r = await roster(await requireEmployer(ctx.caller.openid, req.cityCode), req.fileID, ctx);
      return {
        total: r.total,
        good: r.ready.length,
        problems: r.problems,
        rows: r.ready.slice(0, 50).map((p: (typeof r.ready)[number]) => {
          const type = r.policy.types.find((t) => t.serviceCode === p.request.typeCode)!;
          const until = type.category === 'temporary' ? validUntil(p.request.startDate, r.policy.temporaryValidityMonths) : null;
          return {
            row: p.row.row,
            name: p.who.person.name.masked,
            idNumber: p.who.person.idNumber.masked,
            typeName: type.name,
            destination: p.row.destination.name,
            validityText: validityText(p.request.startDate, until),
          };
        }),
      };
    },

    async batchSubmit(req, ctx): Promise<FilingResponses['batchSubmit']> {
      // Checked before anything: only a registered 经办人's submit deletes the file it names.
      const employer = await requireEmployer(ctx.caller.openid, req.cityCode);
      try {
        return await submitRoster(employer, req, ctx);
      } finally {
        await deleteRoster(req.fileID, ctx.caller.openid, ctx.now);
      }
    },

    async mine(req, ctx): Promise<FilingResponses['mine']> {
      const viewer = await viewerOf(ctx.caller.openid);
      const { rows, total, nextCursor } = await visibleRecords<FilingDoc>('filings', viewer, { ...req, memberId: req.forMemberId });
      const today = beijingDate(ctx.now);
      return { filings: rows.map((f) => view(f, filingPolicyOf(f.cityCode).policy, today, viewer)), total, nextCursor };
    },

    async detail(req, ctx): Promise<FilingResponses['detail']> {
      const viewer = await viewerOf(ctx.caller.openid);
      const f = await getIfExists<FilingDoc>(getDb().collection('filings').doc(req.filingId));
      if (!f || !canSee(f, viewer)) throw new DomainError('NOT_FOUND', '没有找到这条备案。请在“我的备案”中查看。');
      return { filing: view(f, filingPolicyOf(f.cityCode).policy, beijingDate(ctx.now), viewer), qr: qrMatrix(f._id) };
    },

    async cancel(req, ctx): Promise<FilingResponses['cancel']> {
      const db = getDb();
      const viewer = await viewerOf(ctx.caller.openid);
      const today = beijingDate(ctx.now);
      const doc = await db.runTransaction(async (t: Txn) => {
        const ref = t.collection('filings').doc(req.filingId);
        const f = await getIfExists<FilingDoc>(ref);
        if (!f || !canSee(f, viewer)) throw new DomainError('NOT_FOUND', '没有找到这条备案。请在“我的备案”中查看。');
        if (f.cancelledAt) return f;
        if (f.result === 'rejected') throw new DomainError('CANNOT_WITHDRAW', '这条备案未通过，无需撤销。');
        const { policy } = filingPolicyOf(f.cityCode);
        const status = filingStatus({ validFrom: f.validFrom, validUntil: f.validUntil, cancelled: false }, today);
        if (status === '已过期') throw new DomainError('CANNOT_WITHDRAW', '这条备案已过期，无需撤销。');
        const lock = cancellableFrom(policy, f);
        if (lock && lock > today) {
          throw new DomainError('CANCEL_NOT_ALLOWED_YET', `长期备案在开始后 ${policy.longTermLockMonths} 个月内不能撤销，${lock} 起可以撤销。`, { nextPossibleAt: `${lock}T00:00:00+08:00` });
        }
        const stateRef = t.collection('filing_states').doc(f.subjectKey);
        const state = await getIfExists<StateDoc>(stateRef);
        const filings = (state?.filings ?? []).map((s) => (s.id === f._id ? { ...s, cancelled: true } : s));
        await stateRef.set({ data: { filings } });
        await ref.update({ data: { cancelledAt: ctx.now, remindPending: false } });
        return { ...f, cancelledAt: ctx.now, remindPending: false };
      }, 12);
      return { filing: view(doc, filingPolicyOf(doc.cityCode).policy, today, viewer) };
    },
  },
});
