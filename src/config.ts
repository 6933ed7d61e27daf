import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  SANDBOX_DB: z.string().min(1).default('./data/sandbox.db'),
  SANDBOX_ADMIN_TOKEN: z.string().min(8, 'at least 8 characters').optional(),
  SANDBOX_CONTROL_PLANE: booleanFlag.default(true),
  SANDBOX_DEFAULT_SCENARIO: z.string().min(1).default('matelas'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Path of the SQLite file, or `:memory:`. */
  readonly databasePath: string;
  readonly adminToken: string;
  /** True when the token was generated because SANDBOX_ADMIN_TOKEN was unset: print it once. */
  readonly adminTokenGenerated: boolean;
  /** The control plane (`/_sandbox`) can be switched off for a public demo instance. */
  readonly controlPlane: boolean;
  readonly defaultScenario: string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
}

export class ConfigError extends Error {}

/** Parses the environment once; a bad value stops the start with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(blankless);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databasePath: e.SANDBOX_DB,
    adminToken: e.SANDBOX_ADMIN_TOKEN ?? randomBytes(24).toString('base64url'),
    adminTokenGenerated: e.SANDBOX_ADMIN_TOKEN === undefined,
    controlPlane: e.SANDBOX_CONTROL_PLANE,
    defaultScenario: e.SANDBOX_DEFAULT_SCENARIO,
    logLevel: e.LOG_LEVEL,
  });
}
