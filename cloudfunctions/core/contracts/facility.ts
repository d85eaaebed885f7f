import { z } from 'zod';
import { divisionCode, institutionType, selectionKind } from '../policies/schema';
import type { Decision, Reason } from '../rules/facility';
import { pageRequest } from './page';

const code = z.string().regex(/^[A-Za-z0-9-]{3,40}$/, '机构编码格式不正确');
const memberId = z.string().min(1).max(64).optional();
const requestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号格式不正确');

export const facilityRequest = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('search'),
      cityCode: divisionCode,
      keyword: z.string().trim().max(30).optional(),
      district: z.string().trim().max(20).optional(),
      town: z.string().trim().max(20).optional(),
      type: institutionType.optional(),
      near: z
        .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
        .strict()
        .optional(),
      offset: z.number().int().min(0).max(5000).default(0),
      limit: z.number().int().min(1).max(20).default(20),
    })
    .strict(),
  z.object({ action: z.literal('filters'), cityCode: divisionCode }).strict(),
  z.object({ action: z.literal('detail'), code }).strict(),
  z
    .object({
      action: z.literal('preview'),
      op: z.enum(['select', 'change']),
      kind: selectionKind.default('general'),
      code,
      slot: z.number().int().min(1).max(10).optional(),
      memberId,
    })
    .strict(),
  z
    .object({
      action: z.literal('select'),
      kind: selectionKind.default('general'),
      code,
      slot: z.number().int().min(1).max(10).optional(),
      memberId,
      requestId,
      subscribe: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      action: z.literal('change'),
      kind: selectionKind.default('general'),
      code,
      slot: z.number().int().min(1).max(10),
      memberId,
      requestId,
      subscribe: z.boolean().default(false),
    })
    .strict(),
  z.object({ action: z.literal('withdraw'), declarationId: z.string().min(1).max(64), requestId }).strict(),
  z.object({ action: z.literal('mine'), memberId }).strict(),
  z.object({ action: z.literal('declarations'), memberId, ...pageRequest }).strict(),
]);
export type FacilityRequest = z.input<typeof facilityRequest>;

export interface InstitutionSummary {
  code: string;
  name: string;
  type: z.infer<typeof institutionType>;
  typeLabel: string;
  district: string;
  town: string;
  address: string;
  sample: boolean;
  /** Metres from the given point, for a nearest-first search. */
  distanceMeters: number | null;
  /** Can be chosen in this flow. */
  selectable: boolean;
  /** 北京's 中医/专科/A类/社区: usable by everyone without choosing. */
  noSelectionNeeded: boolean;
  /** Why it can't be chosen (无需选择, a type the city's rules don't cover, withdrawn); null when it can. */
  reason: string | null;
  /** 等级 as published; '' where the list has none. */
  level: string;
  /** Beijing date of the list that no longer has it; null while listed. */
  withdrawnOn: string | null;
}

export type DeclarationStatus = '受理' | '生效' | '已撤回' | '未通过';

export interface DeclarationView {
  id: string;
  op: 'select' | 'change';
  kind: z.infer<typeof selectionKind>;
  kindName: string;
  slot: number;
  institution: { code: string; name: string };
  previous: { code: string; name: string } | null;
  status: DeclarationStatus;
  effectiveFrom: string | null;
  submittedAt: string;
  withdrawnAt: string | null;
  reasons: Reason[];
  /** Whose selection: 本人 or the member's relationship and masked name. */
  forWhom: string;
  canWithdraw: boolean;
}

/** A 定点 that the city's newest list no longer has: when, and what the person should do. */
export interface Withdrawn {
  on: string;
  message: string;
}

export interface SlotView {
  slot: number;
  current: { code: string; name: string; since: string; withdrawn: Withdrawn | null } | null;
  pending: { code: string; name: string; from: string; declarationId: string; withdrawn: Withdrawn | null } | null;
}

export interface FacilityResponses {
  search: { items: InstitutionSummary[]; total: number; offset: number; hasMore: boolean; sampleData: boolean };
  filters: {
    towns: string[];
    districts: string[];
    types: Array<{ value: string; label: string; selectable: boolean }>;
  };
  detail: {
    institution: InstitutionSummary & { cityName: string };
    /** What choosing it covers: the institution itself, or every designated one of the same 镇街. */
    coverage: {
      rule: 'institution' | 'sameTown';
      town: string;
      institutions: Array<{ code: string; name: string; typeLabel: string }>;
    };
    notes: string[];
  };
  preview: Pick<Decision, 'allowed' | 'op' | 'slot' | 'kind' | 'reasons' | 'effectiveFrom' | 'nextPossibleAt'> & {
    summary: string;
    replaces: { code: string; name: string } | null;
    institution: { code: string; name: string; sample: boolean };
    forWhom: string;
    /** Template of the 变更生效提醒 to request with wx.requestSubscribeMessage; null when not configured. */
    subscribeTemplateId: string | null;
  };
  select: { declaration: DeclarationView };
  change: { declaration: DeclarationView };
  withdraw: { declaration: DeclarationView };
  mine: {
    cityCode: string;
    cityName: string;
    forWhom: string;
    kinds: Array<{ id: string; name: string; online: boolean; offlineNote: string | null; slots: SlotView[] }>;
    notes: string[];
  };
  declarations: { items: DeclarationView[]; total: number; nextCursor: string | null };
}
