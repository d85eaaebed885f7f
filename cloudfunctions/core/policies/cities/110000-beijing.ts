import type { CityPolicy } from '../schema';

export const beijing: CityPolicy = {
  code: '110000',
  name: '北京',
  province: { code: '110000', name: '北京市' },
  schemes: [{ id: 'employee', name: '城镇职工基本医疗保险' }],
  flows: [
    {
      flow: 'facility',
      name: '定点医疗机构变更',
      note: '可选 4 家定点医院；每月 4 日至月末 6:00–22:00 可在线变更，变更成功次日生效。',
    },
    { flow: 'rating', name: '服务评价', note: '办结的事项可按五个等级评价。' },
  ],
  channels: [
    { kind: 'online', name: '“医保北京”公众号' },
    { kind: 'online', name: '北京市社会保险网上服务平台' },
    { kind: 'selfService', name: '二级以上定点医院的社保卡自助服务终端机（查询）' },
  ],
  phones: [{ label: '12333 语音自助查询定点医院', number: '12333', dial: '12333', source: '000' }],
  facility: {
    scheme: 'employee',
    kinds: [{ id: 'general', name: '定点医院', online: true }],
    slots: 4,
    selectableTypes: ['general'],
    noSelectionTypes: ['classA', 'tcm', 'specialist', 'communityCentre', 'communityStation'],
    // The seed describes the online change only; a first choice made online follows the same rules.
    first: { effective: 'nextDay' },
    change: {
      effective: 'nextDay',
      perMonth: null,
      withdrawRestores: true,
      window: { fromDay: 4, from: '06:00', to: '22:00' },
    },
    coverage: 'institution',
    coverageTypes: [],
    notes: [
      '所有定点中医医院、定点专科医院、32 家定点A类医院和所有定点社区卫生服务机构无需选择，可按规定就医。',
      '定点药店无需选择，持医院外购处方可在任意定点药店购药。',
      // The source's "当日页面不显示" is about 医保北京's own page; this service shows the change at once.
      '变更成功后次日生效；生效前在“我的定点”中显示为“待生效”，可以撤回，当天仍按原定点医院就医。',
    ],
  },
  rating: {
    followUpWorkingDays: 5,
    followUpSource: {
      kind: 'productDefault',
      note: '产品默认值：本市资料未给出差评整改时限（docs/policy.md §3：各地 5–15 个工作日不等），待本市公布后替换',
    },
    defaultAfterDays: null,
    defaultAfterSource: null,
  },
  sources: [{ seed: '000', title: '北京职工可以自己修改定点医院了！手把手教你办理', published: '2021-10-12' }],
};
