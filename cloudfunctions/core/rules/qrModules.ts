import qrcode from 'qrcode-generator';

/** A QR code's modules as rows of '1' (dark) and '0', for the certificate page to draw on a canvas. */
export function qrMatrix(text: string): string[] {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Alphanumeric');
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, r) =>
    Array.from({ length: n }, (_, c) => (qr.isDark(r, c) ? '1' : '0')).join(''),
  );
}
