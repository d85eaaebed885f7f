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
    { kind: 'window', name: '定点社区卫生服务中心/站、镇街级及市级定点医疗机构、市政务服务中心医保服务区、各镇街医保经办窗口' },
  ],
  phones: [],
  phoneNote: '资料中未列出中山的咨询电话，请以当地医保部门公布的为准。',
  sources: [{ seed: '001', title: '如何办理定点医院选点中山' }],
};
