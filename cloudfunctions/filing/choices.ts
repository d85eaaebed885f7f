import type { FilingResponses } from '../core/contracts/filing';
import { type filingRequest } from '../core/contracts/filing';
import type { ActionsFor } from '../core/platform/handler';
import { citiesOf, listProvinces } from '../core/policies/divisions';
import { recommend } from '../core/rules/filing';
import { destinationOf, filingSubject } from './submit';
import { filingPolicyOf, typeView } from './views';

/** What a filing can be: destinations, the city's types, and the type that fits a reason. */
export const choiceActions = {
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
    const who = await filingSubject(ctx.caller.openid, req.forMemberId, ctx.now);
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
      // The policy speaks to the insured person (您已退休): acting for a member, it names them instead.
      why: who.memberId ? r.note.replace(/您/g, who.forWhom.split(' ').pop() ?? '') : r.note,
      notes: r.notes,
    };
  },
} satisfies ActionsFor<typeof filingRequest>;
