import { maskMobile } from '../../miniprogram/shared/personal';
import type { FilingResponses } from '../core/contracts/filing';
import { type filingRequest } from '../core/contracts/filing';
import { SEARCH_FIELDS } from '../core/documents/searchable';
import { collection } from '../core/platform/collection';
import type { ActionsFor } from '../core/platform/handler';
import { early } from '../core/platform/early';
import { checkBeforeLeaving } from '../core/rules/filingChecks';
import { evaluate, requireInForce } from './submit';
import { coversText, validityText } from './views';

/** The dry run the form shows before anything is submitted, with the check before leaving (warnings). */
export const previewActions = {
  async preview(req, ctx): Promise<FilingResponses['preview']> {
    const { changeOf, plannedReturn, hospitalCode, ...fields } = req;
    // A filing being changed is read with the caller, the named hospital beside the person's filings: no round
    // trip added to the dry run.
    const changing = changeOf ? early(collection('filings').doc(changeOf).get()) : undefined;
    const [{ who, decision, destination, policy, old }, site] = await Promise.all([
      evaluate(fields, ctx, changing),
      hospitalCode
        ? collection('settlement_sites').doc(hospitalCode).omit(SEARCH_FIELDS).get()
        : Promise.resolve(undefined),
    ]);
    if (old) requireInForce(old);
    // What will be filed when nothing is typed: a change keeps the replaced filing's phone and address.
    const phone = req.contactPhone
      ? maskMobile(req.contactPhone)
      : ((old?.contactPhone ?? who.phoneOnFile)?.masked ?? null);
    // What the type would give if allowed (a refused request still gets its warnings against these dates).
    const warnings = decision.type
      ? checkBeforeLeaving({
          type: decision.type,
          scope: decision.scope,
          destination,
          validFrom: decision.validFrom,
          validUntil: decision.validUntil,
          plannedReturn,
          hospital:
            site === undefined
              ? undefined
              : site && site.cityCode === destination.cityCode
                ? { name: site.name, settles: site.settles, sample: site.sample }
                : null,
          longTermTypes: policy.types.filter((t) => t.category === 'longTerm' && t.online).map((t) => t.name),
        })
      : [];
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
      address: req.address ? null : (old?.address?.masked ?? null),
      warnings,
    };
  },
} satisfies ActionsFor<typeof filingRequest>;
