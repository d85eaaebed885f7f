import type { ServiceItem } from '../serviceItem';

// 中山 (seed 001). The source publishes no item code: the code here is the product's own.
export const ZHONGSHAN_ITEMS: ServiceItem[] = [
  {
    code: '442000-mzxd',
    officialCode: null,
    cityCode: '442000',
    name: '门诊选点登记（社区门诊选点）',
    category: '定点医疗机构',
    categoryCode: null,
    office: '中山市医疗保障局',
    audience: '所有中山基本医疗保险参保人（不论户籍）',
    online: true,
    channels: [
      { kind: 'online', name: '“粤医保”微信小程序' },
      { kind: 'online', name: '广东政务服务网（上传表格，工作人员审核后生效）' },
      {
        kind: 'window',
        name: '定点社区卫生服务中心/站、镇街级及市级定点医疗机构、市政务服务中心医保服务区、各镇街医保经办窗口',
      },
    ],
    process: [
      '业务办理',
      '门诊选点登记',
      '新增选点',
      '社区门诊选点',
      '选择所属区域“中山市”',
      '选择机构名称（社区卫生服务中心/站）',
      '提交',
    ],
    materials: [
      { name: '线上：实名、实人认证并激活医保电子凭证', when: 'online' },
      { name: '本人身份证、社保卡或医保电子凭证其中一种', when: 'onSite', note: '代办的，代办人也须带本人证件' },
    ],
    timeLimit: { text: '首次选点立即生效；变更选点次月1日生效', rules: [{ limit: { kind: 'immediate' } }] },
    queryChannels: ['“粤医保”微信小程序'],
    supervisionPhone: null,
    evaluation: null,
    notes: [
      '选点后，可在所选社区门诊点所在镇街整个辖区内的镇街医院及社区卫生服务中心（站）通用',
      '原则上每月只能进行一次有效变更',
      '变更选点不影响门特选点、产检选点、异地选点',
      '不擅长手机操作的长者和小孩，可凭身份证、社保卡、医保电子凭证其中一种到定点社区卫生服务站或医保窗口选点',
    ],
    reminders: [],
    flow: 'facility',
    source: { seed: '001', title: '如何办理定点医院选点中山' },
  },
];
