import type { InstitutionRow } from './institution';

// Demo data: made-up institutions named "示例·…" with made-up codes "SAMPLE-…", placed around real districts and
// 镇街 so that search by area and by distance can be tried. Every page that shows them says they are samples.

/** A small deterministic generator, so every fresh start seeds the same list. */
function generator(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const BEIJING_DISTRICTS: Array<[string, number, number]> = [
  ['东城区', 116.416, 39.928],
  ['西城区', 116.366, 39.912],
  ['朝阳区', 116.486, 39.948],
  ['海淀区', 116.298, 39.959],
  ['丰台区', 116.287, 39.858],
  ['石景山区', 116.223, 39.906],
  ['通州区', 116.657, 39.91],
  ['昌平区', 116.231, 40.221],
  ['大兴区', 116.341, 39.727],
  ['顺义区', 116.654, 40.13],
  ['房山区', 116.143, 39.748],
  ['门头沟区', 116.102, 39.94],
];

const ZHONGSHAN_TOWNS: Array<[string, number, number]> = [
  ['石岐街道', 113.382, 22.522],
  ['东区街道', 113.41, 22.518],
  ['西区街道', 113.352, 22.53],
  ['南区街道', 113.365, 22.49],
  ['五桂山街道', 113.43, 22.45],
  ['中山港街道', 113.48, 22.55],
  ['小榄镇', 113.25, 22.67],
  ['古镇镇', 113.19, 22.61],
  ['横栏镇', 113.26, 22.52],
  ['黄圃镇', 113.34, 22.71],
  ['南头镇', 113.29, 22.72],
  ['东凤镇', 113.27, 22.68],
  ['阜沙镇', 113.35, 22.66],
  ['三角镇', 113.42, 22.68],
  ['民众街道', 113.49, 22.62],
  ['南朗街道', 113.53, 22.49],
  ['港口镇', 113.39, 22.59],
  ['大涌镇', 113.29, 22.47],
  ['沙溪镇', 113.32, 22.52],
  ['三乡镇', 113.43, 22.36],
  ['板芙镇', 113.33, 22.42],
  ['神湾镇', 113.36, 22.31],
  ['坦洲镇', 113.46, 22.26],
];

function around(rand: () => number, lng: number, lat: number, spread: number): [number, number] {
  return [Number((lng + (rand() - 0.5) * spread).toFixed(5)), Number((lat + (rand() - 0.5) * spread).toFixed(5))];
}

export function sampleInstitutions(): InstitutionRow[] {
  const rows: InstitutionRow[] = [];
  const rand = generator(20261124);
  let n = 0;
  const add = (
    cityCode: string,
    name: string,
    type: InstitutionRow['type'],
    district: string,
    town: string,
    at: [number, number],
  ) => {
    n += 1;
    rows.push({
      code: `SAMPLE-${cityCode}-${String(n).padStart(4, '0')}`,
      cityCode,
      name: `示例·${name}`,
      type,
      district,
      town,
      address: `${district}${town === district ? '' : town}示例路${(n % 97) + 1}号`,
      longitude: at[0],
      latitude: at[1],
      sample: true,
    });
  };
  BEIJING_DISTRICTS.forEach(([district, lng, lat], i) => {
    const town = `${district.slice(0, -1)}街道`;
    for (let k = 1; k <= 12; k += 1)
      add('110000', `${district}第${k}综合医院`, 'general', district, town, around(rand, lng, lat, 0.12));
    for (let k = 1; k <= 3; k += 1)
      add('110000', `${district}第${k}A类医院`, 'classA', district, town, around(rand, lng, lat, 0.1));
    for (let k = 1; k <= 2; k += 1)
      add('110000', `${district}中医医院${k}`, 'tcm', district, town, around(rand, lng, lat, 0.1));
    for (let k = 1; k <= 3; k += 1)
      add('110000', `${district}专科医院${k}`, 'specialist', district, town, around(rand, lng, lat, 0.1));
    for (let k = 1; k <= 6; k += 1)
      add(
        '110000',
        `${district}第${k}社区卫生服务中心`,
        'communityCentre',
        district,
        town,
        around(rand, lng, lat, 0.1),
      );
    if (i === 0)
      add('110000', '东城区综合医院（全角ＡＢＣ测试）', 'general', district, town, around(rand, lng, lat, 0.05));
  });
  for (const [town, lng, lat] of ZHONGSHAN_TOWNS) {
    add('442000', `${town}社区卫生服务中心`, 'communityCentre', '中山市', town, around(rand, lng, lat, 0.03));
    for (let k = 1; k <= 6; k += 1)
      add('442000', `${town}第${k}社区卫生服务站`, 'communityStation', '中山市', town, around(rand, lng, lat, 0.05));
    add('442000', `${town}医院`, 'townHospital', '中山市', town, around(rand, lng, lat, 0.03));
  }
  return rows;
}
