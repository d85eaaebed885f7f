/**
 * Who runs this service: the 个人信息处理者 that PIPL 第十七条 says must be named with a contact. The product's
 * operator is not fixed yet, so both are null: until then the service is a trial, and the consent text says so in
 * plain words, with who will run it — never an invented organisation, phone or address. The deployer fills them
 * in before going live, and then changes CONSENT.version below (a new text asks everyone again).
 */
export const OPERATOR: { name: string | null; contact: string | null } = {
  /** The operator's full legal name, e.g. a 医保经办机构 or the company that runs the service for it. */
  name: null,
  /** How a person reaches whoever handles personal-information requests: phone and/or e-mail, and an address. */
  contact: null,
};

/** No operator named yet: a trial (试用版), not for real business. */
export const TRIAL = OPERATOR.name === null;

const controller = OPERATOR.name
  ? `本服务由${OPERATOR.name}运营，是您个人信息的处理者。联系方式：${OPERATOR.contact ?? '正式上线前写在这里'}。`
  : '这是试用版（演示用），还没有正式的运营者。正式上线后，由参保地的医保经办机构或受它委托的单位运营，它就是您个人信息的处理者；运营者的名称和联系方式会在正式上线前写在这里。在此之前，请不要用它办理真实业务：在这里办的选点、备案和评价不算正式办理，真实业务请通过参保地医保部门的正式渠道办理。行使下面所说的权利，请使用“我的”中的功能，或到参保地医保经办窗口咨询。';

/** The separate consent asked before the first ID number or filing is collected. A new version asks again. */
export const CONSENT = {
  version: '2026-12-07.1',
  title: '个人信息收集与使用告知',
  trial: TRIAL,
  controller,
  purpose:
    '为了替您（或您代为办理的家庭成员）办理定点医疗机构选点/变更、异地就医备案和服务评价，并在办理前确认是您本人在操作。只用于这些目的；要用于其他目的，会另行告诉您并重新征得同意。',
  kinds:
    '姓名、证件类型和证件号码、手机号码、参保地、参保类型和人员类别；办理备案时的备案类型（如转诊、急诊住院）、就医地、开始日期、联系电话和（部分类型）居住地址；服务评价的等级、原因、留言，以及您要求回访时给工作人员看的手机号码。证件号码和备案类型（反映就医情况）属于敏感个人信息：没有它们无法核对您的身份和参保资格、办理对应的备案；一旦泄露，可能被人冒用身份或让人知道您的就医情况，所以证件号码加密保存，这些信息只在办理时使用。',
  means:
    '您在小程序中填写后，由服务端核对并办理；办理中的定点申报和备案按参保地医保规定处理。实人认证由微信人脸核身完成：姓名和证件号码交给微信（腾讯）核验，我们只保存核验结果和时间，不保存人脸图像。',
  kept: '证件号码、手机号码和姓名加密保存，只在办理业务时由服务端使用；页面上只显示遮挡后的号码（如 110***********1234）。每次保存或使用完整号码都会记录操作类型和时间（不含号码本身），以备核查。',
  retention:
    '本人信息、家庭成员和实人认证记录保存到您删除为止：您可以随时在“我的”中删除资料，这些信息立即删除。已办理的定点申报、异地就医备案和服务评价是医保经办的业务记录，按规定保留，但与您的微信账号解除关联，之后不再向本账号显示。别人账号中把您添加为家庭成员的授权不受影响，请先在“谁可以为我办理”中撤销。',
  sharing: '除办理业务需要向参保地医保经办机构提交、实人认证需要交给微信核验外，不向任何第三方提供。',
  rights:
    '查阅：在“我的”中查看本人信息、家庭成员，在“我的定点”“我的备案”“我的评价”中查看办理记录。更正：在“我的”中修改本人信息（改姓名或证件号码需重新刷脸认证）。删除：在“我的”中点“删除我的资料”。撤回同意：删除资料即撤回本同意，之后不再处理您的信息（撤回前已办理的业务不受影响）；不同意或撤回后，仍可查看办事指南。复制您的信息、更正已办理的业务记录，或对处理有疑问、投诉：请联系运营者（见“谁在处理您的信息”），也可到参保地医保经办窗口办理。',
} as const;
