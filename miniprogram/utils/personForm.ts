import { CATEGORIES, CATEGORY_SCHEME, RELATIONSHIPS, SCHEME_LABELS, type Scheme, SCHEMES } from '../shared/insurance';
import { type IdType, idNumberProblem, mobileProblem, nameProblem } from '../shared/personal';

export interface PersonFormValues {
  name: string;
  idType: IdType;
  idNumber: string;
  mobile: string;
  cityCode: string;
  scheme: 'employee' | 'resident' | '';
  category: string;
  relationship: string;
}

export const SCHEME_OPTIONS = SCHEMES.map((value) => ({ value, label: SCHEME_LABELS[value] }));

export const CATEGORY_OPTIONS = Object.fromEntries(
  SCHEMES.map((scheme) => [
    scheme,
    (Object.keys(CATEGORIES) as Array<keyof typeof CATEGORIES>)
      .filter((value) => CATEGORY_SCHEME[value] === scheme)
      .map((value) => ({ value: value as string, label: CATEGORIES[value] as string })),
  ]),
) as Record<Scheme, Array<{ value: string; label: string }>>;

export const RELATIONSHIP_OPTIONS = RELATIONSHIPS.map((r) => ({ value: r as string, label: r as string }));

export interface FormRules {
  /** A member form asks relationship and no mobile; a profile form asks mobile. */
  kind: 'profile' | 'member';
  /** Editing a saved profile: ID and mobile may stay empty to keep the saved ones. */
  hasSaved: boolean;
}

/** The same checks the server makes, for instant feedback next to each field. */
export function fieldProblem(field: keyof PersonFormValues, v: PersonFormValues, rules: FormRules): string | null {
  switch (field) {
    case 'name':
      return nameProblem(v.name);
    case 'idNumber':
      if (!v.idNumber.trim()) return rules.hasSaved ? null : '请填写证件号码';
      return idNumberProblem(v.idType, v.idNumber);
    case 'mobile':
      if (rules.kind === 'member') return null;
      if (!v.mobile.trim()) return rules.hasSaved ? null : '请填写手机号码';
      return mobileProblem(v.mobile);
    case 'cityCode':
      return v.cityCode ? null : '请选择参保地';
    case 'scheme':
      return v.scheme ? null : '请选择参保类型';
    case 'category':
      return v.category ? null : '请选择人员类别';
    case 'relationship':
      return rules.kind === 'member' && !v.relationship ? '请选择与您的关系' : null;
    default:
      return null;
  }
}

export function formProblems(v: PersonFormValues, rules: FormRules): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of ['name', 'idNumber', 'mobile', 'cityCode', 'scheme', 'category', 'relationship'] as const) {
    const problem = fieldProblem(field, v, rules);
    if (problem) out[field] = problem;
  }
  return out;
}
