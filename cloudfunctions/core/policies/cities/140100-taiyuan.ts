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
  sources: [{ seed: '003', title: '太原市医疗保障事务中心 异地就医备案办事指南' }],
};
