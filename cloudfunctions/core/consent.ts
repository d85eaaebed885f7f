/** The separate consent asked before the first ID number or filing is collected. A new version asks again. */
export const CONSENT = {
  version: '2026-11-24',
  title: '个人信息收集与使用告知',
  purpose:
    '为了替您（或您代为办理的家庭成员）办理定点医疗机构选点/变更、异地就医备案和服务评价，需要收集姓名、证件号码、手机号码、参保地、参保类型和人员类别。',
  kept: '证件号码、手机号码和姓名加密保存，只在办理业务时由服务端使用；页面上只显示遮挡后的号码（如 110***********1234）。',
  retention:
    '保存至您在“我的”中删除资料或删除家庭成员为止；删除后立即清除。每次保存或使用完整号码都会记录操作类型和时间（不含号码本身），以备核查。',
  sharing: '除办理业务需要向医保经办机构提交外，不向任何第三方提供。',
} as const;
