import { type CodeList, type ListFormat, NATIONAL_CODE } from './schema';

/**
 * 北京's list of 定点医疗机构 as the 北京市医疗保障局 publishes it (docs/institutions.md): 医保 code of 8 digits
 * with leading zeros, name, 区县, 类别, 等级, address; no 镇街, no coordinates.
 */
export const beijingList: ListFormat = {
  cityCode: '110000',
  columns: {
    code: ['医院编码', '定点医疗机构编码', '医保编码', '机构编码', '国家医保编码'],
    name: ['医院名称', '定点医疗机构名称', '机构名称'],
    district: ['区县', '所属区县', '区'],
    type: ['类别', '机构类别'],
    level: ['等级', '医院等级'],
    address: ['地址', '详细地址', '机构地址'],
    town: ['镇街', '街道乡镇'],
    longitude: ['经度'],
    latitude: ['纬度'],
  },
  types: {
    对外综合: 'general',
    对外专科: 'specialist',
    对外中医: 'tcm',
    社区卫生站: 'communityStation',
    社区卫生服务站: 'communityStation',
    社区卫生服务中心: 'communityCentre',
    村卫生室: 'villageClinic',
    对内: 'internal',
  },
  levels: ['三级', '二级', '一级', '未评级'],
  codeFormats: [{ name: '北京医保编码（8 位数字，含前导 0）', pattern: '^\\d{8}$' }, NATIONAL_CODE],
  source: '北京市医疗保障局公布的定点医疗机构名单的列名和类别（issue 27）',
};

/**
 * 北京's 32 designated A类 hospitals (seed 000: common 定点 for everyone, no choice needed). The product holds no
 * copy of the published list yet: load it with the import (`--class-a FILE`, the same shape) or fill it in here
 * from the 北京市医疗保障局's publication, with its title and date. Never guessed.
 */
export const beijingClassA: CodeList = {
  cityCode: '110000',
  source: null,
  note: '32 家定点A类医院名单：待按北京市医疗保障局公布的名单填入（种子 000 只给出数量）',
  codes: [],
};
