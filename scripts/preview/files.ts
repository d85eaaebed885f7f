/**
 * Files in the preview: what a person chooses, what pages write and the images made from canvases live in
 * memory under wxfile:// paths; opening or saving one downloads it.
 */
import { dialog } from './dialogs';
import type { PreviewHost } from './wx';
import { type Callbacks, failure, settle } from './wxApi';

const files = new Map<string, Blob>();
let tempSeq = 0;
function tempPath(blob: Blob, name = 'file'): string {
  tempSeq += 1;
  const path = `wxfile://tmp/${tempSeq}-${name}`;
  files.set(path, blob);
  return path;
}
function download(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
}

export const fileAt = (path: string): Blob | undefined => files.get(path);

/** The wx APIs that choose, write, read, open and save files. */
export function fileApis(host: PreviewHost) {
  return {
    chooseMessageFile: (a: Callbacks & { count?: number; type?: string; extension?: string[] }) =>
      settle(
        'chooseMessageFile',
        a,
        () =>
          new Promise((resolve, reject) => {
            const extensions = (a.extension ?? []).map((e) => e.replace(/^\./, '').toLowerCase());
            const count = Math.max(1, a.count ?? 1);
            const input = document.createElement('input');
            input.type = 'file';
            input.className = 'pv-file-input';
            input.multiple = count > 1;
            if (extensions.length) input.accept = extensions.map((e) => `.${e}`).join(',');
            input.addEventListener('change', async () => {
              // WeChat lists only the files with the extensions asked for, at most `count` of them; the browser's
              // `accept` is only a hint (a person can show all files), so another kind is refused here as not
              // choosable, and the choice ends as a cancel.
              const chosen = Array.from(input.files ?? []).slice(0, count);
              input.remove();
              if (!chosen.length) return reject(failure('cancel'));
              const wrong = chosen.filter(
                (f) => extensions.length && !extensions.includes(f.name.split('.').pop()?.toLowerCase() ?? ''),
              );
              if (wrong.length) {
                await dialog(
                  host,
                  '不能选择这个文件',
                  `只能选择 ${extensions.map((e) => `.${e}`).join('、')} 文件，“${wrong[0].name}”不是。（微信里只列出这些类型的文件）`,
                  [{ text: '知道了', value: true, primary: true }],
                );
                return reject(failure('cancel'));
              }
              resolve({
                tempFiles: chosen.map((f) => ({
                  path: tempPath(f, f.name),
                  name: f.name,
                  size: f.size,
                  type: 'file',
                  time: Math.floor(f.lastModified / 1000),
                })),
              });
            });
            input.addEventListener('cancel', () => {
              input.remove();
              reject(failure('cancel'));
            });
            document.body.appendChild(input);
            input.click();
          }),
      ),
    getFileSystemManager: () => ({
      writeFile: (a: Callbacks & { filePath: string; data: string | ArrayBuffer; encoding?: string }) =>
        settle('writeFile', a, () => {
          const bytes =
            typeof a.data === 'string' && a.encoding === 'base64'
              ? Uint8Array.from(atob(a.data), (ch) => ch.charCodeAt(0))
              : a.data;
          files.set(a.filePath, new Blob([bytes as BlobPart]));
        }),
      readFile: (a: Callbacks & { filePath: string; encoding?: string }) =>
        settle('readFile', a, async () => {
          const blob = files.get(a.filePath);
          if (!blob) throw failure('no such file');
          return { data: a.encoding === 'utf8' ? await blob.text() : await blob.arrayBuffer() };
        }),
    }),
    openDocument: (a: Callbacks & { filePath: string }) =>
      settle('openDocument', a, () => {
        const blob = files.get(a.filePath);
        if (!blob) throw failure('no such file');
        download(blob, a.filePath.split('/').pop() ?? 'document');
      }),
    canvasToTempFilePath: (a: Callbacks & { canvas?: HTMLCanvasElement }) =>
      settle(
        'canvasToTempFilePath',
        a,
        () =>
          new Promise((resolve, reject) => {
            if (!a.canvas?.toBlob) return reject(failure('no canvas'));
            a.canvas.toBlob((blob) =>
              blob ? resolve({ tempFilePath: tempPath(blob, 'image.png') }) : reject(failure('empty')),
            );
          }),
      ),
    saveImageToPhotosAlbum: (a: Callbacks & { filePath: string }) =>
      settle('saveImageToPhotosAlbum', a, () => {
        const blob = files.get(a.filePath);
        if (!blob) throw failure('no such file');
        download(blob, 'certificate.png');
      }),
  };
}
