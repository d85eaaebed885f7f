/**
 * Every page, seen as residents see it: each main state rendered through the real functions on a local cloud
 * (miniprogram-simulate with real TDesign), then laid out by Debian's Chromium at 320 and 375 px, normal and
 * 长辈模式, and checked on the computed layout (browser.ts, chromium.cjs). PNGs go to screens/ (gitignored).
 */
import { join } from 'node:path';
import type { LocalCloud } from '../helpers/localCloud';
import { checkDigit } from '../../miniprogram/shared/personal';
import { CONSENT_VERSION, FACTS, profile, taiyuanFilingEvent, withProfile } from '../helpers/people';
import { FIXTURE_ROSTER_IDS, withUnitStaff } from '../helpers/unitStaff';
import {
  actAs,
  loadPage,
  renderPage,
  setClock,
  settle,
  startCloudForPages,
  textOf,
  until,
  wxStorage,
  type Rendered,
} from '../pages/harness';
import { snapshot } from './snapshot';
import { Browser, MIN_FONT_ELDERLY, MIN_LINE_HEIGHT_ELDERLY, MIN_TAP_ELDERLY, WIDTHS, type Violation } from './browser';

jest.setTimeout(120_000);
let cloud: LocalCloud;
const browser = new Browser();
const pages: Record<string, string> = {};
const g = globalThis as any;
const NOW = '2026-11-10T10:00:00+08:00';

interface State {
  state: string;
  as?: string;
  city?: string;
  query?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Brings the rendered page into the state (taps through the page's own handlers). */
  act?: (comp: Rendered) => Promise<void>;
  /** Text that shows once the state is reached. */
  wait: string;
  clock?: string;
  offline?: boolean;
  /** WeChat's font size setting (px; 17 unless given). */
  fontSize?: number;
  /** Changes a function's real answer before the page sees it (a state no function call can make). */
  answer?: (fn: string, event: { action: string }, result: any) => void;
}

const ids: Record<string, string> = {};
const withCheck = (first17: string) => first17 + checkDigit(first17);
const call = (fn: string, event: Record<string, unknown>, openid: string, now = NOW) =>
  cloud.call(fn, event, { openid, now });

const SCENARIOS: Record<string, State[]> = {
  home: [
    { state: 'main', as: 'bt-zs', city: '442000', wait: '中山的服务事项' },
    { state: 'offline', as: 'bt-zs', offline: true, wait: '网络不给力' },
  ],
  catalog: [{ state: 'list', query: () => ({ cityCode: '131000' }), wait: '共 28 项' }],
  service: [{ state: 'item', query: () => ({ code: '132036001001' }), wait: '办理' }],
  me: [
    { state: 'no-consent', as: 'bt-new', wait: '填写证件号码前，需要您的同意' },
    { state: 'profile', as: 'bt-zs', wait: '已实人认证' },
    // Agreed, nothing filled in yet (参保地 is the home page's city), 保存 tapped: every problem next to its field.
    {
      state: 'form-errors',
      as: 'bt-consented',
      wait: '⚠ 请选择参保类型',
      act: async (page) => {
        (page as any).querySelector('#form').instance.submit();
      },
    },
  ],
  members: [
    { state: 'list', as: 'bt-zs', wait: '家庭成员' },
    // Adding with nothing filled in: every problem next to its field (15 px text here once in 长辈模式).
    {
      state: 'add-errors',
      as: 'bt-zs',
      wait: '⚠ 请选择与您的关系',
      act: async (page) => {
        (page.instance as any).startAdding();
        await settle();
        (page as any).querySelector('#form').instance.submit();
      },
    },
  ],
  agents: [{ state: 'nobody', as: 'bt-zs', wait: '目前没有人可以为您代办' }],
  invite: [{ state: 'enter-code', as: 'bt-zs', wait: '邀请' }],
  consent: [{ state: 'text', as: 'bt-new', wait: '同意' }],
  facility: [
    { state: 'search', as: 'bt-zs', wait: '以下为示例数据' },
    { state: 'no-profile', as: 'bt-new', wait: '请先在“我的”中填写本人信息' },
  ],
  'facility-detail': [
    { state: 'selectable', as: 'bt-zs', query: () => ({ code: ids.station }), wait: '可以选择' },
    { state: 'town-hospital', as: 'bt-zs', query: () => ({ code: ids.townHospital }), wait: '示例' },
    {
      state: 'closed-at-night',
      as: 'bt-bj',
      clock: '2026-11-18T22:00:00+08:00',
      query: () => ({ code: ids.general }),
      wait: '现在不能办理',
    },
    { state: 'several-reasons', as: 'bt-zs3', query: () => ({ code: ids.station3 }), wait: '原因有 3 条' },
  ],
  'facility-confirm': [
    { state: 'confirm', as: 'bt-zs', query: () => ({ code: ids.station, op: 'select', slot: '1' }), wait: '请确认' },
    // A change takes effect on the 1st of next month: the date in the note, never broken at 320 px.
    {
      state: 'change-date',
      as: 'bt-zs2',
      query: () => ({ code: ids.station3, op: 'change', slot: '1' }),
      wait: '2026-12-01 00:00',
    },
  ],
  'facility-mine': [{ state: 'chosen', as: 'bt-zs2', wait: '起生效' }],
  'facility-declarations': [{ state: 'list', as: 'bt-zs2', wait: '生效' }],
  filing: [
    { state: 'start', as: 'bt-ty', wait: '为什么要去外地就医？' },
    {
      state: 'recommended',
      as: 'bt-ty',
      wait: '应办：',
      act: async (q) => {
        await (q.instance as any).chooseReason({ currentTarget: { dataset: { value: 'otherTemporary' } } });
        await settle();
        await (q.instance as any).chooseProvince({ currentTarget: { dataset: { code: '440000' } } });
        await settle();
        await (q.instance as any).chooseCity({ currentTarget: { dataset: { code: '440100' } } });
      },
    },
  ],
  'filing-type': [
    {
      state: 'referral',
      as: 'bt-ty',
      query: () => ({ typeCode: '140100-ydzz', provinceCode: '440000', cityCode: '440100' }),
      wait: '转诊',
    },
  ],
  'filing-form': [
    {
      state: 'dry-run',
      as: 'bt-form',
      query: () => ({ typeCode: '140100-kjfj', provinceCode: '440000', cityCode: '440100' }),
      wait: '请确认',
      act: async (form) => {
        (form.instance as any).onDate({ detail: { value: '2026-12-01' } });
      },
    },
    // 变更: filled from the filing, the address carried (masked); then a new 就医地, province and city.
    { state: 'change', as: 'bt-chg', query: () => ({ changeOf: ids.changed }), wait: '沿用原备案' },
    {
      state: 'change-city',
      as: 'bt-chg',
      query: () => ({ changeOf: ids.changed }),
      wait: '改到广东省的哪个市',
      act: async (form) => {
        await (form.instance as any).chooseDestination();
        await settle();
        await (form.instance as any).chooseProvince({ currentTarget: { dataset: { code: '440000' } } });
      },
    },
  ],
  'filing-certificate': [
    { state: 'certificate', as: 'bt-ty', query: () => ({ filingId: ids.filing }), wait: '异地就医备案凭证' },
    { state: 'replaced', as: 'bt-chg', query: () => ({ filingId: ids.replaced }), wait: '出示变更后的备案凭证' },
    {
      state: 'fresh-reminder',
      as: 'bt-ty',
      query: () => ({ filingId: ids.filing, fresh: '1' }),
      wait: '到期前提醒您吗',
    },
  ],
  'filing-sites': [
    {
      state: 'list',
      query: () => ({ provinceCode: '440000', cityCode: '440100', insuredCity: '140100', typeCode: '140100-kjfj' }),
      wait: '示例·广州第1人民医院',
    },
    {
      state: 'nearest',
      query: () => ({ provinceCode: '440000', cityCode: '440100', kind: 'outpatient' }),
      wait: '由近到远',
      act: async (page) => {
        g.__location = { latitude: 23.117, longitude: 113.28 };
        (page.instance as any).locate();
        await settle();
        delete g.__location;
      },
    },
    {
      state: 'none-found',
      query: () => ({ provinceCode: '440000', cityCode: '440100', kind: 'inpatient' }),
      wait: '没有找到',
      act: async (page) => {
        (page.instance as any).onKeywordChange({ detail: { value: '门诊部' } });
        await (page.instance as any).search();
      },
    },
  ],
  'filing-mine': [
    { state: 'list', as: 'bt-ty', wait: '跨省非急未转住院人员备案' },
    { state: 'changed', as: 'bt-chg', wait: '本条不再使用' },
  ],
  'filing-batch': [
    {
      state: 'no-profile',
      as: 'bt-hr-new',
      query: () => ({ cityCode: '140100' }),
      wait: '去填写本人信息',
      act: async (page) => {
        g.__chosenFile = {
          path: join(__dirname, '..', 'fixtures', 'rosters', 'two-rows-one-bad.xlsx'),
          name: '花名表.xlsx',
          size: 9000,
        };
        (page.instance as any).chooseFile();
      },
    },
    {
      state: 'consent-updated',
      as: 'bt-hr',
      query: () => ({ cityCode: '140100' }),
      wait: '阅读并同意',
      // After a new version of the 告知: the 经办人 agreed to an earlier one (no function call can make that state).
      answer: (fn, event, result) => {
        if (fn === 'user' && event.action === 'me' && result.ok)
          Object.assign(result.data.consent, {
            given: { version: '2026-01-01', at: '2026-01-01T02:00:00.000Z' },
            upToDate: false,
          });
      },
    },
    {
      state: 'rows-checked',
      as: 'bt-hr',
      query: () => ({ cityCode: '140100' }),
      wait: '有误 1 行',
      act: async (page) => {
        g.__chosenFile = {
          path: join(__dirname, '..', 'fixtures', 'rosters', 'two-rows-one-bad.xlsx'),
          name: '花名表.xlsx',
          size: 9000,
        };
        (page.instance as any).chooseFile();
      },
    },
  ],
  rating: [
    { state: 'pending', as: 'bt-ty', wait: '异地就医备案' },
    {
      state: 'bad-rating',
      as: 'bt-ty',
      wait: '哪里没做好？',
      act: async (page) => {
        (page.instance as any).choosePending({ currentTarget: { dataset: { index: 0 } } });
        await settle();
        (page.instance as any).chooseLevel({ currentTarget: { dataset: { level: 5 } } });
      },
    },
  ],
  'rating-mine': [{ state: 'followed-up', as: 'bt-rated', wait: '答复' }],
  'rating-desk': [
    { state: 'queue', as: 'bt-staff', wait: '窗口评价码' },
    { state: 'not-staff', as: 'bt-new', wait: '只对医保经办工作人员开放' },
  ],
  // 窗口核验: a 港澳台居民居住证 holder shown the code to give the window.
  'window-check': [
    { state: 'code', as: 'bt-wc', clock: '2026-11-26T10:00:00+08:00', wait: '请把这个核验码给窗口工作人员' },
  ],
  'rating-stats': [
    { state: 'month', as: 'bt-ty', query: () => ({ cityCode: '140100', month: '2026-11' }), wait: '2026' },
  ],
};

beforeAll(async () => {
  const started = Promise.all([startCloudForPages(), browser.start()]);
  [cloud] = await started;
  for (const page of Object.keys(SCENARIOS)) pages[page] = loadPage(page);
  await withProfile(cloud, 'bt-zs', 1101, FACTS.zhongshanResident);
  await withProfile(cloud, 'bt-zs2', 1102, FACTS.zhongshanResident);
  await withProfile(cloud, 'bt-bj', 1103, FACTS.beijingEmployee);
  await withProfile(cloud, 'bt-ty', 1104, FACTS.taiyuanRetired);
  await withProfile(cloud, 'bt-rated', 1105, FACTS.taiyuanRetired);
  await withProfile(cloud, 'bt-form', 1107, FACTS.taiyuanRetired);
  const search = async (cityCode: string, type: string) =>
    (await call('facility', { action: 'search', cityCode, type, limit: 1 }, 'bt-zs')).data.items[0];
  ids.station = (await search('442000', 'communityStation')).code;
  ids.townHospital = (await search('442000', 'townHospital')).code;
  ids.general = (await search('110000', 'general')).code;
  ids.station3 = (
    await call(
      'facility',
      { action: 'search', cityCode: '442000', type: 'communityStation', offset: 1, limit: 1 },
      'bt-zs',
    )
  ).data.items[0].code;
  await call('facility', { action: 'select', code: ids.station, requestId: 'bt-zs2-sel-0001' }, 'bt-zs2');
  // bt-zs3 has changed this month to station3 (waiting for the 1st): station3's page refuses for three reasons.
  await withProfile(cloud, 'bt-zs3', 1108, FACTS.zhongshanResident);
  await call('facility', { action: 'select', code: ids.station, requestId: 'bt-zs3-sel-0001' }, 'bt-zs3');
  await call('facility', { action: 'change', slot: 1, code: ids.station3, requestId: 'bt-zs3-chg-0001' }, 'bt-zs3');
  const filing = async (openid: string) =>
    (await call('filing', taiyuanFilingEvent(`${openid}-f-0001`), openid)).data.filingId as string;
  ids.filing = await filing('bt-ty');
  // bt-chg changed a 异地安置 filing (with its address) from 广州 to 南京.
  await withProfile(cloud, 'bt-chg', 1109, FACTS.taiyuanRetired);
  const settled = await call(
    'filing',
    {
      ...taiyuanFilingEvent('bt-chg-f-0001'),
      typeCode: '140100-ydaz',
      address: '广州市示例路8号',
      plannedReturn: '2027-06-30',
    },
    'bt-chg',
  );
  ids.replaced = settled.data.filingId;
  const moved = await call(
    'filing',
    {
      action: 'change',
      filingId: ids.replaced,
      destination: { provinceCode: '320000', cityCode: '320100' },
      requestId: 'bt-chg-c-0001',
    },
    'bt-chg',
  );
  ids.changed = moved.data.filingId;
  const rated = await filing('bt-rated');
  await cloud.call('probe', { action: 'put', collection: 'staff', doc: { _id: 'bt-staff', cityCode: '140100' } });
  await cloud.call('probe', {
    action: 'put',
    collection: 'employers',
    doc: { _id: 'bt-hr', creditCode: '91140100MA0K000004', cityCode: '140100' },
  });
  await cloud.call('probe', {
    action: 'put',
    collection: 'employers',
    doc: { _id: 'bt-hr-new', creditCode: '91140100MA0K000004', cityCode: '140100' },
  });
  await withUnitStaff(cloud, '91140100MA0K000004', '140100', FIXTURE_ROSTER_IDS);
  await withProfile(cloud, 'bt-hr', 1106, FACTS.taiyuanRetired);
  await call('user', { action: 'consent', version: CONSENT_VERSION }, 'bt-wc');
  await call('user', { action: 'consent', version: CONSENT_VERSION }, 'bt-consented');
  await call(
    'user',
    profile(0, {
      ...FACTS.zhongshanResident,
      idType: 'hkMacaoTaiwanResidence',
      idNumber: withCheck('82000019880808002'),
      name: '陈大文',
    }),
    'bt-wc',
  );
  const rating = await call(
    'rating',
    {
      action: 'submit',
      serviceRef: { kind: 'filing', id: rated },
      channel: 'online',
      level: 4,
      reasons: ['等待时间长', '材料要求不一致'],
      requestId: 'bt-rated-r1',
    },
    'bt-rated',
  );
  if (!rating.ok) throw new Error(JSON.stringify(rating));
  const staff = (event: Record<string, unknown>) => call('rating', event, 'bt-staff', '2026-11-12T10:00:00+08:00');
  await staff({ action: 'claim', ratingId: rating.data.rating.id });
  await staff({ action: 'resolve', ratingId: rating.data.rating.id, verification: '属实', rectification: '增开窗口' });
  await staff({ action: 'reply', ratingId: rating.data.rating.id, answer: '已增开窗口' });
});

afterAll(async () => {
  setClock(undefined);
  g.__fontSizeSetting = undefined;
  await browser.stop();
  await cloud?.stop();
  cloud?.removeData();
});

async function render(page: string, s: State, elderly: boolean): Promise<Rendered> {
  wxStorage().clear();
  wxStorage().set('cityCode', s.city ?? '442000');
  wxStorage().set('elderlyMode', elderly ? 'on' : 'off');
  g.__fontSizeSetting = s.fontSize ?? 17;
  setClock(s.clock ?? NOW);
  actAs(s.as ?? 'bt-new');
  const wx = g.wx;
  const real = wx.cloud.callFunction;
  if (s.offline) wx.cloud.callFunction = () => Promise.reject(new Error('offline'));
  if (s.answer) {
    const answer = s.answer;
    wx.cloud.callFunction = async (args: { name: string; data: { action: string } }) => {
      const res = await real(args);
      answer(args.name, args.data, res.result);
      return res;
    };
  }
  try {
    const comp = await renderPage(pages[page], s.query ? await s.query() : {});
    if (s.act) {
      await settle();
      await s.act(comp);
    }
    await until(() => textOf(comp).includes(s.wait), `"${s.wait}" on ${page} (${s.state})`).catch((error) => {
      throw new Error(`${error.message}; the page says: ${textOf(comp).slice(0, 300)}`);
    });
    await settle();
    return comp;
  } finally {
    wx.cloud.callFunction = real;
  }
}

const format = (v: Violation) => `${v.check}: ${v.what} — ${v.detail}`;

describe.each(Object.keys(SCENARIOS))('%s, in Chromium at 320 and 375 px, normal and 长辈模式', (page) => {
  it('has no overflow, overlapping or small tap targets, low contrast, (长辈模式) text under 18 px, or control a screen reader cannot name', async () => {
    const checks: Array<Promise<string[]>> = [];
    for (const s of SCENARIOS[page]) {
      for (const elderly of [false, true]) {
        const comp = await render(page, s, elderly);
        const state = snapshot(comp, pages[page], page, s.state);
        // Chromium checks this state while the next one renders.
        checks.push(
          browser.checkState(state).then((violations) => violations.map((v) => `${state.name}: ${format(v)}`)),
        );
      }
    }
    const violations = (await Promise.all(checks)).flat();
    expect(violations).toEqual([]);
  });
});

describe('长辈模式 at WeChat’s large font sizes (工信部 适老化: main functions’ text can reach 30)', () => {
  it('the primary actions’ text is 30 px at font size 24, and the page still fits at 320 and 375 px', async () => {
    const s: State = {
      state: 'confirm-font-24',
      as: 'bt-zs',
      fontSize: 24,
      query: () => ({ code: ids.station, op: 'select', slot: '1' }),
      wait: '请确认',
    };
    const comp = await render('facility-confirm', s, true);
    const state = snapshot(comp, pages['facility-confirm'], 'facility-confirm', s.state);
    for (const width of WIDTHS) {
      const { violations, fonts } = await browser.check(state.file, width, {
        minTap: MIN_TAP_ELDERLY,
        minFont: MIN_FONT_ELDERLY,
        minLineHeight: MIN_LINE_HEIGHT_ELDERLY,
        a11y: true,
        fontOf: '[class*="t-button--size-large"]',
      });
      expect(violations.map(format)).toEqual([]);
      expect(fonts!.length).toBeGreaterThan(0);
      expect(new Set(fonts)).toEqual(new Set([30]));
    }
  });
});
