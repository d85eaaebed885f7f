import type { Channel } from '../../policies/schema';
import type { ServiceItem } from '../serviceItem';

// 廊坊市医疗保障经办政务服务事项清单及办事指南 (seed 002, published 2020-08-25): its 28 items as published.
// Blank cells of the list's merged rows take the value of the row above, and say so in `notes`.

const SOURCE = { seed: '002', title: '廊坊市医疗保障经办政务服务事项清单及办事指南', published: '2020-08-25' };
const PHONE = { label: '监督电话', number: '2227529', dial: '03162227529', source: '002' };
const ID = '医保电子凭证或有效身份证件或社保卡';
const MERGED = '清单中本项部分栏目与上一项合并，按上一项填写';

const WINDOW: Channel = { kind: 'window', name: '经办窗口' };
const WECHAT: Channel = { kind: 'online', name: '微信公众号' };
const WEB: Channel = { kind: 'online', name: '网上办理' };
const KIOSK: Channel = { kind: 'selfService', name: '自助查询机' };

const days = (n: number) => ({
  text: `不超过${n}个工作日`,
  rules: [{ limit: { kind: 'workingDays' as const, days: n } }],
});
const IMMEDIATE = { text: '即时办结', rules: [{ limit: { kind: 'immediate' as const } }] };
const AGREEMENT = { text: '按两定机构协议管理办法和经办规程执行', rules: [{ limit: { kind: 'none' as const } }] };

const CATEGORIES: Record<string, [string, string]> = {
  '001': ['基本医疗保险参保和变更登记', '13203600100Y'],
  '002': ['基本医疗保险参保信息查询和个人账户一次性支取', '13203600200Y'],
  '003': ['基本医疗保险关系转移接续', '13203600300Y'],
  '004': ['基本医疗保险参保人员异地就医备案', '13203600400Y'],
  '005': ['基本医疗保险参保人员享受门诊慢特病病种待遇认定', '132036005000'],
  '006': ['基本医疗保险参保人员医疗费用手工（零星）报销', '13203600600Y'],
  '007': ['生育保险待遇核准支付', '13203600700Y'],
  '008': ['医疗救助对象待遇核准支付', '13203600800Y'],
  '009': ['医药机构申请定点协议管理', '13203600900Y'],
  '010': ['定点医药机构费用结算', '13203601000Y'],
};

interface Row {
  code: string;
  name: string;
  audience: string;
  channels: Channel[];
  process: string;
  materials: string[];
  timeLimit: ServiceItem['timeLimit'];
  query: string[];
  office?: string;
  notes?: string[];
  evaluation?: string | null;
  supervision?: 'phone' | string;
  flow?: ServiceItem['flow'];
}

function item(row: Row): ServiceItem {
  const [category, categoryCode] = CATEGORIES[row.code.slice(6, 9)];
  return {
    code: row.code,
    officialCode: row.code,
    cityCode: '131000',
    name: row.name,
    category,
    categoryCode,
    office: row.office ?? '经办机构',
    audience: row.audience,
    online: row.channels.some((c) => c.kind === 'online'),
    channels: row.channels,
    process: row.process.split(/[—-]/),
    materials: row.materials.map((name) => ({ name, when: 'always' as const })),
    timeLimit: row.timeLimit,
    queryChannels: row.query,
    supervisionPhone: row.supervision === undefined || row.supervision === 'phone' ? PHONE : null,
    ...(row.supervision && row.supervision !== 'phone' ? { supervisionNote: row.supervision } : {}),
    evaluation: row.evaluation === undefined ? '评价器' : row.evaluation,
    notes: row.notes ?? [],
    reminders: [],
    flow: row.flow ?? null,
    source: SOURCE,
  };
}

const APPLY = '申请—受理—审核—办结';
const PAY = '申请—受理—审核—拨付—办结';
const ID_NOTE =
  '有效身份证件包括身份证、居住证、户口簿、护照、港澳居民来往内地通行证、港澳台居民居住证、外国人永久居留证等';
const AGENT_NOTE = '委托办理的，应提供委托人及代理人身份证件原件及委托人授权委托书';

export const LANGFANG_ITEMS: ServiceItem[] = [
  item({
    code: '132036001001',
    name: '单位参保登记',
    audience: '参保单位',
    channels: [WINDOW],
    process: APPLY,
    materials: ['统一社会信用代码证书或单位批准成立的文件', '《基本医疗保险单位参保信息登记表》（加盖单位公章）'],
    timeLimit: days(5),
    query: ['经办窗口'],
    notes: [
      '有条件的地区可通过查询市场监管部门“五证合一”数据获取信息并即时办结',
      '参保登记含新参保、暂停参保、注销登记、单位拆分、合并、分立等相关内容',
      '有条件的地区，可网上办理',
    ],
  }),
  item({
    code: '132036001002',
    name: '职工参保登记',
    audience: '参保单位、灵活就业人员',
    channels: [WINDOW, WEB],
    process: APPLY,
    materials: [
      '在职职工：《职工基本医疗保险参保登记表》（含增加、中断、终止、恢复、在职转退休）（加盖单位公章）',
      '在职职工：参保人员有效身份证件复印件',
      '灵活就业人员：有效身份证件',
      '灵活就业人员：《职工基本医疗保险参保登记表》',
    ],
    timeLimit: {
      text: '在职职工不超过5个工作日；灵活就业人员即时办结',
      rules: [
        { audience: '在职职工', limit: { kind: 'workingDays', days: 5 } },
        { audience: '灵活就业人员', limit: { kind: 'immediate' } },
      ],
    },
    query: ['经办窗口', '网上'],
    notes: [
      '港澳台人员参加在职职工医保的，需提供港澳居民来往内地通行证或港澳台居民居住证、建立劳动关系的证明',
      '外国人参加在职职工医保的，需提供外国人就业证件及居留证件，或外国人永久居留证',
      '出国定居的，需提供护照或永久居留证；在职转退休的，需提供退休审批材料',
      ID_NOTE,
      AGENT_NOTE,
      '有条件的地区，可网上办理',
    ],
  }),
  item({
    code: '132036001003',
    name: '城乡居民参保登记',
    audience: '参保人员',
    channels: [WEB],
    process: APPLY,
    materials: ['有效身份证件', '《城乡居民基本医疗保险参保登记表》'],
    timeLimit: IMMEDIATE,
    query: ['微信公众号'],
    notes: [ID_NOTE, AGENT_NOTE, '有条件的地区，可网上办理'],
  }),
  item({
    code: '132036001004',
    name: '单位参保信息变更登记',
    audience: '参保单位',
    channels: [WINDOW, WEB],
    process: APPLY,
    materials: ['《基本医疗保险参保单位信息变更登记表》（加盖单位公章）'],
    timeLimit: IMMEDIATE,
    query: ['经办窗口', '网上'],
    notes: ['变更统一社会信用代码、法定代表人等关键信息的可要求提供必要的对应辅助材料'],
  }),
  item({
    code: '132036001005',
    name: '职工参保信息变更登记',
    audience: '参保单位、参保人员',
    channels: [WINDOW, WEB],
    process: APPLY,
    materials: [ID, '《基本医疗保险职工参保信息变更登记表》（关键信息变更加盖单位公章）'],
    timeLimit: IMMEDIATE,
    query: ['经办窗口', '网上'],
    notes: ['变更姓名、性别、身份证号、出生日期等关键信息的可要求提供必要的对应辅助材料'],
  }),
  item({
    code: '132036001006',
    name: '城乡居民参保信息变更登记',
    audience: '参保人员',
    channels: [WINDOW],
    process: APPLY,
    materials: [ID, '《基本医疗保险城乡居民参保信息变更登记表》'],
    timeLimit: IMMEDIATE,
    query: ['经办窗口'],
  }),
  item({
    code: '132036002001',
    name: '参保单位参保信息查询',
    audience: '参保单位',
    channels: [WINDOW, WEB],
    process: '申请—受理—办结',
    materials: ['单位有效证明文件'],
    timeLimit: IMMEDIATE,
    query: ['经办窗口', '网上'],
    notes: ['单位有效证明文件可包括：统一社会信用代码证书或介绍信'],
  }),
  item({
    code: '132036002002',
    name: '参保人员参保信息查询',
    audience: '参保单位或参保人员',
    channels: [WINDOW, KIOSK, WECHAT],
    process: '申请—受理—办结',
    materials: [ID],
    timeLimit: IMMEDIATE,
    query: ['经办窗口', '自助查询机', '微信公众号'],
  }),
  item({
    code: '132036002003',
    name: '参保人员个人账户一次性支取',
    audience: '参保人员',
    channels: [WINDOW],
    process: '申请—受理—审核—拨付—办结',
    materials: [ID, '《职工基本医疗保险个人账户一次性支取申请表》'],
    timeLimit: days(15),
    query: ['经办窗口'],
    notes: [
      '因死亡支取的提供继承人身份证、银行卡账户信息，通过数据共享无法查询死亡信息的应提供个人承诺书',
      '主动放弃参加职工基本医疗保险的，需提供主动放弃基本医疗保险的情况说明',
    ],
  }),
  item({
    code: '132036003001',
    name: '出具《参保凭证》',
    audience: '参保单位或参保人员',
    channels: [WINDOW],
    process: APPLY,
    materials: [ID],
    timeLimit: IMMEDIATE,
    query: ['经办窗口'],
    notes: ['由转出地经办机构受理', '有条件的地区可采用网络、APP等办理电子《参保凭证》'],
  }),
  item({
    code: '132036003002',
    name: '转移接续手续办理',
    audience: '参保单位或参保人员',
    channels: [WINDOW],
    process: APPLY,
    materials: [ID, '《参保凭证》（含电子《参保凭证》）', '《基本医疗保险关系转移接续申请表》'],
    timeLimit: days(20),
    query: ['经办窗口'],
    notes: [
      '由转入地经办机构受理并负责办结',
      '转入地经办机构应在受理后5个工作日内生成并发出《联系函》',
      '转出地经办机构收到《联系函》后10个工作日内生成、发出《信息表》并划转资金',
      '转入地经办机构收到《信息表》和转移资金后应在5个工作日内办结',
      '有条件的可通过平台、网络、APP等方式进行信息传递',
    ],
  }),
  item({
    code: '132036004001',
    name: '异地安置退休人员备案',
    audience: '参保单位或参保人员',
    channels: [WINDOW, WECHAT],
    process: APPLY,
    materials: [ID],
    timeLimit: IMMEDIATE,
    query: ['经办窗口', '微信公众号'],
    notes: ['有条件的地区可采用多种方式备案'],
    flow: 'filing',
  }),
  item({
    code: '132036004002',
    name: '异地长期居住人员备案',
    audience: '参保单位或参保人员',
    channels: [WINDOW, WECHAT],
    process: APPLY,
    materials: [ID],
    timeLimit: IMMEDIATE,
    query: ['经办窗口', '微信公众号'],
    flow: 'filing',
  }),
  item({
    code: '132036004003',
    name: '常驻异地工作人员备案',
    audience: '参保单位或参保人员',
    channels: [WINDOW],
    process: APPLY,
    materials: [ID],
    timeLimit: IMMEDIATE,
    query: ['经办窗口'],
    flow: 'filing',
  }),
  item({
    code: '132036004004',
    name: '异地转诊人员备案',
    audience: '参保单位或参保人员',
    channels: [WINDOW, WECHAT],
    process: APPLY,
    materials: [ID],
    timeLimit: IMMEDIATE,
    query: ['经办窗口', '微信公众号'],
    flow: 'filing',
  }),
  item({
    code: '132036005000',
    name: '基本医疗保险参保人员享受门诊慢特病病种待遇认定',
    audience: '参保单位或参保人员',
    office: '经办机构或定点医疗机构',
    channels: [WINDOW, WECHAT],
    process: APPLY,
    materials: [ID, '《门诊慢特病病种待遇认定申请表》', '病历资料或检查资料'],
    timeLimit: days(20),
    query: ['经办窗口', '微信公众号'],
    notes: [
      '鼓励将门诊慢特病病种待遇认定下沉到符合要求的定点医疗机构，由定点医疗机构“一站式”受理，经办机构对医疗机构认定情况进行有效监管',
    ],
  }),
  item({
    code: '132036006001',
    name: '门诊费用报销',
    audience: '参保单位',
    channels: [WINDOW],
    process: PAY,
    materials: [ID, '医院收费票据', '门急诊费用清单', '处方底方'],
    timeLimit: days(30),
    query: ['经办窗口', '微信公众号'],
    notes: [
      '地方需增加其他材料必须事前公示，并一次性告知',
      '意外伤害就医的应提供交警事故认定书、法院判决书、调解协议书等公检法部门出具的相关证明材料复印件一份，无法提供的应填写个人承诺书',
      '急诊可要求提供急诊诊断证明',
    ],
  }),
  item({
    code: '132036006002',
    name: '住院费用报销',
    audience: '参保单位',
    channels: [WINDOW],
    process: PAY,
    materials: [ID, '医院收费票据', '住院费用清单、病历资料', '诊断证明'],
    timeLimit: days(30),
    query: ['经办窗口', '微信公众号'],
    notes: [MERGED],
  }),
  item({
    code: '132036007001',
    name: '产前检查费支付（暂无）',
    audience: '参保单位',
    channels: [WINDOW],
    process: PAY,
    materials: [ID, '医院收费票据', '费用清单', '诊断证明'],
    timeLimit: days(20),
    query: ['经办窗口'],
    notes: [
      '合并支付的一次性提供材料',
      '加强部门间数据共享，相互提供证明材料。医疗保障经办业务平台如无法通过其他部门获得出生医学证明等，由办理人提供，无法提供的，需提供个人承诺书',
      '有条件的地区，可网上办理',
      '廊坊市暂无产前检查费支付',
    ],
  }),
  item({
    code: '132036007002',
    name: '生育医疗费支付',
    audience: '参保单位',
    channels: [WINDOW],
    process: PAY,
    materials: [ID, '医院收费票据', '费用清单', '病历资料'],
    timeLimit: days(20),
    query: ['经办窗口', '微信公众号'],
  }),
  item({
    code: '132036007003',
    name: '计划生育医疗费支付',
    audience: '参保单位',
    channels: [WINDOW],
    process: PAY,
    materials: [ID, '医院收费票据', '费用清单', '病历资料'],
    timeLimit: days(20),
    query: ['经办窗口', '微信公众号'],
    notes: [MERGED],
  }),
  item({
    code: '132036007004',
    name: '生育津贴支付',
    audience: '参保单位',
    channels: [WINDOW],
    process: PAY,
    materials: [ID, '病历资料'],
    timeLimit: days(20),
    query: ['经办窗口'],
    notes: [MERGED],
  }),
  item({
    code: '132036008001',
    name: '符合资助条件的救助对象参加城乡居民基本医疗保险个人缴费补贴',
    audience: '救助人员',
    channels: [WINDOW],
    process: PAY,
    materials: ['救助对象身份证明', '个人缴纳基本医保参保费用有效凭证'],
    timeLimit: days(15),
    query: ['经办窗口'],
    supervision: '统筹区监督电话',
    notes: [
      '与其他费用合并支付的一次性提供材料',
      '有条件的地区可通过与相关部门联网实时推送救助对象身份信息',
      '符合救助条件但未经认定的应提供《个人家庭经济状况核查委托授权书》由相关部门认定后进行报销',
    ],
  }),
  item({
    code: '132036008002',
    name: '医疗救助对象手工（零星）报销',
    audience: '救助人员',
    channels: [WINDOW],
    process: PAY,
    materials: [ID, '基本医保、大病保险报销后的结算单、定点医疗机构处方底方或定点药店购药发票', '《医疗救助申请卡》'],
    timeLimit: days(30),
    query: ['经办窗口'],
    supervision: '统筹区监督电话',
    notes: [MERGED],
  }),
  item({
    code: '132036009001',
    name: '医疗机构申请定点协议管理',
    audience: '医疗机构',
    channels: [WINDOW],
    process: APPLY,
    materials: ['办理材料、办理时限、办理环节按照两定机构协议管理办法和经办规程执行'],
    timeLimit: AGREEMENT,
    query: [],
    evaluation: null,
    supervision: '清单未列出',
  }),
  item({
    code: '132036009002',
    name: '零售药店申请定点协议管理',
    audience: '零售药店',
    channels: [WINDOW],
    process: APPLY,
    materials: ['办理材料、办理时限、办理环节按照两定机构协议管理办法和经办规程执行'],
    timeLimit: AGREEMENT,
    query: [],
    evaluation: null,
    supervision: '清单未列出',
    notes: [MERGED],
  }),
  item({
    code: '132036010001',
    name: '基本医疗保险定点医疗机构费用结算',
    audience: '定点医疗机构',
    channels: [WINDOW],
    process: PAY,
    materials: ['办理材料根据定点医药机构与经办机构签订的协议执行'],
    timeLimit: days(30),
    query: ['经办窗口'],
  }),
  item({
    code: '132036010002',
    name: '基本医疗保险定点零售药店费用结算',
    audience: '定点零售药店',
    channels: [WINDOW],
    process: PAY,
    materials: ['办理材料根据定点医药机构与经办机构签订的协议执行'],
    timeLimit: days(30),
    query: ['经办窗口'],
    notes: [MERGED],
  }),
];
