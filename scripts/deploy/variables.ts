import { z } from 'zod';

/**
 * Every environment variable a cloud function reads (`process.env.NAME` in its source). A function gets a
 * variable when its built bundle reads it, so the list of which function needs what is never written twice.
 * `secret` values are never printed; `required` ones must be provided before anything is deployed.
 */
export interface VariableDeclaration {
  secret: boolean;
  required: boolean;
  /** Checks a provided value; the message says what is wrong without repeating the value. */
  check: z.ZodType<string>;
  what: string;
  /** Made by the deploy when a function does not have it yet (a random value), then kept as the function has it. */
  generated?: boolean;
}

const base64Key = z
  .string()
  .refine(
    (v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32,
    '应为 32 个随机字节的 base64（openssl rand -base64 32）',
  );

export const VARIABLES: Record<string, VariableDeclaration> = {
  PII_KEY: { secret: true, required: true, check: base64Key, what: '个人信息加密密钥' },
  PII_PREVIOUS_KEYS: {
    secret: true,
    required: false,
    check: z
      .string()
      .refine(
        (v) => v.split(',').every((k) => base64Key.safeParse(k.trim()).success),
        '应为逗号分隔的旧密钥（每个 32 字节 base64）',
      ),
    what: '换用新密钥前的个人信息密钥（新的在前），用于读取旧数据',
  },
  WECHAT_APPID: {
    secret: false,
    required: true,
    check: z.string().regex(/^wx[0-9a-f]{16}$/, '应为 wx 加 16 位十六进制'),
    what: '小程序 appid',
  },
  WECHAT_APP_SECRET: {
    secret: true,
    required: true,
    check: z.string().regex(/^[0-9a-f]{32}$/, '应为 32 位十六进制'),
    what: '小程序 AppSecret',
  },
  TEMPLATE_FACILITY_EFFECTIVE: {
    secret: false,
    required: false,
    check: z.string().min(10).max(100),
    what: '变更生效提醒订阅模板 id',
  },
  TEMPLATE_FILING_EXPIRING: {
    secret: false,
    required: false,
    check: z.string().min(10).max(100),
    what: '备案即将到期订阅模板 id',
  },
  DEPLOY_HEALTH_TOKEN: {
    secret: true,
    required: false,
    generated: true,
    check: z.string().regex(/^[0-9a-f]{48}$/, '应为 48 位十六进制'),
    what: '部署健康检查口令（npm run deploy -- --verify；由部署生成，只有能读取函数配置的人知道）',
  },
};

/** The declared variables a bundle reads, in catalogue order. Library variables (NODE_DEBUG…) are not ours. */
export function variablesReadBy(bundle: string): string[] {
  return Object.keys(VARIABLES).filter((name) => new RegExp(`process\\.env\\.${name}\\b`).test(bundle));
}
