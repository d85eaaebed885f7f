import type { CityPolicy } from '../schema';

export const zhongshan: CityPolicy = {
  code: '442000',
  name: '中山',
  province: { code: '440000', name: '广东省' },
  schemes: [
    { id: 'employee', name: '职工基本医疗保险' },
    { id: 'resident', name: '城乡居民基本医疗保险' },
  ],
  flows: [
    {
      flow: 'facility',
      name: '门诊选点登记',
      note: '在中山参保的人员选定社区门诊点后享受普通门诊待遇；首次选点立即生效，变更次月 1 日生效，原则上每月一次有效变更。',
    },
    { flow: 'rating', name: '服务评价', note: '办结的事项可按五个等级评价。' },
  ],
  channels: [
    { kind: 'online', name: '“粤医保”微信小程序（业务办理 → 门诊选点登记）' },
    { kind: 'online', name: '广东政务服务网（上传表格，工作人员审核后生效）' },
    {
      kind: 'window',
      name: '定点社区卫生服务中心/站、镇街级及市级定点医疗机构、市政务服务中心医保服务区、各镇街医保经办窗口',
    },
  ],
  phones: [],
  facility: {
    scheme: 'any',
    kinds: [
      { id: 'general', name: '普通门诊（社区门诊）', online: true },
      { id: 'special', name: '门特', online: false, offlineNote: '门特选点请到定点医疗机构或医保窗口办理。' },
      { id: 'prenatal', name: '产检', online: false, offlineNote: '产检选点请到定点医疗机构或医保窗口办理。' },
      { id: 'remote', name: '异地', online: false, offlineNote: '异地选点请通过异地就医备案办理。' },
    ],
    slots: 1,
    selectableTypes: ['communityCentre', 'communityStation'],
    noSelectionTypes: [],
    first: { effective: 'immediate' },
    change: { effective: 'nextMonthFirst', perMonth: 1, withdrawRestores: false, window: null },
    coverage: 'sameTown',
    coverageTypes: ['communityCentre', 'communityStation', 'townHospital'],
    notes: [
      '首次选点立即生效，变更选点次月 1 日生效，原则上每月只能进行一次有效变更。',
      '选点后，可在所选门诊点所在镇街辖区内的镇街医院及社区卫生服务中心（站）通用。',
      '变更普通门诊选点不影响门特、产检、异地选点。',
    ],
  },
  phoneNote: '资料中未列出中山的咨询电话，请以当地医保部门公布的为准。',
  rating: {
    followUpWorkingDays: 5,
    followUpSource: {
      kind: 'productDefault',
      note: '产品默认值：本市资料未给出差评整改时限（docs/policy.md §3：各地 5–15 个工作日不等），待本市公布后替换',
    },
    defaultAfterDays: 7,
    defaultAfterSource: '广东：服务办结后 7 日内未评价的默认为基本满意（docs/policy.md §3 本地示例）',
  },
  sources: [{ seed: '001', title: '如何办理定点医院选点中山' }],
};
