import { getDb, getIfExists, listOf, type Txn } from '../core/platform/sdk';
import type { FacilityResponses, SlotView } from '../core/contracts/facility';
import { facilityRequest } from '../core/contracts/facility';
import { DomainError, refusal } from '../core/platform/envelope';
import { type InstitutionDoc, TYPE_LABELS } from '../core/documents/institution';
import { keywordQuery } from '../core/rules/searchTokens';
import { createHandler } from '../core/platform/handler';
import { templateId } from '../core/platform/subscribeMessages';
import { canSee, viewerOf, visibleRecords } from '../core/identity/records';
import { cityByCode } from '../core/policies';
import { type Candidate, decide, emptyState, settle, withdraw } from '../core/rules/facility';
import type { DeclarationDoc, StateDoc } from '../core/documents/facility';
import { facilityOf, summary, institution, declarationView, previewSummary } from './views';
import { subjectFor, submit } from './submit';
import { notifyEffective } from './notify';
import { plainPage, rankedPage } from './search';
import type { CityFilters } from '../core/documents/institutionFilters';

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
      if (req.keyword && !keyword)
        return { items: [], total: 0, offset: req.offset, hasMore: false, sampleData: false };
      const page =
        keyword && !req.near
          ? await rankedPage(base, keyword, req.offset, req.limit)
          : await plainPage(base, keyword, req);
      const items = page.rows.map((d) => summary(d, policy, d.distance));
      return {
        items,
        total: page.total,
        offset: req.offset,
        hasMore: req.offset + items.length < page.total,
        sampleData: items.some((i) => i.sample),
      };
    },

    async filters(req): Promise<FacilityResponses['filters']> {
      const policy = cityByCode(req.cityCode)?.facility;
      if (!policy) throw new DomainError('NOT_OFFERED', '该城市暂未开通定点医疗机构选点。');
      // One document, written with the institutions (core/documents/institutionFilters.ts).
      const f = await getIfExists<CityFilters>(getDb().collection('facility_filters').doc(req.cityCode));
      return {
        towns: f?.towns ?? [],
        districts: f?.districts ?? [],
        types: (f?.types ?? []).map((t) => ({
          value: t,
          label: TYPE_LABELS[t],
          selectable: policy.selectableTypes.includes(t),
        })),
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
          db
            .collection('institutions')
            .where({ cityCode: doc.cityCode, town: doc.town, type: db.command.in(policy.coverageTypes) })
            .orderBy('type', 'asc')
            .limit(100),
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
      const state =
        (await getIfExists<StateDoc>(getDb().collection('facility_states').doc(`${who.subjectKey}:${req.kind}`))) ??
        emptyState(who.policy);
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
          throw new DomainError(
            'CANNOT_WITHDRAW',
            d.result === 'rejected'
              ? '这条申报未通过，无需撤回。'
              : '这项变更已经生效，不能撤回。如需更换，请重新办理变更。',
          );
        }
        await stateRef.set({
          data: {
            cityCode: d.cityCode,
            kind: d.kind,
            slots: undone.state.slots,
            changesByMonth: undone.state.changesByMonth,
          },
        });
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
          const state = settle(
            (await getIfExists<StateDoc>(db.collection('facility_states').doc(`${who.subjectKey}:${k.id}`))) ??
              emptyState(who.policy),
            ctx.now,
          );
          const slots: SlotView[] = state.slots.map((s) => ({
            slot: s.slot,
            current: s.current ? { code: s.current.code, name: s.current.name, since: s.current.from } : null,
            pending: s.pending
              ? {
                  code: s.pending.code,
                  name: s.pending.name,
                  from: s.pending.from,
                  declarationId: s.pending.declarationId,
                }
              : null,
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
