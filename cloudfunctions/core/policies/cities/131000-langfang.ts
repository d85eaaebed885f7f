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
  filing: {
    types: [
      {
        serviceCode: '132036004001', name: '异地安置退休人员备案', category: 'longTerm', reasons: ['retiredSettled'], categories: ['retired'],
        schemes: ['employee', 'resident'], online: true, crossProvinceOnly: false, requires: ['address', 'contactPhone'],
        why: '您已退休，并在外地定居（安置）。',
      },
      {
        serviceCode: '132036004002', name: '异地长期居住人员备案', category: 'longTerm', reasons: ['longTermResidence'], categories: [],
        schemes: ['employee', 'resident'], online: true, crossProvinceOnly: false, requires: ['address', 'contactPhone'], why: '您将在外地长期居住。',
      },
      {
        serviceCode: '132036004003', name: '常驻异地工作人员备案', category: 'longTerm', reasons: ['postedForWork'], categories: ['employed'],
        schemes: ['employee'], online: false,
        offline: '只能到医保经办窗口办理：请带医保电子凭证或有效身份证件或社保卡。即时办结。',
        crossProvinceOnly: false, requires: ['address', 'contactPhone'], why: '您由单位派驻外地长期工作。',
      },
      {
        serviceCode: '132036004004', name: '异地转诊人员备案', category: 'temporary', reasons: ['referral'], categories: [],
        schemes: ['employee', 'resident'], online: true, crossProvinceOnly: false, requires: ['contactPhone'], why: '医院建议您转到外地治疗。',
      },
    ],
    temporaryValidityMonths: 6,
    expiryReminderDays: 7,
    longTermLockMonths: null,
    noTypeNote: {
      emergency: '廊坊的备案事项清单中没有急诊备案一类。',
      otherTemporary: '廊坊的备案事项清单中没有“其他临时外出”一类。请拨打监督电话 0316-2227529 或到医保经办窗口咨询。',
    },
    otherSchemeNote: {},
    national: { emergencyCountsAsFiled: true, commitmentForLongTerm: true },
  },
  rating: { followUpWorkingDays: 5, defaultAfterDays: null, source: '整改时限：种子资料未给出本市数字，此为产品默认值（docs/policy.md §3：各地 5–15 个工作日不等），待本市公布后替换' },
  sources: [{ seed: '002', title: '廊坊市医疗保障经办政务服务事项清单及办事指南', published: '2020-08-25' }],
};
