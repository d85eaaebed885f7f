/**
 * Sent from a task to 我的 to fill in and verify, a person is brought back to it: the way back is offered once
 * verified, the next step is scrolled into view after saving, and the task's page checks again when shown.
 */
import { CONSENT_VERSION, FACTS, profile, testId, testMobile, verifyFace } from '../helpers/people';
import { actAs, renderPage, setClock, settle, textOf, untilText, usePageCloud, wxCalls, wxStorage } from './harness';

jest.setTimeout(60_000);

const { cloud, pages } = usePageCloud({ pages: ['filing', 'me', 'facility'] });
const lastUrl = (api: string) => wxCalls(api).pop()!.args.url as string;

beforeEach(() => {
  wxStorage().clear();
  setClock('2026-11-24T10:00:00+08:00');
});

it('备案: from the refusal to 我的, fill in, scroll to 刷脸认证, verify, back to the questionnaire which now answers', async () => {
  const openid = 'onb-filer';
  await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid });
  actAs(openid);
  const q = await renderPage(pages.filing);
  await (q.instance as any).chooseReason({ currentTarget: { dataset: { value: 'otherTemporary' } } });
  await (q.instance as any).chooseProvince({ currentTarget: { dataset: { code: '440000' } } });
  await (q.instance as any).chooseCity({ currentTarget: { dataset: { code: '440100' } } });
  await settle();
  expect(textOf(q)).toContain('请先在“我的”中填写本人信息');
  (q.querySelector('#failure') as any).instance.goNext();
  const url = lastUrl('navigateTo');
  expect(url).toBe('/pages/me/index?back=1');

  const me = await renderPage(pages.me, { back: '1' });
  const form = me.querySelector('#form') as any;
  for (const [field, value] of Object.entries({
    name: '张三丰',
    idNumber: testId(931),
    mobile: testMobile(931),
    ...FACTS.taiyuanRetired,
  })) {
    form.instance.set(field, value);
  }
  expect(form.instance.submit()).toBe(true);
  await untilText(me, '开始刷脸认证');
  expect(wxCalls('pageScrollTo').pop()!.args).toMatchObject({ selector: '#verify' });
  expect(me.querySelector('#verify')).toBeTruthy();
  expect(textOf(me)).not.toContain('返回继续办理');

  await (me.instance as any).startFace();
  await untilText(me, '返回继续办理');
  const backs = wxCalls('navigateBack').length;
  (me.instance as any).goBack();
  expect(wxCalls('navigateBack')).toHaveLength(backs + 1);

  // Shown again: the questionnaire asks again by itself, no 重试.
  await (q.instance as any).onShow();
  await settle();
  expect(textOf(q)).not.toContain('请先在“我的”');
  expect(textOf(q)).toContain('应办');
});

it('定点: blocked until verified, and the search opens when the person comes back from 我的', async () => {
  const openid = 'onb-zs';
  await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid });
  expect((await cloud.call('user', profile(932, FACTS.zhongshanResident), { openid })).ok).toBe(true);
  actAs(openid);
  const search = await renderPage(pages.facility);
  expect(textOf(search)).toContain('请先在“我的”中完成实人认证');
  (search.instance as any).goBlocked();
  expect(lastUrl('navigateTo')).toBe('/pages/me/index?back=1');
  expect(await verifyFace(cloud, openid)).toMatchObject({ ok: true });
  await (search.instance as any).onShow();
  await settle();
  expect(textOf(search)).not.toContain('请先在“我的”');
  expect(textOf(search)).toContain('以下为示例数据');
});
