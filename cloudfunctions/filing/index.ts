import { maskMobile } from '../../miniprogram/shared/personal';
import { getDb, getIfExists, type Txn } from '../core/platform/sdk';
import type { FilingResponses } from '../core/contracts/filing';
import { filingRequest } from '../core/contracts/filing';
import { citiesOf, listProvinces } from '../core/policies/divisions';
import { DomainError } from '../core/platform/envelope';
import { requireEmployer } from '../core/identity/employers';
import { createHandler } from '../core/platform/handler';
import { verifiedSelf } from '../core/identity/people';
import { canSee, viewerOf, visibleRecords } from '../core/identity/records';
import { qrMatrix } from '../core/rules/qrModules';
import { beijingDate } from '../core/rules/beijingTime';
import { filingStatus, recommend, validUntil } from '../core/rules/filing';
import type { FilingDoc, StateDoc } from '../core/documents/filing';
import { filingPolicyOf, coversText, validityText, typeView, view } from './views';
import { subjectFor, destinationOf, evaluate, fileNew, requireUnlocked } from './submit';
import { remindExpiring } from './reminders';
import { inviteStaff } from './unitInvitations';
import { batch, deleteRoster, ownRoster, purgeRosters, roster, submitRoster } from './roster';
import { registerUpload } from '../core/platform/uploads';

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
      const r = recommend(
        policy,
        { cityCode: person.cityCode, scheme: person.scheme, category: person.category },
        req.reason,
        destination.cityCode,
      );
      return {
        type: r.type ? await typeView(r.type, policy) : null,
        eligible: r.eligible,
        scope: r.scope,
        why: r.note,
        notes: r.notes,
      };
    },

    async preview(req, ctx): Promise<FilingResponses['preview']> {
      const { changeOf, ...fields } = req;
      const { who, decision } = await evaluate(fields, ctx, changeOf);
      const phone = req.contactPhone ? maskMobile(req.contactPhone) : (who.phoneOnFile?.masked ?? null);
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
      if (!old || old.owner !== ctx.caller.openid || old.result === 'rejected')
        throw new DomainError('NOT_FOUND', '没有找到这条备案。请在“我的备案”中查看。');
      if (old.cancelledAt)
        throw new DomainError('CANNOT_WITHDRAW', '原备案已撤销或已变更，不能再变更。请刷新“我的备案”。');
      const changed = {
        cityCode: old.cityCode,
        typeCode: old.typeCode,
        destination: req.destination ?? {
          provinceCode: old.destination.provinceCode,
          cityCode: old.destination.cityCode,
        },
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
      return {
        fileName: `${name}异地就医登记备案花名表.xlsx`,
        base64: (await template(policy, name)).toString('base64'),
      };
    },

    async unitInvite(req, ctx): Promise<FilingResponses['unitInvite']> {
      return inviteStaff(await requireEmployer(ctx.caller.openid, req.cityCode), ctx);
    },

    async batchUpload(req, ctx): Promise<FilingResponses['batchUpload']> {
      const employer = await requireEmployer(ctx.caller.openid, req.cityCode);
      return registerUpload('rosters', ctx.caller.openid, employer.cityCode, ctx.now);
    },

    async batchPreview(req, ctx): Promise<FilingResponses['batchPreview']> {
      // Whose file it is, before anything else: another account's roster is "not found", whoever asks.
      const doc = await ownRoster(req.fileID, ctx.caller.openid);
      const r = await roster(await requireEmployer(ctx.caller.openid, req.cityCode), doc, ctx);
      return {
        total: r.total,
        good: r.ready.length,
        problems: r.problems,
        rows: r.ready.slice(0, 50).map((p: (typeof r.ready)[number]) => {
          const type = r.policy.types.find((t) => t.serviceCode === p.request.typeCode)!;
          const until =
            type.category === 'temporary' ? validUntil(p.request.startDate, r.policy.temporaryValidityMonths) : null;
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
      // Only the uploader's own roster is read or deleted; a refused employer's upload goes too (or by timer).
      const doc = await ownRoster(req.fileID, ctx.caller.openid);
      try {
        return await submitRoster(await requireEmployer(ctx.caller.openid, req.cityCode), req, doc, ctx);
      } finally {
        await deleteRoster(doc, ctx.caller.openid, ctx.now);
      }
    },

    async mine(req, ctx): Promise<FilingResponses['mine']> {
      const viewer = await viewerOf(ctx.caller.openid);
      const { rows, total, nextCursor } = await visibleRecords<FilingDoc>('filings', viewer, {
        ...req,
        memberId: req.forMemberId,
      });
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
        requireUnlocked(policy, f, today, '撤销');
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
