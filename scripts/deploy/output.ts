/**
 * Everything the deploy prints goes through here: each line has every secret value replaced by ***, so a
 * secret cannot reach stdout or stderr even inside an error message CloudBase sends back.
 */
import type { Action, Step } from './plan';

export class Output {
  private readonly secrets: string[];

  constructor(
    private readonly stdout: (text: string) => void,
    private readonly stderr: (text: string) => void,
    secrets: string[],
  ) {
    // Longest first, so a secret containing another is replaced whole; very short values would mask ordinary text.
    this.secrets = [...new Set(secrets.filter((s) => s.length >= 6))].sort((a, b) => b.length - a.length);
  }

  /** A secret learnt while running (e.g. a function's health token read back from CloudBase). */
  addSecret(secret: string): void {
    if (secret.length < 6 || this.secrets.includes(secret)) return;
    this.secrets.push(secret);
    this.secrets.sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    return this.secrets.reduce((t, s) => t.split(s).join('***'), text);
  }

  line(text = ''): void {
    this.stdout(`${this.redact(text)}\n`);
  }

  error(text: string): void {
    this.stderr(`${this.redact(text)}\n`);
  }
}

const MARK: Record<Action, string> = {
  create: '+ 新建',
  update: '~ 修改',
  replace: '± 重建',
  delete: '- 删除',
  keep: '= 不变',
  unknown: '? 应为',
  blocked: '! 需人工',
};

const SECTIONS: Record<Step['section'], string> = {
  database: '数据库（cloudfunctions/core/documents/collections.ts）',
  functions: '云函数（cloudfunctions/*/config.json）',
  data: '数据',
};

export function printPlan(out: Output, steps: Step[]): void {
  for (const section of Object.keys(SECTIONS) as Array<Step['section']>) {
    const inSection = steps.filter((s) => s.section === section);
    if (!inSection.length) continue;
    out.line(SECTIONS[section]);
    for (const s of inSection) out.line(`  ${MARK[s.action]}  ${s.target}${s.detail ? ` ${s.detail}` : ''}`);
  }
  const count = (a: Action) => steps.filter((s) => s.action === a).length;
  const parts = (['create', 'update', 'replace', 'delete', 'keep', 'unknown', 'blocked'] as Action[])
    .filter((a) => count(a))
    .map((a) => `${MARK[a].slice(2)} ${count(a)}`);
  out.line(`合计：${parts.join('，')}`);
}
