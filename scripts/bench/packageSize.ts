/**
 * The mini-program main package as DevTools uploads it: every file under miniprogramRoot that
 * project.config.json's packOptions.ignore leaves in (own code: pages, components, behaviors/, shared/, utils/...),
 * plus miniprogram_npm — with ignoreUploadUnusedFiles, only the npm files something shipped refers to.
 */
import { transformSync } from 'esbuild';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';

interface IgnoreRule {
  type: 'folder' | 'file' | 'suffix' | 'prefix' | 'regexp' | 'glob';
  value: string;
}
interface ProjectConfig {
  miniprogramRoot?: string;
  packOptions?: { ignore?: IgnoreRule[] };
  setting?: { ignoreUploadUnusedFiles?: boolean };
}

export interface PackageSize {
  own: number;
  npm: number;
  files: number;
  /** All of miniprogram_npm, as it would ship without ignoreUploadUnusedFiles. */
  npmWhole: number;
  unusedFilesIgnored: boolean;
}

const NPM = 'miniprogram_npm';
const isFile = (f: string) => existsSync(f) && statSync(f).isFile();

function walk(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const path = join(dir, f);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

/** A packOptions glob as a regular expression: `**` any folders, `*` within one name, `?` one character. */
function globPattern(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  const wild: Record<string, string> = { '**/': '(?:.*/)?', '**': '.*', '*': '[^/]*', '?': '[^/]' };
  return new RegExp(`^${escaped.replace(/\*\*\/?|\*|\?/g, (m) => wild[m])}$`);
}

/** packOptions.ignore: paths are relative to miniprogramRoot, every comparison ignores case. */
function ignored(rules: IgnoreRule[], rel: string): boolean {
  const path = rel.split(sep).join('/').toLowerCase();
  return rules.some(({ type, value }) => {
    const v = value
      .toLowerCase()
      .replace(/^\.?\//, '')
      .replace(/\/$/, '');
    if (type === 'folder') return path.startsWith(`${v}/`);
    if (type === 'file') return path === v;
    if (type === 'suffix') return path.endsWith(v);
    if (type === 'prefix') return basename(path).startsWith(v);
    if (type === 'regexp') return new RegExp(value, 'i').test(path);
    return globPattern(v).test(path);
  });
}

/** What ships of a file: TypeScript as DevTools compiles it, the rest as it is. */
function shippedText(file: string): string {
  const text = readFileSync(file, 'utf8');
  return file.endsWith('.ts') ? transformSync(text, { loader: 'ts' }).code : text;
}
const shippedBytes = (file: string) =>
  file.endsWith('.ts') ? Buffer.byteLength(shippedText(file)) : statSync(file).size;

/** The module specifiers a file refers to, each with the extension it resolves with. */
function references(file: string): Array<[string, string]> {
  const ext = file.slice(file.lastIndexOf('.'));
  const found = (re: RegExp, text: string, as: string): Array<[string, string]> =>
    [...text.matchAll(re)].map((m) => [m[1], as]);
  if (ext === '.json') {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { usingComponents?: Record<string, string> };
    return Object.values(json.usingComponents ?? {}).map((p) => [p, 'component']);
  }
  if (['.js', '.ts', '.wxs'].includes(ext))
    return found(
      /(?:\bfrom\s*|\bimport\s*|\brequire\(\s*)["']([^"']+)["']/g,
      shippedText(file),
      ext === '.wxs' ? '.wxs' : '.js',
    );
  const text = readFileSync(file, 'utf8');
  if (ext === '.wxml')
    return [
      ...found(/<wxs[^>]*\ssrc=["']([^"']+)["']/g, text, '.wxs'),
      ...found(/<(?:import|include)[^>]*\ssrc=["']([^"']+)["']/g, text, '.wxml'),
    ];
  if (ext === '.wxss') return found(/@import\s+["']([^"']+)["']/g, text, '.wxss');
  return [];
}

/** The files a specifier names from `from`: a module, or a component's .json/.js/.wxml/.wxss. */
function resolve(mp: string, from: string, spec: string, as: string): string[] {
  const bases: string[] = [];
  if (spec.startsWith('.')) bases.push(join(dirname(from), spec));
  else if (spec.startsWith('/')) bases.push(join(mp, spec));
  else if (!spec.startsWith('plugin://'))
    // A bare name: the nearest miniprogram_npm up from the referring file, as DevTools' npm resolution does.
    for (let d = dirname(from); d.startsWith(mp); d = dirname(d)) bases.push(join(d, NPM, spec));
  for (const base of bases) {
    if (as === 'component') {
      const at = [base, join(base, 'index')].find((b) => isFile(`${b}.json`));
      if (at) return ['.json', '.js', '.ts', '.wxml', '.wxss'].map((e) => at + e).filter(isFile);
      continue;
    }
    const file = [base, base + as, join(base, `index${as}`)].find(isFile);
    if (file) return [file];
  }
  return [];
}

/** The files of the main package: own, and of miniprogram_npm (what ships, and all of it). */
export function packageFiles(root: string) {
  const config = JSON.parse(readFileSync(join(root, 'project.config.json'), 'utf8')) as ProjectConfig;
  const mp = join(root, config.miniprogramRoot ?? '').replace(/[\\/]+$/, '');
  const rules = config.packOptions?.ignore ?? [];
  const unusedFilesIgnored = config.setting?.ignoreUploadUnusedFiles ?? false;
  const all = walk(mp).filter((f) => !ignored(rules, relative(mp, f)));
  const inNpm = (f: string) => relative(mp, f).split(sep).includes(NPM);
  const own = all.filter((f) => !inNpm(f));
  const npmWhole = all.filter(inNpm);
  if (!unusedFilesIgnored) return { own, npm: npmWhole, npmWhole, unusedFilesIgnored };
  const reached = new Set<string>();
  const queue = [...own];
  for (let file = queue.shift(); file; file = queue.shift())
    for (const [spec, as] of references(file))
      for (const target of resolve(mp, file, spec, as))
        if (inNpm(target) && !reached.has(target) && !ignored(rules, relative(mp, target))) {
          reached.add(target);
          queue.push(target);
        }
  return { own, npm: [...reached], npmWhole, unusedFilesIgnored };
}

export function mainPackage(root: string): PackageSize {
  const { own, npm, npmWhole, unusedFilesIgnored } = packageFiles(root);
  const sum = (files: string[]) => files.reduce((a, f) => a + shippedBytes(f), 0);
  return { own: sum(own), npm: sum(npm), files: own.length + npm.length, npmWhole: sum(npmWhole), unusedFilesIgnored };
}
