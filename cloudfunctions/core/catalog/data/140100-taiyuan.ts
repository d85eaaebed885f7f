import type { Channel } from '../../policies/schema';
import type { ServiceItem } from '../serviceItem';

// 太原 异地就医备案, six items (seed 003). The source publishes no item codes: the codes here are the product's own.

const SOURCE = { seed: '003', title: '太原市医疗保障事务中心 异地就医备案办事指南' };
const PHONE = { label: '监督电话', number: '0351-2377283', dial: '03512377283', source: '003' };
const ONLINE: Channel[] = [
  { kind: 'online', name: '“山西医保”微信公众号' },
  { kind: 'online', name: '“国家异地就医备案”微信小程序' },
  { kind: 'online', name: '“国家医保服务平台”手机APP' },
];
const WINDOW: Channel = { kind: 'window', name: '太原市政务服务中心二层A区 市医保中心医药机构服务科 A27–A28 号窗口' };
const CARD_CHECK =
  '为确保备案后能够在异地正常使用社会保障卡，请持备案人本人社会保障卡到人社部门社会保障卡制卡中心（太原市政务服务中心三层B区）进行卡环境检测。';
const ON_SITE_PROCESS = [
  '网上办理：2022年7月1日起，可通过线上途径自助办理异地备案',
  '现场办理：参保人员（代办人）或单位通过服务窗口向医保经办机构申报',
  '医保经办机构受理审核，材料不全的一次性告知需补齐的材料；符合条件的现场告知办理结果',
];
const FORM = { name: '《异地就医登记备案表》', when: 'onSite' as const };
const BATCH = [
  { name: '《山西省太原市异地就医登记备案花名表》', when: 'batch' as const },
  { name: '认定材料（花名表中的所有人）', when: 'batch' as const },
];
const QUERY = [
  '太原市政务服务中心二层A区 市医保中心医药机构服务科 A27–A28 号窗口、城乡居民医保科 A20–A22 号窗口',
  '电话 0351-2366791、0351-2366759',
];

function item(
  fields: Pick<ServiceItem, 'code' | 'name' | 'audience' | 'channels' | 'process' | 'materials'>,
): ServiceItem {
  return {
    officialCode: null,
    cityCode: '140100',
    category: '异地就医备案',
    categoryCode: null,
    office: '太原市医疗保障事务中心',
    online: fields.channels.some((c) => c.kind === 'online'),
    timeLimit: { text: '即时办结', rules: [{ limit: { kind: 'immediate' } }] },
    queryChannels: QUERY,
    supervisionPhone: PHONE,
    evaluation: '线上“一事一评”（山西医保公众号 → 互动交流 → 经办服务评价）；窗口“一次一评”',
    notes: [],
    reminders: [CARD_CHECK],
    flow: 'filing',
    source: SOURCE,
    ...fields,
  };
}

export const TAIYUAN_ITEMS: ServiceItem[] = [
  item({
    code: '140100-ydaz',
    name: '异地安置退休人员备案',
    audience: '参加太原市城镇职工基本医疗保险的异地安置退休人员',
    channels: [...ONLINE, WINDOW],
    process: ON_SITE_PROCESS,
    materials: [
      { name: '网上办理无需材料', when: 'online' },
      FORM,
      { name: '异地安置认定材料：异地居住地“户口本首页”和本人“常住人口登记卡”', when: 'onSite' },
      ...BATCH,
    ],
  }),
  item({
    code: '140100-ydcz',
    name: '异地长期居住人员备案（退休人员、军队自主择业人员、灵活就业人员）',
    audience: '参加太原市城镇职工基本医疗保险的异地长期居住退休人员、军队自主择业人员、灵活就业人员',
    channels: [...ONLINE, WINDOW],
    process: ON_SITE_PROCESS,
    materials: [
      { name: '网上办理无需材料', when: 'online' },
      FORM,
      {
        name: '长期居住认定材料：居住证（当地不为退休人员办理居住证的，提供当地居住证明）',
        when: 'onSite',
        note: '军队自主择业人员、灵活就业人员也可提供备案地“户口本首页”和本人“常住人口登记卡”',
      },
      ...BATCH,
    ],
  }),
  item({
    code: '140100-czyd',
    name: '常驻异地工作人员备案',
    audience: '参加太原市城镇职工基本医疗保险的常驻异地工作人员',
    channels: [...ONLINE, WINDOW],
    process: ON_SITE_PROCESS,
    materials: [
      { name: '网上办理无需材料', when: 'online' },
      FORM,
      {
        name: '异地工作证明材料（按单位类型其一）',
        when: 'onSite',
        note: '①单位派驻文件、单位出具书面申请（写明来办事项）；②施工类单位：施工项目执照、企业资质（含施工合同）、工资发放表（至少最近两个月，加盖财章）、单位书面申请；③劳务派遣单位：派遣文件、劳动合同、劳务派遣公司与用人单位签订的派遣合同（协议）、单位书面申请',
      },
      ...BATCH,
    ],
  }),
  item({
    code: '140100-ydzz',
    name: '异地转诊人员备案',
    audience: '参加太原市城镇职工基本医疗保险、通过转诊转院到统筹地区外住院就医的参保人员',
    channels: [{ kind: 'hospital', name: '有转诊资格的医院医保科' }],
    process: [
      '治疗医师建议，医院科室负责人审批',
      '医师填写《转外住院审批表》',
      '医院医保科审核人员身份及转诊材料，符合规定的由医保科负责人在“医院意见”栏签字、盖医保专用章，并录入异地就医（住院）平台备案',
    ],
    materials: [
      { name: '医保电子凭证或有效身份证件或社会保障卡', when: 'onSite' },
      { name: '具有转诊资质的定点医疗机构填写的《转外住院审批表》', when: 'onSite' },
      {
        name: '住院病人：出院证；门诊病人：诊断建议书及相关检查化验报告',
        when: 'onSite',
        note: '须写明本地不能治疗的原因和建议转诊的医院',
      },
    ],
  }),
  item({
    code: '140100-kjjz',
    name: '跨省急诊住院人员备案',
    audience: '参加太原市城镇职工基本医疗保险的跨省急诊住院的参保人员',
    channels: ONLINE,
    process: ['网上办理：2022年7月1日起，可通过线上途径自助办理异地备案'],
    materials: [{ name: '网上办理无需材料', when: 'online' }],
  }),
  item({
    code: '140100-kjfj',
    name: '跨省非急未转住院人员备案',
    audience: '参加太原市城镇职工基本医疗保险的跨省非急诊、未办理转诊的参保人员',
    channels: ONLINE,
    process: ['网上办理：2022年7月1日起，可通过线上途径自助办理异地备案'],
    materials: [{ name: '网上办理无需材料', when: 'online' }],
  }),
];
