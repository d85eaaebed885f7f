import { shippedCatalogue } from '../../cloudfunctions/core/catalog/data';
import { CITIES } from '../../cloudfunctions/core/policies';

const items = shippedCatalogue();
const ofCity = (code: string) => items.filter((i) => i.cityCode === code);

describe('cities (by administrative division code)', () => {
  it('serves 北京, 中山, 太原 and 廊坊 under their codes', () => {
    expect(CITIES.map((c) => [c.code, c.name])).toEqual([
      ['110000', '北京'],
      ['442000', '中山'],
      ['140100', '太原'],
      ['131000', '廊坊'],
    ]);
  });
  it('carries the supervision phones the seeds print, dialable', () => {
    const taiyuan = CITIES.find((c) => c.code === '140100')!;
    expect(taiyuan.phones.map((p) => p.number)).toContain('0351-2377283');
    const langfang = CITIES.find((c) => c.code === '131000')!;
    expect(langfang.phones[0]).toMatchObject({ number: '2227529', dial: '03162227529' });
  });
  it('invents no phone where the seed gives none', () => {
    const zhongshan = CITIES.find((c) => c.code === '442000')!;
    expect(zhongshan.phones).toEqual([]);
    expect(zhongshan.phoneNote).toMatch(/未列出/);
  });
});

describe('廊坊 service catalogue (seed 002)', () => {
  const langfang = ofCity('131000');
  it('has the 28 items with their 12-digit official codes', () => {
    expect(langfang).toHaveLength(28);
    for (const item of langfang) {
      expect(item.officialCode).toBe(item.code);
      expect(item.code).toMatch(/^1320360\d{5}$/);
    }
  });
  it('has the four filing items with their channels', () => {
    const byCode = Object.fromEntries(langfang.map((i) => [i.code, i]));
    expect(byCode['132036004001'].online).toBe(true);
    expect(byCode['132036004002'].online).toBe(true);
    expect(byCode['132036004003'].online).toBe(false);
    expect(byCode['132036004003'].channels.map((c) => c.kind)).toEqual(['window']);
    expect(byCode['132036004004'].online).toBe(true);
    for (const code of ['132036004001', '132036004002', '132036004003', '132036004004']) {
      expect(byCode[code].materials.map((m) => m.name)).toEqual(['医保电子凭证或有效身份证件或社保卡']);
      expect(byCode[code].timeLimit.rules).toEqual([{ limit: { kind: 'immediate' } }]);
    }
  });
  it('reads "不超过N个工作日" as N working days', () => {
    const limits = langfang.map((i) => i.timeLimit.rules[0].limit);
    expect(
      limits
        .filter((l) => l.kind === 'workingDays')
        .map((l) => (l as { days: number }).days)
        .sort((a, b) => a - b),
    ).toEqual([5, 5, 15, 15, 20, 20, 20, 20, 20, 20, 30, 30, 30, 30, 30]);
  });
});

describe('太原 filing items (seed 003)', () => {
  const taiyuan = ofCity('140100');
  const byName = (part: string) => taiyuan.find((i) => i.name.includes(part))!;
  it('has six items, none with an invented official code', () => {
    expect(taiyuan).toHaveLength(6);
    expect(taiyuan.every((i) => i.officialCode === null)).toBe(true);
  });
  it('异地转诊 is only at a referring hospital’s 医保科', () => {
    const item = byName('异地转诊');
    expect(item.online).toBe(false);
    expect(item.channels).toEqual([{ kind: 'hospital', name: '有转诊资格的医院医保科' }]);
    expect(item.materials.map((m) => m.name).join()).toContain('《转外住院审批表》');
  });
  it('跨省急诊 and 跨省非急未转 are online only, with no materials', () => {
    for (const part of ['跨省急诊', '跨省非急未转']) {
      const item = byName(part);
      expect(item.channels.every((c) => c.kind === 'online')).toBe(true);
      expect(item.materials.every((m) => m.when === 'online')).toBe(true);
    }
  });
  it('every item carries the 卡环境检测 reminder', () => {
    expect(taiyuan.every((i) => i.reminders.some((r) => r.includes('卡环境检测')))).toBe(true);
  });
});
