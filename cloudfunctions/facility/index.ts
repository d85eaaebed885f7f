import { randomBytes } from 'node:crypto';
import { getDb, getIfExists, listOf, type Txn, isDuplicateKey, isTransactionConflict } from '../core/cloud';
import type { DeclarationView, FacilityResponses, InstitutionSummary, SlotView } from '../core/contracts/facility';
import { facilityRequest } from '../core/contracts/facility';
import { DomainError } from '../core/envelope';
import { type InstitutionDoc, TYPE_LABELS } from '../core/facility/institution';
import { type KeywordQuery, fold, keywordQuery } from '../core/facility/searchTokens';
import { type ActionContext, createHandler } from '../core/handler';
import { sendSubscribeMessage, templateId } from '../core/notify';
import { type ActedFor, resolveSubject } from '../core/people';
import { type Viewer, canSee, forWhomSeenBy, viewerOf, visibleRecords } from '../core/records';
import { cityByCode } from '../core/policies';
import type { CityPolicy, FacilityPolicy, SelectionKind } from '../core/policies/schema';
import { toBeijingIso } from '../core/rules/beijingTime';
import { type Candidate, type Decision, type FacilityState, type Op, apply, decide, emptyState, settle, withdraw } from '../core/rules/facility';
import { escapeRegExp } from '../core/text';

interface DeclarationDoc extends ActedFor {
  kind: SelectionKind;
  op: Op;
  slot: number;
  institution: { code: string; name: string };
  previous: { code: string; name: string } | null;
  result: 'accepted' | 'rejected' | 'withdrawn';
  reasons: Decision['reasons'];
  effectiveFrom: Date | null;
  submittedAt: Date;
  withdrawnAt: Date | null;
  /** Subscribed to the 变更生效提醒 and not yet sent. */
  notifyPending: boolean;
  /** For a refusal: when it can next be done (ISO, +08:00), so a replay answers exactly as the first call. */
  nextPossibleAt?: string | null;
}

interface StateDoc extends FacilityState {
  _id: string;
  cityCode: string;
  kind: SelectionKind;
}

const newId = () => randomBytes(12).toString('hex');

function facilityOf(cityCode: string): { city: CityPolicy; policy: FacilityPolicy } {
  const city = cityByCode(cityCode);
  if (!city?.facility) {
    throw new DomainError('NOT_OFFERED', `${city?.name ?? '该参保地'}暂未开通定点医疗机构选点。可在办事指南中查看办理方式。`);
  }
  return { city, policy: city.facility };
}

function summary(doc: InstitutionDoc, policy: FacilityPolicy | undefined, distance?: number): InstitutionSummary {
  return {
    code: doc.code,
    name: doc.name,
    type: doc.type,
    typeLabel: TYPE_LABELS[doc.type],
    district: doc.district,
    town: doc.town,
    address: doc.address,
    sample: doc.sample,
    distanceMeters: distance === undefined ? null : Math.round(distance),
    selectable: !!policy?.selectableTypes.includes(doc.type),
    noSelectionNeeded: !!policy?.noSelectionTypes.includes(doc.type),
  };
}

async function institution(code: string): Promise<InstitutionDoc> {
  const doc = await getIfExists<InstitutionDoc>(getDb().collection('institutions').doc(code));
  if (!doc) throw new DomainError('NOT_FOUND', '没有找到这家机构，可能已调整。请重新搜索。');
  return doc;
}

/** Whose selection, and the facts the rules need: the caller's own, or a family member's. */
async function subjectFor(openid: string, memberId: string | undefined, now: Date) {
  const subject = await resolveSubject(openid, memberId, now);
  const { city, policy } = facilityOf(subject.person.cityCode);
  if (policy.scheme !== 'any' && policy.scheme !== subject.person.scheme) {
    throw new DomainError('NOT_OFFERED', `${city.name}的在线选点/变更面向${policy.scheme === 'employee' ? '职工医保' : '城乡居民医保'}参保人。其他人员请到医保窗口办理。`);
  }
  return { subjectKey: subject.person.idNumber.hash, memberId: subject.memberId, forWhom: subject.forWhom, actedBy: subject.actedBy, city, policy };
}

const iso = (d: Date | null) => (d ? toBeijingIso(d) : null);

/** As whoever acted sees it, unless another viewer (the person it was made for) is given. */
function declarationView(d: DeclarationDoc, now: Date, viewer: Viewer = { openid: d.owner, selfKey: '' }): DeclarationView {
  const kindName = cityByCode(d.cityCode)?.facility?.kinds.find((k) => k.id === d.kind)?.name ?? d.kind;
  const pending = d.result === 'accepted' && !!d.effectiveFrom && d.effectiveFrom.getTime() > now.getTime();
  const status = d.result === 'rejected' ? '未通过' : d.result === 'withdrawn' ? '已撤回' : pending ? '受理' : '生效';
  return {
    id: d._id,
    op: d.op,
    kind: d.kind,
    kindName,
    slot: d.slot,
    institution: d.institution,
    previous: d.previous,
    status,
    effectiveFrom: iso(d.effectiveFrom),
    submittedAt: toBeijingIso(d.submittedAt),
    withdrawnAt: iso(d.withdrawnAt),
    reasons: d.reasons,
    forWhom: forWhomSeenBy(d, viewer),
    canWithdraw: pending,
  };
}

function refusal(reasons: Decision['reasons'], nextPossibleAt: string | null): DomainError {
  const text = reasons.map((r) => r.message).join('');
  const next = nextPossibleAt ? `最早可于 ${nextPossibleAt.slice(0, 10)} ${nextPossibleAt.slice(11, 16)} 再办理。` : '';
  return new DomainError(reasons[0].code, `${text}${next}`, { reasons, ...(nextPossibleAt ? { nextPossibleAt } : {}) });
}

function previewSummary(d: Decision, now: Date): string {
  if (!d.allowed) return '';
  if (Date.parse(d.effectiveFrom!) <= now.getTime()) return '提交后立即生效。';
  return `提交后待生效，${d.effectiveFrom!.slice(0, 10)} 起生效；在此之前仍按原定点就医。`;
}

/** select and change: one transaction over the person's state, so concurrent submits cannot both win. */
async function submit(op: Op, req: { kind: SelectionKind; code: string; slot?: number; memberId?: string; requestId: string; subscribe: boolean }, ctx: ActionContext) {
  const db = getDb();
  const declarations = db.collection('facility_declarations');
  const earlier = async () => (await listOf<DeclarationDoc>(declarations.where({ owner: ctx.caller.openid, requestId: req.requestId }).limit(1)))[0];
  const repeat = await earlier();
  if (repeat) return repeatResult(repeat, ctx.now);

  const who = await subjectFor(ctx.caller.openid, req.memberId, ctx.now);
  const kind = who.policy.kinds.find((k) => k.id === req.kind);
  if (!kind) throw new DomainError('NOT_OFFERED', '本市没有这类选点。');
  if (!kind.online) throw new DomainError('NOT_OFFERED', kind.offlineNote ?? `${kind.name}选点请到窗口办理。`);
  const inst = await institution(req.code);
  const candidate: Candidate = { code: inst.code, name: inst.name, type: inst.type, cityCode: inst.cityCode };
  const stateId = `${who.subjectKey}:${req.kind}`;
  const base = {
    owner: ctx.caller.openid,
    requestId: req.requestId,
    subjectKey: who.subjectKey,
    memberId: who.memberId,
    forWhom: who.forWhom,
    actedBy: who.actedBy,
    cityCode: who.city.code,
    kind: req.kind,
    op,
    institution: { code: inst.code, name: inst.name },
    submittedAt: ctx.now,
    withdrawnAt: null,
  };

  let outcome: { decision: Decision; doc?: DeclarationDoc };
  try {
    outcome = await db.runTransaction(async (t: Txn) => {
      const ref = t.collection('facility_states').doc(stateId);
      const state = (await getIfExists<StateDoc>(ref)) ?? { ...emptyState(who.policy), _id: stateId, cityCode: who.city.code, kind: req.kind };
      const decision = decide(who.policy, who.city.code, state, op, candidate, ctx.now, req.slot);
      if (!decision.allowed) return { decision };
      const id = newId();
      const slotBefore = settle(state, ctx.now).slots.find((s) => s.slot === decision.slot);
      const previous = slotBefore?.pending ?? slotBefore?.current ?? null;
      const next = apply(who.policy, state, decision, candidate, id, ctx.now);
      const effectiveFrom = new Date(decision.effectiveFrom!);
      const doc: DeclarationDoc = {
        ...base,
        _id: id,
        slot: decision.slot,
        previous: previous ? { code: previous.code, name: previous.name } : null,
        result: 'accepted',
        reasons: [],
        effectiveFrom,
        notifyPending: req.subscribe,
      };
      await ref.set({ data: { cityCode: who.city.code, kind: req.kind, slots: next.slots, changesByMonth: next.changesByMonth } });
      const { _id, ...fields } = doc;
      await t.collection('facility_declarations').doc(_id).set({ data: fields });
      return { decision, doc };
    }, 12);
  } catch (error) {
    if (isDuplicateKey(error)) {
      const first = await earlier();
      if (first) return repeatResult(first, ctx.now);
    }
    if (!isTransactionConflict(error)) throw error;
    // Still contended after retries: decide again on the settled state; a refusal is the honest answer.
    const state = (await getIfExists<StateDoc>(db.collection('facility_states').doc(stateId))) ?? emptyState(who.policy);
    const decision = decide(who.policy, who.city.code, state, op, candidate, ctx.now, req.slot);
    if (decision.allowed) throw new DomainError('CONFLICT', '同一时间有其他申报正在处理，请稍后再提交一次（不会重复办理）。');
    outcome = { decision };
  }

  if (!outcome.doc) {
    // A refusal is recorded too (申报信息状态查询 shows it as 未通过), and a retry gets the same answer.
    const rejected: DeclarationDoc = {
      ...base,
      _id: newId(),
      slot: outcome.decision.slot,
      previous: null,
      result: 'rejected',
      reasons: outcome.decision.reasons,
      nextPossibleAt: outcome.decision.nextPossibleAt,
      effectiveFrom: null,
      notifyPending: false,
    };
    try {
      const { _id, ...fields } = rejected;
      await declarations.doc(_id).set({ data: fields });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const first = await earlier();
      if (first) return repeatResult(first, ctx.now);
    }
    throw refusal(outcome.decision.reasons, outcome.decision.nextPossibleAt);
  }
  return { declaration: declarationView(outcome.doc, ctx.now) };
}

function repeatResult(d: DeclarationDoc, now: Date) {
  if (d.result === 'rejected') throw refusal(d.reasons, d.nextPossibleAt ?? null);
  return { declaration: declarationView(d, now) };
}

/** Timer: send 变更生效提醒 for subscribed declarations that have taken effect. Late or repeated runs send once. */
async function notifyEffective({ now }: ActionContext) {
  const db = getDb();
  const template = templateId('facilityEffective');
  const due = await listOf<DeclarationDoc>(
    db.collection('facility_declarations').where({ notifyPending: true, effectiveFrom: db.command.lte(now) }).limit(100),
  );
  let sent = 0;
  for (const d of due) {
    // Claim it first: a second run at the same moment finds nothing to claim.
    const claimed = (await db.collection('facility_declarations').where({ _id: d._id, notifyPending: true }).update({ data: { notifyPending: false } })) as { stats?: { updated: number } };
    if (!claimed.stats?.updated || !template || d.result !== 'accepted') continue;
    const ok = await sendSubscribeMessage({
      touser: d.owner,
      templateId: template,
      page: 'pages/facility-mine/index',
      data: {
        thing1: { value: d.institution.name.slice(0, 20) },
        time2: { value: toBeijingIso(d.effectiveFrom!).slice(0, 16).replace('T', ' ') },
        thing3: { value: `${d.forWhom}的定点变更已生效`.slice(0, 20) },
      },
    });
    if (ok) sent += 1;
  }
  return { due: due.length, sent };
}

type Found = InstitutionDoc & { distance?: number };

/** The keyword's conditions: every token (one equality, or `$all`), and the exact check a long keyword needs. */
function keywordWhere(base: Record<string, unknown>, keyword: KeywordQuery, extraTokens: string[] = []): Record<string, unknown> {
  const _ = getDb().command;
  const tokens = [...keyword.tokens, ...extraTokens];
  const where = { ...base, tokens: tokens.length === 1 ? tokens[0] : _.all(tokens) };
  if (!keyword.verify) return where;
  const pattern = getDb().RegExp({ regexp: escapeRegExp(keyword.verify), options: '' });
  return _.and([where, _.or([{ search: pattern }, { spell: pattern }])]) as unknown as Record<string, unknown>;
}

/** No keyword, or nearest first: one indexed query (geoNear from the point outward, or the 镇街/code order). */
async function plainPage(base: Record<string, unknown>, keyword: KeywordQuery | null, req: { near?: { latitude: number; longitude: number }; offset: number; limit: number }) {
  const db = getDb();
  const where = keyword ? keywordWhere(base, keyword) : base;
  const coll = db.collection('institutions');
  const counted = (await coll.where(where).count()) as { total: number };
  if (!req.near) {
    const rows = await listOf<Found>(coll.where(where).orderBy('town', 'asc').orderBy('code', 'asc').skip(req.offset).limit(req.limit));
    return { rows, total: counted.total };
  }
  const res = (await coll
    .aggregate()
    .geoNear({ near: db.Geo.Point(req.near.longitude, req.near.latitude), distanceField: 'distance', spherical: true, key: 'location', query: where })
    .skip(req.offset)
    .limit(req.limit)
    .end()) as { list?: Found[]; data?: Found[] };
  return { rows: res.list ?? res.data ?? [], total: counted.total };
}

/**
 * A keyword search, ranked: the institution whose code is the keyword, then those whose name (or its 拼音)
 * starts with it, then the rest; each tier by code (the _id). Every query goes through the token index; the tiers'
 * sizes come from two counts, so a page reads only the tiers it shows.
 */
async function rankedPage(base: Record<string, unknown>, keyword: KeywordQuery, offset: number, limit: number) {
  const db = getDb();
  const _ = db.command;
  const coll = db.collection('institutions');
  const matches = (d: InstitutionDoc) => Object.entries(base).every(([k, v]) => (d as unknown as Record<string, unknown>)[k] === v);
  const [all, starts, byCode] = await Promise.all([
    coll.where(keywordWhere(base, keyword)).count() as Promise<{ total: number }>,
    coll.where(keywordWhere(base, keyword, [keyword.prefix])).count() as Promise<{ total: number }>,
    // Codes are stored as published, the keyword folded to upper case: both spellings are looked up.
    keyword.code ? listOf<InstitutionDoc>(coll.where({ _id: _.in([...new Set([keyword.code, keyword.code.toLowerCase()])]) }).limit(2)) : Promise.resolve([]),
  ]);
  const exact = byCode.find((d) => matches(d) && fold(d.code) === keyword.code) ?? null;
  const exactStarts = !!exact && exact.tokens.includes(keyword.prefix);
  const notExact = exact ? { _id: _.neq(exact._id) } : {};
  const tiers: Array<{ size: number; fetch: (skip: number, take: number) => Promise<Found[]> }> = [
    { size: exact ? 1 : 0, fetch: async () => (exact ? [exact] : []) },
    {
      size: starts.total - (exactStarts ? 1 : 0),
      fetch: (skip, take) => listOf<Found>(coll.where(_.and([keywordWhere(base, keyword, [keyword.prefix]), notExact])).orderBy('_id', 'asc').skip(skip).limit(take)),
    },
    {
      size: all.total - starts.total - (exact && !exactStarts ? 1 : 0),
      fetch: (skip, take) =>
        listOf<Found>(coll.where(_.and([keywordWhere(base, keyword), { tokens: _.nin([keyword.prefix]) }, notExact])).orderBy('_id', 'asc').skip(skip).limit(take)),
    },
  ];
  const rows: Found[] = [];
  let skip = offset;
  for (const tier of tiers) {
    if (rows.length >= limit) break;
    if (skip >= tier.size) {
      skip -= tier.size;
      continue;
    }
    rows.push(...(await tier.fetch(skip, Math.min(limit - rows.length, tier.size - skip))));
    skip = 0;
  }
  return { rows, total: all.total };
}

export const main = createHandler({
  schema: facilityRequest,
  publicActions: ['search', 'filters', 'detail'],
  timers: { notifyEffective },
  actions: {
    async search(req): Promise<FacilityResponses['search']> {
      const policy = cityByCode(req.cityCode)?.facility;
      if (!policy) throw new DomainError('NOT_OFFERED', '该城市暂未开通定点医疗机构选点。');
      const base: Record<string, unknown> = { cityCode: req.cityCode };
      if (req.district) base.district = req.district;
      if (req.town) base.town = req.town;
      if (req.type) base.type = req.type;
      const keyword = req.keyword ? keywordQuery(req.keyword) : null;
      if (req.keyword && !keyword) return { items: [], total: 0, offset: req.offset, hasMore: false, sampleData: false };
      const page = keyword && !req.near ? await rankedPage(base, keyword, req.offset, req.limit) : await plainPage(base, keyword, req);
      const items = page.rows.map((d) => summary(d, policy, d.distance));
      return { items, total: page.total, offset: req.offset, hasMore: req.offset + items.length < page.total, sampleData: items.some((i) => i.sample) };
    },

    async filters(req): Promise<FacilityResponses['filters']> {
      const policy = cityByCode(req.cityCode)?.facility;
      if (!policy) throw new DomainError('NOT_OFFERED', '该城市暂未开通定点医疗机构选点。');
      const db = getDb();
      const res = (await db
        .collection('institutions')
        .aggregate()
        .match({ cityCode: req.cityCode })
        .group({ _id: { town: '$town', district: '$district', type: '$type' } })
        .limit(1000)
        .end()) as { list?: Array<{ _id: { town: string; district: string; type: string } }>; data?: Array<{ _id: { town: string; district: string; type: string } }> };
      const groups = (res.list ?? res.data ?? []).map((g) => g._id);
      const uniq = (xs: string[]) => [...new Set(xs)].sort((a, b) => a.localeCompare(b, 'zh'));
      const types = uniq(groups.map((g) => g.type)) as InstitutionDoc['type'][];
      return {
        towns: uniq(groups.map((g) => g.town)),
        districts: uniq(groups.map((g) => g.district)),
        types: types.map((t) => ({ value: t, label: TYPE_LABELS[t], selectable: policy.selectableTypes.includes(t) })),
      };
    },

    async detail(req): Promise<FacilityResponses['detail']> {
      const doc = await institution(req.code);
      const city = cityByCode(doc.cityCode);
      const policy = city?.facility;
      let covered: InstitutionDoc[] = [doc];
      if (policy?.coverage === 'sameTown' && policy.selectableTypes.includes(doc.type)) {
        const db = getDb();
        covered = await listOf<InstitutionDoc>(
          db.collection('institutions').where({ cityCode: doc.cityCode, town: doc.town, type: db.command.in(policy.coverageTypes) }).orderBy('type', 'asc').limit(100),
        );
      }
      return {
        institution: { ...summary(doc, policy), cityName: city?.name ?? doc.cityCode },
        coverage: {
          rule: policy?.coverage ?? 'institution',
          town: doc.town,
          institutions: covered.map((c) => ({ code: c.code, name: c.name, typeLabel: TYPE_LABELS[c.type] })),
        },
        notes: policy?.notes ?? [],
      };
    },

    async preview(req, ctx): Promise<FacilityResponses['preview']> {
      const who = await subjectFor(ctx.caller.openid, req.memberId, ctx.now);
      const inst = await institution(req.code);
      const state = (await getIfExists<StateDoc>(getDb().collection('facility_states').doc(`${who.subjectKey}:${req.kind}`))) ?? emptyState(who.policy);
      const candidate: Candidate = { code: inst.code, name: inst.name, type: inst.type, cityCode: inst.cityCode };
      const d = decide(who.policy, who.city.code, state, req.op, candidate, ctx.now, req.slot);
      const slot = settle(state, ctx.now).slots.find((s) => s.slot === d.slot);
      const replaced = slot?.pending ?? slot?.current ?? null;
      return {
        allowed: d.allowed,
        op: d.op,
        slot: d.slot,
        kind: d.kind,
        reasons: d.reasons,
        effectiveFrom: d.effectiveFrom,
        nextPossibleAt: d.nextPossibleAt,
        summary: d.allowed ? previewSummary(d, ctx.now) : refusal(d.reasons, d.nextPossibleAt).message,
        replaces: req.op === 'change' && replaced ? { code: replaced.code, name: replaced.name } : null,
        institution: { code: inst.code, name: inst.name, sample: inst.sample },
        forWhom: who.forWhom,
        subscribeTemplateId: templateId('facilityEffective'),
      };
    },

    select: (req, ctx) => submit('select', req, ctx),
    change: (req, ctx) => submit('change', req, ctx),

    async withdraw(req, ctx): Promise<FacilityResponses['withdraw']> {
      const db = getDb();
      const viewer = await viewerOf(ctx.caller.openid);
      const doc = await db.runTransaction(async (t: Txn) => {
        const ref = t.collection('facility_declarations').doc(req.declarationId);
        const d = await getIfExists<DeclarationDoc>(ref);
        if (!d || !canSee(d, viewer)) throw new DomainError('NOT_FOUND', '没有找到这条申报。请刷新后再试。');
        if (d.result === 'withdrawn') return d; // a repeated withdraw answers the same
        const { policy } = facilityOf(d.cityCode);
        const stateRef = t.collection('facility_states').doc(`${d.subjectKey}:${d.kind}`);
        const state = await getIfExists<StateDoc>(stateRef);
        const undone = d.result === 'accepted' && state ? withdraw(policy, state, d._id, ctx.now) : null;
        if (!undone) {
          throw new DomainError('CANNOT_WITHDRAW', d.result === 'rejected' ? '这条申报未通过，无需撤回。' : '这项变更已经生效，不能撤回。如需更换，请重新办理变更。');
        }
        await stateRef.set({ data: { cityCode: d.cityCode, kind: d.kind, slots: undone.state.slots, changesByMonth: undone.state.changesByMonth } });
        const updated: DeclarationDoc = { ...d, result: 'withdrawn', withdrawnAt: ctx.now, notifyPending: false };
        await ref.update({ data: { result: 'withdrawn', withdrawnAt: ctx.now, notifyPending: false } });
        return updated;
      }, 12);
      return { declaration: declarationView(doc, ctx.now, viewer) };
    },

    async mine(req, ctx): Promise<FacilityResponses['mine']> {
      const who = await subjectFor(ctx.caller.openid, req.memberId, ctx.now);
      const db = getDb();
      const kinds = await Promise.all(
        who.policy.kinds.map(async (k) => {
          const state = settle((await getIfExists<StateDoc>(db.collection('facility_states').doc(`${who.subjectKey}:${k.id}`))) ?? emptyState(who.policy), ctx.now);
          const slots: SlotView[] = state.slots.map((s) => ({
            slot: s.slot,
            current: s.current ? { code: s.current.code, name: s.current.name, since: s.current.from } : null,
            pending: s.pending ? { code: s.pending.code, name: s.pending.name, from: s.pending.from, declarationId: s.pending.declarationId } : null,
          }));
          return { id: k.id, name: k.name, online: k.online, offlineNote: k.offlineNote ?? null, slots };
        }),
      );
      return { cityCode: who.city.code, cityName: who.city.name, forWhom: who.forWhom, kinds, notes: who.policy.notes };
    },

    async declarations(req, ctx): Promise<FacilityResponses['declarations']> {
      const viewer = await viewerOf(ctx.caller.openid);
      const { rows, total, nextCursor } = await visibleRecords<DeclarationDoc>('facility_declarations', viewer, req);
      return { items: rows.map((d) => declarationView(d, ctx.now, viewer)), total, nextCursor };
    },
  },
});
