import { type AddressInfo, isIP } from 'node:net';
import { z } from 'zod';

export type DbTimeouts = { connectMs: number; statementMs: number; idleInTransactionMs: number };

/** Long enough for any statement this service runs on a healthy server, short enough that an outage is answered quickly. */
export const defaultDbTimeouts: DbTimeouts = { connectMs: 5_000, statementMs: 10_000, idleInTransactionMs: 10_000 };

export const defaultLimits = { requestDeadlineMs: 15_000, maxEventLoopDelayMs: 1_000 };

const ms = (min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number of milliseconds ${min}–${max}` })
    .int()
    .min(min)
    .max(max);
/** 六: the notice's contact for the 2021 reviews. */
const NOTICE_CONTACT = '慈溪市人力资源和社会保障局615办公室（慈溪市北三环东路1999号），联系电话 63938300';
const MB = 1024 * 1024;
/** Working days without a change after which /v1/incidents/idle lists an application. */
export const DEFAULT_IDLE_WORKING_DAYS = 10;

const POSTGRES_URL = /^(postgres(?:ql)?:\/\/(?:[^@/?#]*@)?)([^/?#]*)(.*)$/s;

/**
 * The hosts of a libpq-style URL, which may list several (`postgres://u@h1:5432,h2:5433/db`,
 * a primary and its standbys, tried in order), each as a URL of its own; null if it is not one.
 */
export function postgresUrlHosts(url: string): URL[] | null {
  const m = POSTGRES_URL.exec(url);
  if (!m) return null;
  try {
    return m[2]!.split(',').map((host) => new URL(`${m[1]}${host}${m[3]}`));
  } catch {
    return null;
  }
}

/** A WEBHOOK_ALLOWED_HOSTS entry: a host name, an IP address, or a network as address/bits. */
function isDestinationEntry(entry: string): boolean {
  const [address = '', bits, more] = entry.split('/');
  const family = isIP(address);
  if (bits === undefined) return family !== 0 || /^[a-z0-9][a-z0-9.-]{0,252}$/i.test(entry);
  return more === undefined && family !== 0 && /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const Env = z.object({
  PORT: z.coerce.number({ error: 'must be a port number 0–65535' }).int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .refine(
      (v) => postgresUrlHosts(v) !== null,
      'must be a postgres:// or postgresql:// URL (a primary and its standbys as host1:port1,host2:port2)',
    )
    .optional(),
  DB_POOL_SIZE: z.coerce.number({ error: 'must be a whole number 1–100' }).int().min(1).max(100).default(4),
  DATA_DIR: z.string().min(1).default('./data'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CLOCK: z.enum(['system', 'manual']).default('system'),
  SEED_DEMO: bool.optional(),
  TIMER_POLL_MS: z.coerce.number().int().min(10).max(3_600_000).default(1000),
  DB_CONNECT_TIMEOUT_MS: ms(100, 60_000).default(defaultDbTimeouts.connectMs),
  DB_STATEMENT_TIMEOUT_MS: ms(100, 600_000).default(defaultDbTimeouts.statementMs),
  DB_IDLE_TX_TIMEOUT_MS: ms(100, 600_000).default(defaultDbTimeouts.idleInTransactionMs),
  REQUEST_DEADLINE_MS: ms(500, 600_000).default(defaultLimits.requestDeadlineMs),
  MAX_EVENT_LOOP_DELAY_MS: ms(0, 60_000).default(defaultLimits.maxEventLoopDelayMs),
  METRICS_LISTEN: z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:9464')
    .transform((v) => {
      const at = v.lastIndexOf(':');
      return { host: v.slice(0, at), port: Number(v.slice(at + 1)) };
    })
    .refine((a) => a.port <= 65535, 'the port must be 0–65535')
    .optional(),
  MAX_UPLOAD_MB: z.coerce.number({ error: 'must be a number of MB' }).positive().max(1024).default(20),
  MAX_MATERIALS_MB: z.coerce.number({ error: 'must be a number of MB' }).positive().max(10_240).default(200),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  OBJECTIONS_CONTACT: z.string().min(1).max(500).default(NOTICE_CONTACT),
  VERIFY_RATE_LIMIT: z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(100_000).default(30),
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim())
        .filter((h) => h !== ''),
    )
    .refine((hosts) => hosts.every(isDestinationEntry), 'must be host names, IP addresses or address/bits networks, comma-separated')
    .default([]),
  IDLE_WORKING_DAYS: z.coerce.number({ error: 'must be a whole number 1–250' }).int().min(1).max(250).default(DEFAULT_IDLE_WORKING_DAYS),
});

/** What the documents print and how uploads are bounded (issue 13). */
export type DocumentSettings = Readonly<{
  /** Per uploaded file, and for all of one application's materials together. */
  maxFileBytes: number;
  maxApplicationBytes: number;
  /**
   * Where the public pages are reached (the certificate's QR code points here): PUBLIC_URL, or
   * unset, the address the service listens at (`listenUrl`), known only once it listens.
   */
  publicUrl: string | undefined;
  /** Where objections to a publicity go (三(三)), printed on every publicity list. */
  objectionsContact: string;
  /** Certificate verifications per minute from one client address. */
  verifyRateLimit: number;
}>;

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
  dbTimeouts: DbTimeouts;
  /** How long a request may take before it is answered 503, whatever it is waiting for. */
  requestDeadlineMs: number;
  /** Mean event-loop lag above which requests are shed with 503; 0 turns shedding off. */
  maxEventLoopDelayMs: number;
  /** Serve /metrics here, unauthenticated, instead of behind an admin token on the API port. */
  metricsListen: { host: string; port: number } | undefined;
  documents: DocumentSettings;
  idleWorkingDays: number;
  /** Internal destinations webhooks may still go to (otherwise refused). */
  webhookAllowedHosts: readonly string[];
}>;

export class ConfigError extends Error {}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)$/i;

/**
 * The URL of the address a server listens at, as this machine reaches it (a wildcard address on
 * loopback). Read from the bound socket, not from PORT: PORT=0 asks for any free port. Not yet
 * listening, it has no port to name.
 */
export function listenUrl(address: AddressInfo | string | null): string {
  if (!address || typeof address === 'string') return 'http://127.0.0.1';
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  return `http://${address.family === 'IPv6' && host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/**
 * Why certificates issued now could not be checked by anyone else, if so: their QR codes and
 * printed address lead to `publicUrl`, and with PUBLIC_URL unset or on this machine only, no
 * reader of a print can reach it (三(四)).
 */
export function publicUrlWarning(configured: string | undefined, publicUrl: string): string | undefined {
  const why = !configured
    ? 'PUBLIC_URL is not set'
    : LOOPBACK.test(new URL(configured).hostname)
      ? 'PUBLIC_URL is a loopback address'
      : undefined;
  return why
    ? `${why}: the certificates issued now lead their readers to ${publicUrl}/v1/public/certificates, which no one else can open; set PUBLIC_URL to the address the public reaches this service at`
    : undefined;
}

/** The demo sign-in hands a token for every demo actor to anyone: only with demo data on the embedded database. */
export const demoSignInEnabled = (config: Pick<Config, 'seedDemo' | 'databaseUrl'>): boolean =>
  config.seedDemo && config.databaseUrl === undefined;

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
    dbTimeouts: {
      connectMs: e.DB_CONNECT_TIMEOUT_MS,
      statementMs: e.DB_STATEMENT_TIMEOUT_MS,
      idleInTransactionMs: e.DB_IDLE_TX_TIMEOUT_MS,
    },
    requestDeadlineMs: e.REQUEST_DEADLINE_MS,
    maxEventLoopDelayMs: e.MAX_EVENT_LOOP_DELAY_MS,
    metricsListen: e.METRICS_LISTEN,
    documents: Object.freeze({
      maxFileBytes: Math.floor(e.MAX_UPLOAD_MB * MB),
      maxApplicationBytes: Math.floor(e.MAX_MATERIALS_MB * MB),
      publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
      objectionsContact: e.OBJECTIONS_CONTACT,
      verifyRateLimit: e.VERIFY_RATE_LIMIT,
    }),
    idleWorkingDays: e.IDLE_WORKING_DAYS,
    webhookAllowedHosts: e.WEBHOOK_ALLOWED_HOSTS,
  });
}
