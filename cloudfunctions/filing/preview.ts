import { maskMobile } from '../../miniprogram/shared/personal';
import type { FilingResponses } from '../core/contracts/filing';
import { type filingRequest } from '../core/contracts/filing';
import type { ActionsFor } from '../core/platform/handler';
import { evaluate } from './submit';
import { coversText, validityText } from './views';

/** The dry run the form shows before anything is submitted. */
export const previewActions = {
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
} satisfies ActionsFor<typeof filingRequest>;
