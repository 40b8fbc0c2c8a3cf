import path from 'node:path';
import { z } from 'zod';

/** Treats "1/true/yes/on" and "0/false/no/off" as booleans; anything else is an error. */
const booleanFlag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off'].includes(v), {
    message: 'must be one of true/false, yes/no, on/off, 1/0',
  })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const environmentSchema = z.object({
  PORT: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  BASE_URL: z
    .string()
    .trim()
    .refine((u) => URL.canParse(u) && /^https?:\/\/[^/]/.test(u), { message: 'must be an absolute http(s) URL such as https://beirat.example.org' })
    .optional(),
  DATABASE_URL: z
    .string()
    .trim()
    .refine((u) => /^postgres(ql)?:\/\//.test(u), {
      message: 'must be a PostgreSQL URL such as postgres://user@127.0.0.1:5432/beirat',
    })
    .optional(),
  DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
  DEMO_DATA: booleanFlag.optional(),
  TRUST_PROXY: booleanFlag.default(false),
  SMTP_URL: z
    .string()
    .trim()
    .refine((u) => /^smtps?:\/\/[^/]/.test(u) && URL.canParse(u), { message: 'must be an SMTP URL such as smtp://user:pass@mail.example.org:587' })
    .optional(),
  MAIL_FROM: z.string().trim().min(3, 'must be a sender such as "Beirat <beirat@example.org>"').default('Beirat <beirat@localhost>'),
  SESSION_IDLE_MINUTES: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(5, 'must be at least 5').max(1440, 'must be at most 1440').default(60),
  APPLICATION_RETENTION_MONTHS: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(60, 'must be at most 60').default(6),
  PAGE_CACHE_MB: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 (off) or more').max(4096, 'must be at most 4096').default(64),
  UPLOAD_MAX_MB: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(200, 'must be at most 200').default(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  /** Absolute origin used for links that leave the page (feeds, mails, OParl ids); no trailing slash. */
  baseUrl: string;
  /** Unset: the embedded PGlite database in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  demoData: boolean;
  /** Behind a reverse proxy: take the client address and protocol from X-Forwarded-* headers. */
  trustProxy: boolean;
  /** Unset: mails are written as .eml files to DATA_DIR/mail instead of being sent. */
  smtpUrl: string | undefined;
  mailFrom: string;
  sessionIdleMinutes: number;
  applicationRetentionMonths: number;
  uploadMaxBytes: number;
  /** Memory for rendered public pages, feeds and OParl answers; 0 turns the cache off. */
  pageCacheBytes: number;
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration from environment variables; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty variables count as unset, as in most twelve-factor apps.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const displayHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST;
  const baseUrl = (e.BASE_URL ?? `http://${displayHost.includes(':') ? `[${displayHost}]` : displayHost}:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    baseUrl,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    // Demo data by default only where nothing could be harmed: the embedded database.
    demoData: e.DEMO_DATA ?? e.DATABASE_URL === undefined,
    trustProxy: e.TRUST_PROXY,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    applicationRetentionMonths: e.APPLICATION_RETENTION_MONTHS,
    uploadMaxBytes: e.UPLOAD_MAX_MB * 1024 * 1024,
    pageCacheBytes: e.PAGE_CACHE_MB * 1024 * 1024,
    logLevel: e.LOG_LEVEL,
  };
}
