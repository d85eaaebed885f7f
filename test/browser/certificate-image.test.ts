/**
 * @jest-environment node
 */
// The saved 备案凭证 (issue 28 item 5): the picture a resident shows at the hospital, drawn in Debian's Chromium with
// its own fonts. Every text drawn on it is measured by the canvas that draws it and must lie inside the picture,
// with the whole validity ("…至撤销或变更为止") on it. Needs `npm run build` (build/preview/ is what is served).
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { LocalCloud } from '../helpers/localCloud';
import { FACTS, testMobile, withProfile } from '../helpers/people';
import { previewHarness } from './previewHarness';

jest.setTimeout(120_000);

const { pv, tapText, expectText, usePanel } = previewHarness({ deviceScaleFactor: 2, acceptDownloads: true });
let page: Page;
let cloud: LocalCloud;
beforeAll(() => ({ page, cloud } = pv));

interface Drawn {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
  canvasWidth: number;
  canvasHeight: number;
}

/** Records every fillText on any 2d canvas from now on, with its box as that canvas measures it. */
const recordDrawnText = () =>
  page.evaluate(() => {
    const drawn: unknown[] = [];
    (window as unknown as { drawn: unknown[] }).drawn = drawn;
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text: string, x: number, y: number, ...rest: number[]) {
      const m = this.measureText(text);
      drawn.push({
        text,
        left: x - m.actualBoundingBoxLeft,
        right: x + m.width,
        top: y - m.fontBoundingBoxAscent,
        bottom: y + m.fontBoundingBoxDescent,
        canvasWidth: this.canvas.width,
        canvasHeight: this.canvas.height,
      });
      return fillText.call(this, text, x, y, ...rest);
    };
  });

/** The PNG's height, from its IHDR chunk. */
const pngHeight = (png: Buffer) => png.readUInt32BE(20);

it('the saved 备案凭证 of a long-term filing: every line inside the picture, the validity whole', async () => {
  // The longest texts the rules produce: 太原's longest type name, a long-term validity (…至撤销或变更为止), and
  // one of the longest city names as the destination.
  const openid = 'cert-image-1';
  await withProfile(cloud, openid, 840, FACTS.taiyuanRetired, '阿依古丽·买买提');
  const filed = await cloud.call(
    'filing',
    {
      action: 'submit',
      cityCode: '140100',
      typeCode: '140100-ydcz',
      destination: { provinceCode: '650000', cityCode: '653000' },
      startDate: '2026-12-01',
      address: '新疆维吾尔自治区克孜勒苏柯尔克孜自治州阿图什市光明路某小区十二号楼三单元五零二室',
      contactPhone: testMobile(840),
      requestId: 'cert-image-1-filing',
    },
    { openid, now: '2026-11-24T10:00:00+08:00' },
  );
  expect(filed).toMatchObject({ ok: true });
  const { filingId } = filed.data;
  const validity = '2026年12月1日起长期有效，至撤销或变更为止';
  expect(filed.data.filing.validityText).toBe(validity);

  await page.goto(cloud.url);
  await usePanel({ openid });
  await page.goto(`${cloud.url}/?page=${encodeURIComponent(`pages/filing-certificate/index?filingId=${filingId}`)}`);
  await expectText('异地就医备案凭证');
  await recordDrawnText();
  const [download] = await Promise.all([page.waitForEvent('download'), tapText('保存图片')]);
  const png = readFileSync(await download.path());
  await page.locator('.pv-toast').getByText('已保存到相册').waitFor();

  const drawn = (await page.evaluate(() => (window as unknown as { drawn: Drawn[] }).drawn)).filter(
    (d) => d.canvasWidth === 750,
  );
  expect(drawn.length).toBeGreaterThan(8);
  const outside = drawn.filter(
    (d) => d.left < 0 || d.right > d.canvasWidth - 20 || d.top < 0 || d.bottom > d.canvasHeight,
  );
  expect(outside).toEqual([]);
  // Nothing is lost to the wrapping: the validity, the type and the destination are all on the picture.
  const all = drawn.map((d) => d.text).join('');
  expect(all).toContain(validity);
  expect(all).toContain('异地长期居住人员备案（退休人员、军队自主择业人员、灵活就业人员）');
  expect(all).toContain('克孜勒苏柯尔克孜自治州（跨省）');
  // The picture grew to hold the wrapped lines and the QR code below them.
  expect(pngHeight(png)).toBe(drawn[0].canvasHeight);
  expect(Math.max(...drawn.map((d) => d.bottom))).toBeLessThan(pngHeight(png) - 400);
});
