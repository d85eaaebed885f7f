import type { ServiceItem } from '../serviceItem';

// 北京 (seed 000). The source publishes no item code: the code here is the product's own.
export const BEIJING_ITEMS: ServiceItem[] = [
  {
    code: '110000-ddbg',
    officialCode: null,
    cityCode: '110000',
    name: '定点医疗机构变更（城镇职工）',
    category: '定点医疗机构',
    categoryCode: null,
    office: '北京市医疗保障局',
    audience: '北京城镇职工基本医疗保险参保人员',
    online: true,
    channels: [
      { kind: 'online', name: '“医保北京”公众号' },
      { kind: 'online', name: '北京市社会保险网上服务平台' },
    ],
    process: [
      '定点医疗机构变更',
      '点击要变更的定点医疗机构对应的“变更医院”',
      '输入医院编码或医院名称，点击“选择”',
      '提交',
      '查看业务反馈结果',
    ],
    materials: [],
    timeLimit: { text: '变更成功次日生效', rules: [{ limit: { kind: 'immediate' } }] },
    queryChannels: [
      '拨打 12333 按语音提示自助查询',
      '北京市社会保险网上服务平台',
      '持本人社保卡到社保卡服务网点或二级以上定点医院的社保卡自助服务终端机查询',
    ],
    supervisionPhone: null,
    evaluation: null,
    notes: [
      '可选择 4 家定点医院；所有定点中医医院、定点专科医院、32 家定点A类医院和所有定点社区卫生服务机构无需选择，可按规定就医',
      '定点药店无需选择，持医院外购处方可在任意定点药店购药',
    ],
    reminders: ['网上自主变更时间为每月 4 日至月末最后一天，早 6 点至晚 10 点；变更成功后当日页面不显示，次日生效'],
    flow: 'facility',
    source: { seed: '000', title: '北京职工可以自己修改定点医院了！手把手教你办理', published: '2021-10-12' },
  },
];
