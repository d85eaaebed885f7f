import { FACTS, taiyuanFilingEvent, withProfile } from '../helpers/people';
import {
  actAs,
  expectTDesignRendered,
  renderPage,
  setClock,
  settle,
  textOf,
  untilText,
  usePageCloud,
  wxCalls,
  wxStorage,
} from './harness';

// 变更 of a 备案 (issue 28 item 4, issue 31): the form opens filled from the filing, the 就医地 can be chosen anew,
// what is left alone carries over, and afterwards the two cards (and certificates) say which replaced which.
jest.setTimeout(60_000);
const NOW = '2026-11-24T10:00:00+08:00';

const { cloud, pages } = usePageCloud({ pages: ['filing-form', 'filing-mine', 'filing-certificate'] });

const data = (comp: any) => comp.instance.data as any;
const query = (url: string) => Object.fromEntries(new URLSearchParams(url.split('?')[1]));
const lastUrl = (api: string) => wxCalls(api).pop()!.args.url as string;
const tap = (comp: any, method: string, dataset: Record<string, string> = {}) =>
  comp.instance[method]({ currentTarget: { dataset } });

describe.each([
  ['normal', false],
  ['elderly', true],
])('变更 of a 备案 (%s mode)', (_mode, elderly) => {
  beforeEach(() => {
    wxStorage().clear();
    if (elderly) wxStorage().set('elderlyMode', 'on');
    setClock(NOW);
  });

  it('changes the 就医地 keeping the address; the old card reads 已变更 and names the new one', async () => {
    const openid = `fc-move-${elderly}`;
    await withProfile(cloud, openid, elderly ? 861 : 862, FACTS.taiyuanRetired);
    actAs(openid);
    // 异地安置 asks for the address in the destination; it was given when filing.
    const filed = await cloud.call(
      'filing',
      {
        action: 'submit',
        cityCode: '140100',
        typeCode: '140100-ydaz',
        destination: { provinceCode: '440000', cityCode: '440100' },
        startDate: '2026-12-01',
        address: '广州市示例路8号',
        plannedReturn: '2027-06-30',
        requestId: `${openid}-0001`,
      },
      { openid, now: NOW },
    );
    expect(filed.ok).toBe(true);
    const oldId = filed.data.filingId;

    const mine = await renderPage(pages['filing-mine']);
    tap(mine, 'change', { id: oldId });
    expect(lastUrl('navigateTo')).toBe(`/pages/filing-form/index?changeOf=${oldId}`);

    const form = await renderPage(pages['filing-form'], query(lastUrl('navigateTo')));
    expectTDesignRendered(form, ['cell', 'button']);
    let text = textOf(form);
    expect(text).toContain(`原备案（广州市，备案编号 ${oldId}）结束`);
    expect(text).toContain('广州市（跨省）');
    // Filled from the filing: nothing needs retyping to go on.
    expect(text).toContain('广州市示例路…');
    expect(text).toContain('沿用原备案');
    expect(data(form)).toMatchObject({ startDate: '2026-12-01', plannedReturn: '2027-06-30' });
    expect(text).toContain('请确认：异地安置退休人员备案');

    // The 就医地, chosen anew.
    await tap(form, 'chooseDestination');
    await settle();
    expect(textOf(form)).toContain('改到哪个省');
    await tap(form, 'chooseProvince', { code: '320000' });
    await settle();
    expect(textOf(form)).toContain('改到江苏省的哪个市');
    await tap(form, 'chooseCity', { code: '320100' });
    await settle();
    text = textOf(form);
    expect(text).toContain('南京市（跨省）');
    expect(text).toContain('请确认：异地安置退休人员备案');
    expect(text).not.toContain('还需要填写');
    await (form.instance as any).submit();
    await settle();
    const certUrl = lastUrl('redirectTo');
    const newId = query(certUrl).filingId;
    expect(newId).not.toBe(oldId);

    const cert = await renderPage(pages['filing-certificate'], query(certUrl));
    expect(textOf(cert)).toContain('这是变更后的备案，于2026年11月24日替代原备案（就医地广州市，2026年12月1日起）');
    expect(textOf(cert)).toContain('南京市（跨省）');

    // 我的备案: the two cards say which is which.
    const after = await renderPage(pages['filing-mine']);
    text = textOf(after);
    expect(text).toContain('已变更');
    expect(text).not.toContain('已撤销');
    expect(text).toContain('已于2026年11月24日变更为新的备案（就医地南京市，2026年12月1日起），本条不再使用。');
    expect(text).toContain('这是变更后的备案');
    const cards = data(after).items.map((f: any) => [f.filingId, f.status, f.canChange]);
    expect(cards).toEqual(
      expect.arrayContaining([
        [oldId, '已变更', false],
        [newId, '已备案', true],
      ]),
    );
    // The old card leads to the new one; so does the old certificate, which is not the one to show any more.
    tap(after, 'open', { id: newId });
    expect(lastUrl('navigateTo')).toBe(`/pages/filing-certificate/index?filingId=${newId}`);
    const oldCert = await renderPage(pages['filing-certificate'], { filingId: oldId });
    expect(textOf(oldCert)).toContain('本条不再使用');
    // Not the one to show at a hospital: no picture of it to save, no 到院怎么结算.
    expect(textOf(oldCert)).not.toContain('保存图片');
    expect(textOf(oldCert)).not.toContain('到院怎么结算');
    tap(oldCert, 'openReplacement');
    expect(lastUrl('redirectTo')).toBe(`/pages/filing-certificate/index?filingId=${newId}`);

    // The address went on with the new filing (masked), without being typed again.
    const next = await renderPage(pages['filing-form'], { changeOf: newId });
    await untilText(next, '广州市示例路…');
  });

  it('a longer trip: a new planned return warns about the validity and is kept with the changed filing', async () => {
    const openid = `fc-longer-${elderly}`;
    await withProfile(cloud, openid, elderly ? 863 : 864, FACTS.taiyuanRetired);
    actAs(openid);
    const filed = await cloud.call(
      'filing',
      { ...taiyuanFilingEvent(`${openid}-0001`), plannedReturn: '2027-03-01' },
      { openid, now: NOW },
    );
    const form = await renderPage(pages['filing-form'], { changeOf: filed.data.filingId });
    expect(data(form).plannedReturn).toBe('2027-03-01');
    expect(textOf(form)).not.toContain('早于您预计回来');
    await (form.instance as any).onReturn({ detail: { value: '2027-08-01' } });
    await settle();
    expect(textOf(form)).toContain('这次备案到2027年5月31日为止，早于您预计回来的2027年8月1日');
    expect(textOf(form)).toContain('续办');
    await (form.instance as any).submit();
    await settle();
    const newId = query(lastUrl('redirectTo')).filingId;
    const detail = await cloud.call('filing', { action: 'detail', filingId: newId }, { openid, now: NOW });
    expect(detail.data.filing).toMatchObject({ plannedReturn: '2027-08-01', previousFilingId: filed.data.filingId });
  });
});
