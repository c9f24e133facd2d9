import { z } from 'zod';

/** Working days without a change after which /v1/incidents/idle lists an application. */
export const DEFAULT_IDLE_WORKING_DAYS = 10;

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const Env = z.object({
  PORT: z.coerce.number({ error: 'must be a port number 0–65535' }).int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
  DB_POOL_SIZE: z.coerce.number({ error: 'must be a whole number 1–100' }).int().min(1).max(100).default(4),
  DATA_DIR: z.string().min(1).default('./data'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CLOCK: z.enum(['system', 'manual']).default('system'),
  SEED_DEMO: bool.optional(),
  TIMER_POLL_MS: z.coerce.number().int().min(10).max(3_600_000).default(1000),
  IDLE_WORKING_DAYS: z.coerce.number({ error: 'must be a whole number 1–250' }).int().min(1).max(250).default(DEFAULT_IDLE_WORKING_DAYS),
});

export type Config = Readonly<{
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dbPoolSize: number;
  dataDir: string;
  jwtSecret: string | undefined;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  clock: 'system' | 'manual';
  seedDemo: boolean;
  timerPollMs: number;
  idleWorkingDays: number;
}>;

export class ConfigError extends Error {}

/** Validates the environment once at boot; every bad variable is named on its own line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid environment: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dbPoolSize: e.DB_POOL_SIZE,
    dataDir: e.DATA_DIR,
    jwtSecret: e.JWT_SECRET,
    logLevel: e.LOG_LEVEL,
    clock: e.CLOCK,
    // Demo data belongs on the embedded database only, unless asked for.
    seedDemo: e.SEED_DEMO ?? e.DATABASE_URL === undefined,
    timerPollMs: e.TIMER_POLL_MS,
    idleWorkingDays: e.IDLE_WORKING_DAYS,
  });
}
