import type { FilingResponses } from '../core/contracts/filing';
import { type filingRequest } from '../core/contracts/filing';
import { requireEmployer } from '../core/identity/employers';
import type { ActionsFor } from '../core/platform/handler';
import { registerUpload } from '../core/platform/uploads';
import { validUntil } from '../core/rules/filing';
import { batch, deleteRoster, ownRoster, roster, submitRoster } from './roster';
import { inviteStaff } from './unitInvitations';
import { filingPolicyOf, validityText } from './views';

/** 单位批量备案: a registered unit files a 花名表 for the staff it may act for. */
export const unitFilingActions = {
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
} satisfies ActionsFor<typeof filingRequest>;
