import type { SettlementSiteRow } from './settlementSite';

// Demo data: made-up connected institutions named "示例·…" with codes "SAMPLE-SITE-…", for the destinations the
// tests and the preview use. None of them is a real hospital and none of the codes is an official one; every
// page that shows them says they are samples. A real list is imported (docs/policy.md §2).

const CITIES: Array<{ cityCode: string; city: string; at: [number, number] }> = [
  { cityCode: '440100', city: '广州', at: [113.264, 23.129] },
  { cityCode: '320100', city: '南京', at: [118.797, 32.06] },
  { cityCode: '110000', city: '北京', at: [116.407, 39.904] },
];

export function sampleSettlementSites(): SettlementSiteRow[] {
  const rows: SettlementSiteRow[] = [];
  for (const { cityCode, city, at } of CITIES) {
    let n = 0;
    const add = (name: string, level: string, settles: SettlementSiteRow['settles']) => {
      n += 1;
      rows.push({
        code: `SAMPLE-SITE-${cityCode}-${String(n).padStart(3, '0')}`,
        cityCode,
        name: `示例·${name}`,
        level,
        address: `${city}示例路${n}号（示例地址）`,
        settles,
        longitude: Number((at[0] + n * 0.004).toFixed(5)),
        latitude: Number((at[1] - n * 0.003).toFixed(5)),
        sample: true,
      });
    };
    for (let k = 1; k <= 8; k += 1)
      add(`${city}第${k}人民医院`, k <= 3 ? '三级' : '二级', ['inpatient', 'outpatient', 'chronic']);
    add(`${city}中医医院`, '三级', ['inpatient', 'outpatient']);
    add(`${city}妇幼保健院`, '三级', ['inpatient']);
    // Connected for outpatient care only: filing for 住院 there warns.
    add(`${city}社区门诊部`, '一级', ['outpatient']);
    add(`${city}康复诊所`, '未评级', ['outpatient', 'chronic']);
  }
  return rows;
}
