export interface Ctx2d {
  fillStyle: string;
  font: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
}

/** Draws the QR code's dark modules, with a quiet zone, at (x, y) in a square of `size`. */
export function drawQr(ctx: Ctx2d, rows: string[], x: number, y: number, size: number): void {
  const cells = rows.length + 8;
  const cell = size / cells;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(x, y, size, size);
  ctx.fillStyle = '#000000';
  rows.forEach((row, r) => {
    for (let c = 0; c < row.length; c += 1)
      if (row[c] === '1') ctx.fillRect(x + (c + 4) * cell, y + (r + 4) * cell, cell + 0.5, cell + 0.5);
  });
}

/** Paints `rows` on the page's `<canvas type="2d" id="…">` (sized by its WXSS), at the screen's pixel ratio. */
export function paintQrOn(page: WechatMiniprogram.Component.TrivialInstance, selector: string, rows: string[]): void {
  page
    .createSelectorQuery()
    .select(selector)
    .fields({ node: true, size: true })
    .exec(
      (res: Array<{ node?: { getContext(t: '2d'): Ctx2d; width: number; height: number }; width: number } | null>) => {
        const canvas = res?.[0]?.node;
        if (!canvas) return; // no canvas (e.g. not rendered yet): the page still shows the code in digits
        const size = res[0]!.width;
        const ratio = wx.getWindowInfo ? wx.getWindowInfo().pixelRatio : 2;
        canvas.width = size * ratio;
        canvas.height = size * ratio;
        drawQr(canvas.getContext('2d'), rows, 0, 0, size * ratio);
      },
    );
}
