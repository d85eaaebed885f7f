import { SETTLEMENT_KINDS, SETTLEMENT_LABELS, type SettlementKind } from '../policies/schema';
import { addDays } from './beijingTime';

/**
 * The check before submit (issue 31): what would make a filing that the rules allow still fail at the hospital —
 * a destination that is only a province, a type that covers only 住院, a temporary filing ending before the
 * planned return, a hospital not connected for the care the type covers. Pure; nothing here names a city, and
 * nothing here blocks: each warning says what to do.
 */

export interface Warning {
  code:
    | 'DESTINATION_NOT_CITY'
    | 'TYPE_INPATIENT_ONLY'
    | 'VALIDITY_ENDS_BEFORE_RETURN'
    | 'RETURN_BEFORE_START'
    | 'SITE_NOT_CONNECTED'
    | 'SITE_NOT_LISTED';
  message: string;
  todo: string;
  renewFrom?: string;
}

export interface CheckInput {
  type: { name: string; category: 'longTerm' | 'temporary'; settles?: SettlementKind[] };
  scope: '跨省' | '省内';
  destination: { cityCode: string; name: string };
  validFrom: string | null;
  validUntil: string | null;
  plannedReturn?: string;
  /** The hospital the person named: as found in the destination's connected list, or null when it is not there. */
  hospital?: { name: string; settles: SettlementKind[]; sample: boolean } | null;
  /** Names of the insured city's long-term types (a way on for a long stay). */
  longTermTypes: string[];
}

/** Municipalities (北京, 天津, 上海, 重庆) are cities at the province level. */
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);

/** The kinds of care a type settles directly; all three where its policy does not narrow them. */
export const settlesOf = (type: { settles?: SettlementKind[] }): SettlementKind[] =>
  type.settles?.length ? SETTLEMENT_KINDS.filter((k) => type.settles!.includes(k)) : [...SETTLEMENT_KINDS];

export const kindsText = (kinds: SettlementKind[], joiner = '、') =>
  kinds.map((k) => SETTLEMENT_LABELS[k]).join(joiner);

/** 2027-05-31 → 2027年5月31日 */
export const dateWords = (d: string) =>
  `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

export function checkBeforeLeaving(input: CheckInput): Warning[] {
  const warnings: Warning[] = [];
  const { type, destination } = input;
  const kinds = settlesOf(type);
  const where = destination.name;
  if (destination.cityCode.endsWith('0000') && !MUNICIPALITIES.has(destination.cityCode.slice(0, 2))) {
    warnings.push({
      code: 'DESTINATION_NOT_CITY',
      message: `就医地只选到了省（${where}），没有选到具体的市。`,
      todo: '请选择要去的城市：只写省份的备案，到了医院可能无法直接结算。',
    });
  }
  if (!kinds.includes('outpatient') && !kinds.includes('chronic')) {
    warnings.push({
      code: 'TYPE_INPATIENT_ONLY',
      message: `${type.name}只用于在${where}${kindsText(kinds)}直接结算，普通门诊和门诊慢特病不在其内。`,
      todo: '如果去那里主要是看门诊，或要长期在那里生活，请回到上一步按实际情况选择备案类型；拿不准的，可向参保地医保经办机构咨询。',
    });
  }
  const back = input.plannedReturn;
  if (back && input.validFrom && back < input.validFrom) {
    warnings.push({
      code: 'RETURN_BEFORE_START',
      message: `预计回来的日期（${dateWords(back)}）早于备案开始日期（${dateWords(input.validFrom)}）。`,
      todo: '请核对开始日期和预计回来的日期。',
    });
  } else if (back && input.validUntil && back > input.validUntil) {
    const longTerm = input.longTermTypes.length
      ? `；如果是长期在外地居住或工作，也可以改办长期备案（${input.longTermTypes.join('、')}）`
      : '';
    warnings.push({
      code: 'VALIDITY_ENDS_BEFORE_RETURN',
      message: `这次备案到${dateWords(input.validUntil)}为止，早于您预计回来的${dateWords(back)}：之后就医不能直接结算，要先全额自付。`,
      todo: `到期前可以再办一次备案（续办），从${dateWords(addDays(input.validUntil, 1))}起接着有效${longTerm}。订阅到期提醒，到期前会提醒您。`,
      renewFrom: addDays(input.validUntil, 1),
    });
  }
  if (input.hospital === null) {
    warnings.push({
      code: 'SITE_NOT_LISTED',
      message: `所选医院不在${where}的跨省联网定点医药机构名单中。`,
      todo: `到那里就医可能要先全额自付、回参保地再报销。请换一家可直接结算${kindsText(kinds)}的医院（可在上方搜索）。`,
    });
  } else if (input.hospital) {
    const h = input.hospital;
    const missing = kinds.filter((k) => !h.settles.includes(k));
    if (missing.length === kinds.length) {
      warnings.push({
        code: 'SITE_NOT_CONNECTED',
        message: `${h.name}${h.sample ? '（示例数据）' : ''}没有开通${kindsText(kinds)}的跨省直接结算（只开通了${kindsText(h.settles)}）。`,
        todo: `在那里${kindsText(kinds)}要先全额自付，回参保地再报销。想直接结算，请换一家已开通${kindsText(kinds)}的医院（可在上方搜索）。`,
      });
    } else if (missing.length && type.category === 'longTerm') {
      warnings.push({
        code: 'SITE_NOT_CONNECTED',
        message: `${h.name}${h.sample ? '（示例数据）' : ''}没有开通${kindsText(missing)}的跨省直接结算。`,
        todo: `在那里${kindsText(missing)}要先自付再回参保地报销；需要${kindsText(missing)}时，请到已开通的医院（可在上方搜索）。`,
      });
    }
  }
  return warnings;
}
