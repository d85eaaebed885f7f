import type { CityPolicy } from '../schema';

export const taiyuan: CityPolicy = {
  code: '140100',
  name: '太原',
  province: { code: '140000', name: '山西省' },
  schemes: [{ id: 'employee', name: '城镇职工基本医疗保险' }],
  flows: [
    {
      flow: 'filing',
      name: '异地就医备案',
      note: '六类备案；2022 年 7 月 1 日起可网上自助办理（异地转诊须到有转诊资格的医院医保科办理），即时办结。',
    },
    { flow: 'rating', name: '服务评价', note: '线上“一事一评”五个等级，窗口“一次一评”五个等级。' },
  ],
  channels: [
    { kind: 'online', name: '“山西医保”微信公众号' },
    { kind: 'online', name: '“国家异地就医备案”微信小程序' },
    { kind: 'online', name: '“国家医保服务平台”手机APP' },
    { kind: 'window', name: '太原市政务服务中心二层A区 市医保中心医药机构服务科 A27–A28 号窗口' },
  ],
  phones: [
    { label: '监督电话', number: '0351-2377283', dial: '03512377283', source: '003' },
    { label: '查询电话', number: '0351-2366791', dial: '03512366791', source: '003' },
    { label: '查询电话', number: '0351-2366759', dial: '03512366759', source: '003' },
  ],
  filing: {
    types: [
      {
        serviceCode: '140100-ydaz', name: '异地安置退休人员备案', category: 'longTerm', reasons: ['retiredSettled'],
        categories: ['retired'], schemes: ['employee'], online: true, crossProvinceOnly: false, requires: ['address', 'contactPhone'],
        why: '您已退休，并在外地定居（安置）。',
      },
      {
        serviceCode: '140100-ydcz', name: '异地长期居住人员备案（退休人员、军队自主择业人员、灵活就业人员）', category: 'longTerm',
        reasons: ['longTermResidence'], categories: ['retired', 'militarySelfEmployed', 'flexible'], schemes: ['employee'], online: true,
        crossProvinceOnly: false, requires: ['address', 'contactPhone'], why: '您将在外地长期居住，且属于退休人员、军队自主择业人员或灵活就业人员。',
      },
      {
        serviceCode: '140100-czyd', name: '常驻异地工作人员备案', category: 'longTerm', reasons: ['postedForWork'], categories: ['employed'],
        schemes: ['employee'], online: true, crossProvinceOnly: false, requires: ['address', 'contactPhone'], why: '您由单位派驻外地长期工作。',
      },
      {
        serviceCode: '140100-ydzz', name: '异地转诊人员备案', category: 'temporary', reasons: ['referral'], categories: [], schemes: ['employee'],
        online: false, offline: '由有转诊资格的医院医保科办理：请带医保电子凭证或有效身份证件或社会保障卡、医院填写的《转外住院审批表》、出院证或诊断建议书（写明本地不能治疗的原因和建议转诊的医院）。',
        crossProvinceOnly: false, requires: ['contactPhone'], covers: '转外住院；门诊病人转诊的也可办理',
        why: '医院建议您转到外地治疗。',
      },
      {
        serviceCode: '140100-kjjz', name: '跨省急诊住院人员备案', category: 'temporary', reasons: ['emergency'], categories: [], schemes: ['employee'],
        online: true, crossProvinceOnly: true, requires: ['contactPhone'], covers: '跨省急诊住院', why: '您在外省因急诊住院。',
      },
      {
        serviceCode: '140100-kjfj', name: '跨省非急未转住院人员备案', category: 'temporary', reasons: ['otherTemporary'], categories: [], schemes: ['employee'],
        online: true, crossProvinceOnly: true, requires: ['contactPhone'], covers: '跨省住院（非急诊、未转诊）',
        why: '您到外省住院，既不是急诊，也没有办理转诊。',
      },
    ],
    temporaryValidityMonths: 6,
    expiryReminderDays: 7,
    longTermLockMonths: null,
    noTypeNote: {
      emergency: '太原的急诊备案面向跨省急诊住院；在山西省内就医的，请拨打查询电话 0351-2366791 咨询。',
      otherTemporary: '太原的非急诊备案面向跨省住院；在山西省内就医的，请拨打查询电话 0351-2366791 咨询。',
    },
    // Seed 003 names the 城乡居民医保科 windows and the two 查询 phones; the online types serve 职工医保 only.
    otherSchemeNote: {
      resident: '城乡居民医保参保人办理异地就医备案，请到太原市政务服务中心二层A区 城乡居民医保科 A20–A22 号窗口咨询，或拨打 0351-2366791、0351-2366759。',
    },
    national: { emergencyCountsAsFiled: true, commitmentForLongTerm: true },
  },
  rating: { followUpWorkingDays: 5, defaultAfterDays: null, source: '整改时限：种子资料未给出本市数字，此为产品默认值（docs/policy.md §3：各地 5–15 个工作日不等），待本市公布后替换' },
  sources: [{ seed: '003', title: '太原市医疗保障事务中心 异地就医备案办事指南' }],
};
