/**
 * What the repository declares, read at run time: collections with their rules and indexes
 * (cloudfunctions/core/documents/collections.ts), each function folder (its bundle, package.json, config.json) and the
 * shipped catalogue. Nothing here is copied: a collection or index added there is deployed on the next run.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { shippedCatalogue } from '../../cloudfunctions/core/catalog/data';
import {
  COLLECTIONS,
  type CollectionDeclaration,
  declarationOf,
} from '../../cloudfunctions/core/documents/collections';
import { variablesReadBy } from './variables';

/** CloudBase runtime for every function: Node.js 18 or later is needed (the global fetch in core/platform/wechat.ts). */
export const RUNTIME = 'Nodejs18.15';
export const HANDLER = 'index.main';
/** The files every function folder deploys; wx-server-sdk is installed in the cloud from package.json. */
export const FUNCTION_FILES = ['index.js', 'package.json', 'config.json'] as const;
/** Beside them, the modules its index.js loads only when needed (scripts/build.mjs: the 花名表 parser). */
const lazyChunksIn = (folder: string) => readdirSync(folder).filter((f) => f.endsWith('.js') && f !== 'index.js');

const functionConfig = z
  .object({
    permissions: z
      .object({ openapi: z.array(z.string()) })
      .strict()
      .optional(),
    triggers: z
      .array(
        z
          .object({
            name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,59}$/),
            type: z.literal('timer'),
            config: z.string().min(9),
          })
          .strict(),
      )
      .default([]),
    /** Seconds. WeChat does not read this field from config.json (its default is 3 s): the deploy sets it. */
    timeout: z.number().int().min(1).max(60),
    memorySize: z
      .union([z.literal(128), z.literal(256), z.literal(512), z.literal(1024), z.literal(2048)])
      .default(256),
  })
  .strict();

export interface FunctionDeclaration {
  name: string;
  dir: string;
  timeout: number;
  memorySize: number;
  triggers: Array<{ name: string; type: 'timer'; config: string }>;
  /** The deployed files by name. */
  files: Record<(typeof FUNCTION_FILES)[number], Buffer> & Record<string, Buffer>;
  /** sha256 of the deployed files (names and contents), first 16 hex digits: the code's identity. */
  codeHash: string;
  /** Environment variables its bundle reads. */
  variables: string[];
  /** 云调用 interfaces config.json declares (permissions.openapi). */
  openapi: string[];
}

export interface DataDeclaration {
  collection: string;
  what: string;
  documents: Array<{ _id: string } & Record<string, unknown>>;
}

export interface Declarations {
  collections: Array<{ name: string } & CollectionDeclaration>;
  functions: FunctionDeclaration[];
  data: DataDeclaration[];
}

export class DeclarationError extends Error {}

export function loadFunctions(root: string): FunctionDeclaration[] {
  const dir = join(root, 'cloudfunctions');
  const names = readdirSync(dir).filter((name) =>
    ['index.ts', 'package.json', 'config.json'].every((f) => existsSync(join(dir, name, f))),
  );
  return names.sort().map((name) => {
    const folder = join(dir, name);
    if (!existsSync(join(folder, 'index.js')))
      throw new DeclarationError(`云函数 ${name} 尚未构建（缺少 index.js）：先运行 npm run build`);
    const names = [...FUNCTION_FILES, ...lazyChunksIn(folder).sort()];
    const files = Object.fromEntries(
      names.map((f) => [f, readFileSync(join(folder, f))]),
    ) as FunctionDeclaration['files'];
    const parsed = functionConfig.safeParse(JSON.parse(files['config.json'].toString('utf8')));
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'config.json'}：${i.message}`).join('；');
      throw new DeclarationError(`cloudfunctions/${name}/config.json 不合规：${why}`);
    }
    const hash = createHash('sha256');
    for (const f of names) hash.update(`${f}\0${files[f].length}\0`).update(files[f]);
    return {
      name,
      dir: folder,
      timeout: parsed.data.timeout,
      memorySize: parsed.data.memorySize,
      triggers: parsed.data.triggers,
      files,
      codeHash: hash.digest('hex').slice(0, 16),
      variables: variablesReadBy(files['index.js'].toString('utf8')),
      openapi: parsed.data.permissions?.openapi ?? [],
    };
  });
}

export function loadDeclarations(root: string, extraData: DataDeclaration[] = []): Declarations {
  const collections = Object.entries(COLLECTIONS).map(([name, c]) => ({ name, ...c }));
  const catalogue: DataDeclaration = {
    collection: 'services',
    what: '办事指南（cloudfunctions/core/catalog/data）',
    documents: shippedCatalogue().map((item) => ({ _id: item.code, ...item })),
  };
  const data = [catalogue, ...extraData];
  for (const d of data) {
    if (!declarationOf(d.collection)) throw new DeclarationError(`数据写入未声明的集合 ${d.collection}`);
  }
  return { collections, functions: loadFunctions(root), data };
}
