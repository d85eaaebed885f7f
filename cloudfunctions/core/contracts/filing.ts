import { z } from 'zod';
import { divisionCode, filingReason } from '../policies/schema';
import { isDate } from '../rules/beijingTime';
import type { FilingStatus } from '../rules/filingStatus';
import type { Warning as FilingWarning } from '../rules/filingChecks';
import { contactPhoneProblem } from '../../../miniprogram/shared/personal';
import { pageRequest } from './page';

const date = z
  .string()
  .regex(/^\d{4}-\d\d-\d\d$/, '日期格式应为 YYYY-MM-DD')
  .refine((v) => isDate(v) && v >= '2000-01-01' && v < '2100-01-01', '这一天不存在，请核对日期');
/** A mainland mobile (11 digits) or a landline with its area code; spaces and dashes as people type them. */
const phone = z
  .string()
  .trim()
  .max(20)
  .transform((v) => v.replace(/[\s-]/g, ''))
  .superRefine((v, ctx) => {
    const problem = contactPhoneProblem(v);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });
const requestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号格式不正确');
const forMemberId = z.string().min(1).max(64).optional();
const destination = z.object({ provinceCode: divisionCode, cityCode: divisionCode }).strict();
const siteCode = z.string().regex(/^[A-Za-z0-9-]{3,40}$/, '机构编码只能含字母、数字和连字符');
const filingFields = {
  cityCode: divisionCode,
  typeCode: z.string().min(3).max(20),
  destination,
  startDate: date,
  address: z.string().trim().max(100).optional(),
  /** Omitted: the profile's mobile (shown masked) is used. */
  contactPhone: phone.optional(),
  forMemberId,
  /** 预计何时回来: checked against the validity before submit, and named by the 到期 reminder. */
  plannedReturn: date.optional(),
  /** A hospital the person means to go to (a 跨省联网定点医药机构 code): checked for the care the type covers. */
  hospitalCode: siteCode.optional(),
};

export const filingRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('provinces') }).strict(),
  z.object({ action: z.literal('cities'), provinceCode: divisionCode }).strict(),
  z.object({ action: z.literal('types'), cityCode: divisionCode }).strict(),
  /**
   * 跨省联网定点医药机构 of a destination city: how many settle directly the care a type covers (the insured
   * city's `typeCode`), or one `kind`; found by name, 拼音 or code.
   */
  z
    .object({
      action: z.literal('sites'),
      destination,
      cityCode: divisionCode.optional(),
      typeCode: z.string().min(3).max(20).optional(),
      kind: z.enum(['inpatient', 'outpatient', 'chronic']).optional(),
      keyword: z.string().trim().max(30).optional(),
      /** Nearest first from here (geoNear); a site published without coordinates is then left out. */
      near: z
        .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
        .strict()
        .optional(),
      offset: z.number().int().min(0).max(200).default(0),
      limit: z.number().int().min(1).max(20).default(10),
    })
    .strict(),
  z.object({ action: z.literal('recommend'), reason: filingReason, destination, forMemberId }).strict(),
  /** changeOf: previewing a change of that filing (judged as if it were already replaced). */
  z.object({ action: z.literal('preview'), ...filingFields, changeOf: z.string().min(1).max(40).optional() }).strict(),
  z.object({ action: z.literal('submit'), ...filingFields, requestId, subscribe: z.boolean().default(false) }).strict(),
  z.object({ action: z.literal('mine'), forMemberId, ...pageRequest }).strict(),
  z.object({ action: z.literal('detail'), filingId: z.string().min(1).max(40) }).strict(),
  z.object({ action: z.literal('cancel'), filingId: z.string().min(1).max(40), requestId }).strict(),
  /** The filer said 允许 to the 备案即将到期 subscription (WeChat's dialog): remind before this filing ends. */
  z.object({ action: z.literal('remind'), filingId: z.string().min(1).max(40) }).strict(),
  z.object({ action: z.literal('batchTemplate'), cityCode: divisionCode }).strict(),
  z.object({ action: z.literal('batchUpload'), cityCode: divisionCode }).strict(),
  z.object({ action: z.literal('unitInvite'), cityCode: divisionCode }).strict(),
  z.object({ action: z.literal('batchPreview'), cityCode: divisionCode, fileID: z.string().min(8).max(300) }).strict(),
  z
    .object({
      action: z.literal('batchSubmit'),
      cityCode: divisionCode,
      fileID: z.string().min(8).max(300),
      onlyGoodRows: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      action: z.literal('change'),
      filingId: z.string().min(1).max(40),
      /** Whom the filing is for, as 我的备案 says (its memberId): read with the filing, not after it. */
      forMemberId,
      destination: destination.optional(),
      startDate: date.optional(),
      /** Omitted: the changed filing's address (and contact phone, planned return) carry over. */
      address: z.string().trim().max(100).optional(),
      contactPhone: phone.optional(),
      plannedReturn: date.optional(),
      requestId,
    })
    .strict(),
]);
export type FilingRequestEvent = z.input<typeof filingRequest>;

export interface FilingTypeView {
  typeCode: string;
  name: string;
  category: 'longTerm' | 'temporary';
  categoryLabel: string;
  online: boolean;
  offline: string | null;
  crossProvinceOnly: boolean;
  requires: Array<'address' | 'contactPhone'>;
  channels: Array<{ kind: string; name: string }>;
  materials: Array<{ name: string; when: string; note?: string }>;
  timeLimitText: string;
  reminders: string[];
  supervisionPhone: { label: string; number: string; dial: string } | null;
  validityText: string;
  /** What it covers (跨省/省内 comes with the destination); null where the source doesn't say. */
  covers: string | null;
}

export interface FilingView {
  filingId: string;
  typeCode: string;
  typeName: string;
  category: 'longTerm' | 'temporary';
  status: FilingStatus | '未通过';
  forWhom: string;
  /** Masked. */
  personName: string;
  idNumber: string;
  insuredCity: { code: string; name: string };
  destination: { provinceCode: string; cityCode: string; name: string };
  scope: '跨省' | '省内';
  covers: string;
  validFrom: string;
  validUntil: string | null;
  validityText: string;
  submittedAt: string;
  cancelledAt: string | null;
  canCancel: boolean;
  cancellableFrom: string | null;
  /** Why it was refused (未通过). */
  reasons: Array<{ code: string; message: string }>;
  previousFilingId: string | null;
  replacedBy: string | null;
  /**
   * How a change reads on each card, with its date: the old one "已于…变更为新的备案：就医地…", the new one
   * "这是变更后的备案，于…替代原备案（就医地…）"; null for a filing no change touched.
   */
  changeNote: string | null;
  /** 预计何时回来, as last said (a change may move it). */
  plannedReturn: string | null;
  /** Only whoever made a filing changes it (the person it is for can cancel it). */
  canChange: boolean;
  /** The family member it was made for, to whoever made it (for the change form); null otherwise. */
  memberId: string | null;
}

/** A 跨省联网定点医药机构 as shown: which care settles directly there; `sample` for the demo list (示例). */
export interface SettlementSiteView {
  code: string;
  name: string;
  level: string;
  address: string;
  settles: Array<'inpatient' | 'outpatient' | 'chronic'>;
  /** 住院 · 普通门诊 · 门诊慢特病 */
  settlesText: string;
  sample: boolean;
  /** Metres from the point asked about, for a nearest-first list; null otherwise. */
  distanceMeters: number | null;
}

/**
 * 备案即将到期 for the filer: `offered` where a reminder still helps (temporary, not cancelled, its reminder day
 * `remindOn` ahead) and the template to ask for; `on` once the filer allowed it.
 */
export interface FilingReminderView {
  offered: boolean;
  on: boolean;
  templateId: string | null;
  remindOn: string | null;
  /** Why it helps, in plain Chinese: the end date (against the planned return) and when the reminder comes. */
  why: string;
}

/** A check before submit: what may go wrong at the hospital, and what to do. Never blocks a filing. */
export type { FilingWarning };

export interface FilingResponses {
  provinces: { provinces: Array<{ code: string; name: string }> };
  cities: { cities: Array<{ code: string; name: string }> };
  types: { types: FilingTypeView[] };
  sites: {
    cityName: string;
    /** The kinds counted (those the type settles, or the one asked). */
    kinds: Array<'inpatient' | 'outpatient' | 'chronic'>;
    /** "广州市 可直接结算住院的医院 12 家（示例数据）" */
    headline: string;
    total: number;
    items: SettlementSiteView[];
    nextOffset: number | null;
    /** The list shown is the demo list: say 示例 wherever it is shown. */
    sample: boolean;
  };
  /**
   * The type for the answer; `eligible` false when the person can't file it (then `why` says why and where to
   * go instead); `notes`: what else holds for this answer (e.g. 急诊视同已备案), each its own line.
   */
  recommend: { type: FilingTypeView | null; eligible: boolean; scope: '跨省' | '省内'; why: string; notes: string[] };
  preview: {
    allowed: boolean;
    typeName: string;
    scope: '跨省' | '省内';
    validFrom: string | null;
    validUntil: string | null;
    validityText: string;
    /** 跨省 or 省内, and 门诊/住院 where the policy says: "跨省 · 跨省住院（非急诊、未转诊）". */
    covers: string;
    reasons: Array<{ code: string; message: string }>;
    missing: string[];
    forWhom: string;
    /** Masked: the number that will be filed (typed, else the changed filing's, else the profile's). */
    contactPhone: string | null;
    /** Masked: a change's address carried over from the filing it replaces, when none is typed. */
    address: string | null;
    /** The check before submit (destination, type, validity against the planned return, the named hospital). */
    warnings: FilingWarning[];
  };
  submit: { filingId: string; filing: FilingView };
  mine: { filings: FilingView[]; total: number; nextCursor: string | null };
  /** The certificate: the filing and a QR code of its number (rows of '1'/'0'). */
  /** `atHospital`: 到院怎么结算, one step a line (the city's card check where its catalogue item asks for one). */
  detail: { filing: FilingView; qr: string[]; atHospital: string[]; reminder: FilingReminderView };
  remind: { reminder: FilingReminderView };
  cancel: { filing: FilingView };
  change: { filingId: string; filing: FilingView };
  batchTemplate: { fileName: string; base64: string };
  /** Where to upload the 花名表 (wx.cloud.uploadFile's cloudPath), registered with the caller as its uploader. */
  batchUpload: { cloudPath: string };
  /** A code the unit's employees accept in their own WeChat (谁可以为我办理) to let the unit file for them. */
  unitInvite: { code: string; expiresAt: string };
  batchPreview: {
    total: number;
    good: number;
    problems: Array<{ row: number; problems: string[] }>;
    /** The good rows, masked, for the person to check. */
    rows: Array<{
      row: number;
      name: string;
      idNumber: string;
      typeName: string;
      destination: string;
      validityText: string;
    }>;
  };
  batchSubmit: {
    filed: number;
    alreadyFiled: number;
    refused: Array<{ row: number; problems: string[] }>;
    skippedBadRows: number;
  };
}
