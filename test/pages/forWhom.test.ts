import { FACTS, member, withMember, withProfile } from '../helpers/people';
import { actAs, expectTDesignRendered, renderPage, settle, textOf, usePageCloud, wxStorage } from './harness';

jest.setTimeout(60_000);

const { cloud, pages } = usePageCloud({ pages: ['facility', 'filing'] });
beforeEach(() => wxStorage().clear());

describe('为谁办理 when the caller’s own city does not offer the flow', () => {
  it('定点: a 太原 resident picks their 中山 parent and searches 中山’s institutions', async () => {
    await withProfile(cloud, 'fw-ty', 1801, FACTS.taiyuanRetired);
    const parent = await withMember(
      cloud,
      'fw-ty',
      member(1802, 'fw-ty-m1', { ...FACTS.zhongshanResident, relationship: '父母' }),
    );
    actAs('fw-ty');
    const page = await renderPage(pages.facility);
    await settle();
    expect(textOf(page)).toContain('太原暂未开通定点医疗机构选点');
    expect(textOf(page)).toContain('为谁办理');
    expectTDesignRendered(page, ['cell', 'empty', 'button']);
    (page.instance as any).openSheet({ currentTarget: { dataset: { sheet: 'who' } } });
    expect((page.instance as any).data.sheetItems.map((i: any) => i.value)).toEqual(['', parent]);
    await (page.instance as any).onSheetSelected({ detail: { selected: { value: parent } } });
    await settle();
    expect(textOf(page)).toContain('中山');
    expect(textOf(page)).not.toContain('暂未开通');
    expect((page.instance as any).data.items.length).toBeGreaterThan(0);
  });

  it('备案: a 中山 resident files for their 太原 parent from the questionnaire', async () => {
    await withProfile(cloud, 'fw-zs', 1803, FACTS.zhongshanResident);
    const parent = await withMember(
      cloud,
      'fw-zs',
      member(1804, 'fw-zs-m1', { ...FACTS.taiyuanRetired, relationship: '父母' }),
    );
    actAs('fw-zs');
    const page = await renderPage(pages.filing);
    await settle();
    expect(textOf(page)).toContain('为谁办理');
    expectTDesignRendered(page, ['cell', 'button']);
    const items = (page.instance as any).data.whoItems;
    expect(items.map((i: any) => i.value)).toEqual(['', parent]);
    expect(items[1].label).toContain('太原');
    (page.instance as any).onWhoSelected({ detail: { selected: items[1] } });
    await settle();
    expect(textOf(page)).toContain('父母');
    await (page.instance as any).chooseReason({ currentTarget: { dataset: { value: 'referral' } } });
    await settle();
    await (page.instance as any).chooseProvince({ currentTarget: { dataset: { code: '440000' } } });
    await settle();
    await (page.instance as any).chooseCity({ currentTarget: { dataset: { code: '440100' } } });
    await settle();
    const answer = (page.instance as any).data.answer;
    expect(answer.type.typeCode.startsWith('140100-')).toBe(true);
    expect((page.instance as any).query()).toContain(`memberId=${parent}`);
  });
});
