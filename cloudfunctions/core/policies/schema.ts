import { z } from 'zod';

/** 6-digit administrative division code (GB/T 2260). */
export const divisionCode = z.string().regex(/^\d{6}$/, '应为 6 位行政区划代码');

export const sourceRef = z
  .object({
    /** Which source it restates: one of those listed in docs/policy.md (000–003), or another committed source. */
    seed: z.string(),
    title: z.string(),
    published: z.string().optional(),
  })
  .strict();

export const phone = z
  .object({
    label: z.string(),
    /** As the source prints it. */
    number: z.string().regex(/^[\d-]+$/),
    /** What a phone dials: the number with its area code where the source omits it. */
    dial: z.string().regex(/^\d+$/),
    source: z.string(),
  })
  .strict();

export const channelKind = z.enum(['online', 'window', 'hospital', 'selfService', 'phone']);
export const channel = z.object({ kind: channelKind, name: z.string() }).strict();

/**
 * The source of a city's 差评 follow-up time limit (docs/policy.md §3): the document that sets it, or a plain
 * statement that it is the product's default until the city publishes one. Never a figure without either.
 */
export const followUpSource = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('published'),
      title: z.string().min(2),
      publisher: z.string().min(2),
      /** Where it was reported, when the product read it there (e.g. a newspaper). */
      reportedBy: z.string().optional(),
      published: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    })
    .strict(),
  z.object({ kind: z.literal('productDefault'), note: z.string().min(2) }).strict(),
]);
export type FollowUpSource = z.infer<typeof followUpSource>;

export const flowId = z.enum(['facility', 'filing', 'rating']);

export const institutionType = z.enum([
  'communityCentre', // 社区卫生服务中心
  'communityStation', // 社区卫生服务站
  'townHospital', // 镇街医院
  'classA', // A类医院 (北京)
  'tcm', // 中医医院
  'specialist', // 专科医院
  'general', // 综合医院
  'villageClinic', // 村卫生室: on some published lists; no city's selection covers it
  'internal', // 对内 (北京): serves its own staff only; listed, never selectable
  'other', // a 类别 the city's list map does not know: stored as published, shown as not selectable
]);
export type InstitutionType = z.infer<typeof institutionType>;

/** What each type is called wherever a person sees it. */
export const TYPE_LABELS: Record<InstitutionType, string> = {
  communityCentre: '社区卫生服务中心',
  communityStation: '社区卫生服务站',
  townHospital: '镇街医院',
  classA: 'A类医院',
  tcm: '中医医院',
  specialist: '专科医院',
  general: '综合医院',
  villageClinic: '村卫生室',
  internal: '对内医疗机构（仅服务本单位）',
  other: '其他',
};

export const selectionKind = z.enum(['general', 'special', 'prenatal', 'remote']);
export type SelectionKind = z.infer<typeof selectionKind>;

/** When a selection or change takes effect. */
export const effectiveRule = z.enum(['immediate', 'nextDay', 'nextMonthFirst']);

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** 定点医疗机构 rules of a city (docs/policy.md §1). Absent: the city offers no selection flow. */
export const facilityPolicy = z
  .object({
    scheme: z.enum(['employee', 'resident', 'any']),
    /** Selection kinds kept apart: changing one never touches another. `online`: this product handles it. */
    kinds: z
      .array(
        z
          .object({ id: selectionKind, name: z.string(), online: z.boolean(), offlineNote: z.string().optional() })
          .strict(),
      )
      .min(1),
    slots: z.number().int().min(1).max(10),
    selectableTypes: z.array(institutionType).min(1),
    /** Types everyone may use without choosing (北京: 中医, 专科, A类, 社区): shown as such, never offered. */
    noSelectionTypes: z.array(institutionType),
    first: z.object({ effective: effectiveRule }).strict(),
    change: z
      .object({
        effective: effectiveRule,
        /** Effective changes allowed per calendar month (Beijing); null = no limit. */
        perMonth: z.number().int().min(1).nullable(),
        /** Whether withdrawing a pending change gives the month's change back. */
        withdrawRestores: z.boolean(),
        /** Online window: from day `fromDay` to the month's last day, `from`–`to` each day; null = any time. */
        window: z
          .object({ fromDay: z.number().int().min(1).max(28), from: hhmm, to: hhmm })
          .strict()
          .nullable(),
      })
      .strict(),
    /** What a choice covers: the institution itself, or every designated one of `coverageTypes` in its 镇街. */
    coverage: z.enum(['institution', 'sameTown']),
    coverageTypes: z.array(institutionType),
    notes: z.array(z.string()),
  })
  .strict();
export type FacilityPolicy = z.infer<typeof facilityPolicy>;

/** Why a person goes elsewhere: the questionnaire's first question, in plain words. */
/** The kinds of care 跨省直接结算 distinguishes: 住院, 普通门诊, 门诊慢特病. */
export const SETTLEMENT_KINDS = ['inpatient', 'outpatient', 'chronic'] as const;
export const settlementKind = z.enum(SETTLEMENT_KINDS);
export type SettlementKind = (typeof SETTLEMENT_KINDS)[number];
export const SETTLEMENT_LABELS: Record<SettlementKind, string> = {
  inpatient: '住院',
  outpatient: '普通门诊',
  chronic: '门诊慢特病',
};

export const filingReason = z.enum([
  'retiredSettled',
  'longTermResidence',
  'postedForWork',
  'referral',
  'emergency',
  'otherTemporary',
]);
export type FilingReason = z.infer<typeof filingReason>;

/** 异地就医备案 rules of a city (docs/policy.md §2): its filing types as data, and the national defaults it keeps. */
export const filingPolicy = z
  .object({
    types: z
      .array(
        z
          .object({
            /** The catalogue item (办事指南) that describes it: channels, materials, time limit. */
            serviceCode: z.string(),
            name: z.string(),
            /** 长期 (安置/居住/工作) or 临时外出 (转诊/急诊/其他). */
            category: z.enum(['longTerm', 'temporary']),
            reasons: z.array(filingReason).min(1),
            /** Who it is for, by 人员类别; empty = everyone the city's scheme covers. */
            categories: z.array(z.string()),
            schemes: z.array(z.enum(['employee', 'resident'])).min(1),
            /** Whether this product can file it online; if not, `offline` says where and how. */
            online: z.boolean(),
            offline: z.string().optional(),
            /** Only for treatment in another province (跨省). */
            crossProvinceOnly: z.boolean(),
            /** What an online filing must carry besides destination and start date. */
            requires: z.array(z.enum(['address', 'contactPhone'])),
            /** What it covers (门诊/住院), where the source says; omitted where it doesn't. */
            covers: z.string().optional(),
            /**
             * Which kinds of care it settles directly (跨省直接结算: 住院, 普通门诊, 门诊慢特病), where the source
             * says (跨省住院 → inpatient only); omitted: all three (national practice for a filing).
             */
            settles: z.array(settlementKind).min(1).optional(),
            why: z.string(),
          })
          .strict(),
      )
      .min(1),
    /** Months a temporary filing is valid (national: not less than 6). */
    temporaryValidityMonths: z.number().int().min(6),
    /** Days before a temporary filing ends that the 备案即将到期 reminder goes out (a product setting). */
    expiryReminderDays: z.number().int().min(1).max(30),
    /** A long-term filing can't be cancelled or changed within this many months of its start; null = no limit. */
    longTermLockMonths: z.number().int().min(1).max(6).nullable(),
    /** Said when no type fits an answer (e.g. 廊坊 has no 急诊 item), with what to do instead. */
    noTypeNote: z.record(filingReason, z.string()),
    /** Said to a person whose 险种 a type does not serve: where they can go instead, from the city's source. */
    otherSchemeNote: z.record(z.enum(['employee', 'resident']), z.string()),
    /** The national rules (policies/national.ts) this city applies; a city whose source says otherwise turns one off. */
    national: z.object({ emergencyCountsAsFiled: z.boolean(), commitmentForLongTerm: z.boolean() }).strict(),
  })
  .strict();
export type FilingPolicy = z.infer<typeof filingPolicy>;

export const cityPolicy = z
  .object({
    code: divisionCode,
    name: z.string(),
    province: z.object({ code: divisionCode, name: z.string() }).strict(),
    schemes: z.array(z.object({ id: z.enum(['employee', 'resident']), name: z.string() }).strict()).min(1),
    flows: z.array(z.object({ flow: flowId, name: z.string(), note: z.string() }).strict()),
    channels: z.array(channel),
    phones: z.array(phone),
    /** Shown where a person might expect a phone the sources don't give. */
    phoneNote: z.string().optional(),
    facility: facilityPolicy.optional(),
    filing: filingPolicy.optional(),
    rating: z
      .object({
        /** Working days to verify, rectify and answer a 差评. */
        followUpWorkingDays: z.number().int().min(1).max(30),
        /** Where that figure comes from: the city's published rule, or the product's labelled default. */
        followUpSource: followUpSource,
        /** Where it is the rule, an unrated service counts as 基本满意 after this many days; null = off. */
        defaultAfterDays: z.number().int().min(1).nullable(),
        /** Where the default rating comes from; null when `defaultAfterDays` is null. */
        defaultAfterSource: z.string().nullable(),
      })
      .strict()
      .refine((r) => (r.defaultAfterDays === null) === (r.defaultAfterSource === null), {
        message: 'defaultAfterDays 与 defaultAfterSource 须同时给出或同时为空',
      }),
    sources: z.array(sourceRef).min(1),
  })
  .strict();

export type CityPolicy = z.infer<typeof cityPolicy>;
export type Channel = z.infer<typeof channel>;
export type Phone = z.infer<typeof phone>;
