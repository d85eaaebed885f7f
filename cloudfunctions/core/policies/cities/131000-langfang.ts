import type { CityPolicy } from '../schema';

export const langfang: CityPolicy = {
  code: '131000',
  name: '廊坊',
  province: { code: '130000', name: '河北省' },
  schemes: [
    { id: 'employee', name: '职工基本医疗保险' },
    { id: 'resident', name: '城乡居民基本医疗保险' },
  ],
  flows: [
    {
      flow: 'filing',
      name: '异地就医备案',
      note: '四类备案，即时办结；常驻异地工作人员备案只能到窗口办理。',
    },
    { flow: 'rating', name: '服务评价', note: '办结的事项可评价（清单所列评价渠道：评价器）。' },
  ],
  channels: [
    { kind: 'window', name: '医保经办窗口' },
    { kind: 'online', name: '微信公众号' },
    { kind: 'selfService', name: '自助查询机（参保信息查询）' },
  ],
  // The list prints 2227529 without an area code; 0316 is 廊坊's area code, added so the phone can dial it.
  phones: [{ label: '监督电话', number: '2227529', dial: '03162227529', source: '002' }],
  sources: [{ seed: '002', title: '廊坊市医疗保障经办政务服务事项清单及办事指南', published: '2020-08-25' }],
};
