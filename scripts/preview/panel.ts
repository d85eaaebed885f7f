/**
 * The panel beside the phone frame: who is calling (x-openid), the clock (x-now and the page's own `Date`) and
 * 长辈模式 for that caller, and where the phone is. Changes apply to the next cloud call; the top page is shown again.
 */
import { browserZone, setPageClock } from './clock';
import { CALLERS, LOCATIONS, clockHeader, saveSettings, settings } from './settings';
import type { PreviewHost } from './wx';

export function installPanel(host: PreviewHost): void {
  const who = document.getElementById('who') as HTMLSelectElement;
  const custom = document.getElementById('who-custom') as HTMLInputElement;
  const clock = document.getElementById('clock') as HTMLInputElement;
  const clockNote = document.getElementById('clock-note')!;
  const clockZone = document.getElementById('clock-zone');
  const realClock = document.getElementById('clock-real') as HTMLButtonElement;
  const elderly = document.getElementById('elderly') as HTMLInputElement;
  const place = document.getElementById('place') as HTMLSelectElement;

  for (const c of CALLERS) who.add(new Option(`${c.label} · ${c.openid}`, c.openid));
  who.add(new Option('其他 openid…', ''));
  for (const l of LOCATIONS) place.add(new Option(l.label, l.value));
  const zone = browserZone();
  if (clockZone)
    clockZone.textContent = `页面的时钟从设定时走起；页面上的日期按浏览器时区（${zone.name || '未知'}）显示${
      zone.china ? '' : '，不是北京时间：按本地时间显示的日期、时刻与中国的手机上不同'
    }。`;

  const wx = (globalThis as { wx?: { getStorageSync(k: string): unknown } }).wx!;
  const show = () => {
    const preset = CALLERS.some((c) => c.openid === settings.openid);
    who.value = preset ? settings.openid : '';
    custom.hidden = preset;
    custom.value = preset ? '' : settings.openid;
    clock.value = settings.clock;
    clockNote.textContent = clockHeader() ? `x-now: ${clockHeader()}` : '真实时间';
    elderly.checked = wx.getStorageSync('elderlyMode') === 'on';
    place.value = settings.location;
  };
  const changed = () => {
    saveSettings();
    show();
    host.reload();
  };
  who.addEventListener('change', () => {
    if (who.value) settings.openid = who.value;
    else {
      custom.hidden = false;
      custom.focus();
      return;
    }
    changed();
  });
  custom.addEventListener('change', () => {
    if (custom.value.trim()) settings.openid = custom.value.trim();
    changed();
  });
  clock.addEventListener('change', () => {
    settings.clock = clock.value;
    setPageClock(settings.clock);
    changed();
  });
  realClock.addEventListener('click', () => {
    settings.clock = '';
    setPageClock('');
    changed();
  });
  elderly.addEventListener('change', () => {
    (globalThis as { wx?: { setStorageSync(k: string, v: unknown): void } }).wx!.setStorageSync(
      'elderlyMode',
      elderly.checked ? 'on' : 'off',
    );
    changed();
  });
  place.addEventListener('change', () => {
    settings.location = place.value;
    changed();
  });
  show();
}
