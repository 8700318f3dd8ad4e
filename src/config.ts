import { z } from 'zod';
import { UserError } from './errors.js';

/**
 * The one reader of process.env. Every setting has one default here; a bad value fails fast
 * with a sentence naming the variable.
 */
const schema = z.object({
  SIPBOT_DB: z.string().min(1).default('data/sipbot.db'),
  SIPBOT_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Loopback unless told otherwise: /metrics and the ingest API are not for the whole network by
  // accident (the Docker image sets 0.0.0.0, where the container's network is the boundary).
  SIPBOT_HOST: z.string().min(1).default('127.0.0.1'),
  SIPBOT_TIMEZONE: z.string().min(1).default('UTC'),
  SIPBOT_DEFAULT_COUNTRY: z.string().length(2).toUpperCase().default('US'),
  SIPBOT_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().min(1).optional(),
  SLACK_API_URL: z.string().url().optional(),
  DISCORD_TOKEN: z.string().min(1).optional(),
  DISCORD_APPLICATION_ID: z.string().min(1).optional(),
  DISCORD_API_URL: z.string().url().optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TELNYX_PUBLIC_KEY: z.string().min(1).optional(),
  SIGNALWIRE_SIGNING_KEY: z.string().min(1).optional(),
  BANDWIDTH_WEBHOOK_USER: z.string().min(1).optional(),
  BANDWIDTH_WEBHOOK_PASSWORD: z.string().min(1).optional(),
  /** Public base URL the providers call (Twilio signs the full URL). */
  SIPBOT_PUBLIC_URL: z.string().url().optional(),
  /** Largest body POST /api/v1/calls accepts, in MB (streamed; 413 beyond). */
  SIPBOT_API_MAX_BODY_MB: z.coerce.number().positive().default(50),
  /** Uploads a minute per API token (429 beyond). */
  SIPBOT_API_RATE_LIMIT: z.coerce.number().int().positive().default(120),
  SIPBOT_ESCALATION_CHANNEL: z.string().min(1).optional(),
  SIPBOT_EXPERTS: z.string().optional(),
  SIPBOT_ESCALATION_WEBHOOK_URL: z.string().url().optional(),
  SIPBOT_ESCALATION_WEBHOOK_SECRET: z.string().min(1).optional(),
  SIPBOT_ESCALATION_REMIND_MINUTES: z.coerce.number().positive().default(60),
  SIPBOT_CHECKLIST_TTL_HOURS: z.coerce.number().positive().default(24),
  /** Alerts (docs/alerts.md says why each default): evaluation step, windows, volume, pending and recovery. */
  SIPBOT_ALERT_STEP_SECONDS: z.coerce.number().int().min(10).max(3600).default(60),
  SIPBOT_ALERT_SHORT_MINUTES: z.coerce.number().int().min(1).max(120).default(10),
  SIPBOT_ALERT_LONG_MINUTES: z.coerce.number().int().min(2).max(360).default(60),
  SIPBOT_ALERT_MIN_CALLS: z.coerce.number().int().min(1).default(20),
  SIPBOT_ALERT_PENDING_STEPS: z.coerce.number().int().min(1).max(60).default(2),
  SIPBOT_ALERT_RECOVER_STEPS: z.coerce.number().int().min(1).max(1440).default(15),
  SIPBOT_ALERT_CLEAR_RATIO: z.coerce.number().min(1).default(1.5),
  SIPBOT_ALERT_BASELINE_DAYS: z.coerce.number().int().min(1).max(28).default(7),
  SIPBOT_ALERT_CATCHUP_MINUTES: z.coerce.number().int().min(0).max(1440).default(180),
  /** PagerDuty Events API v2 (or a compatible receiver) and its integration (routing) key. */
  SIPBOT_ALERT_WEBHOOK: z.string().url().optional(),
  SIPBOT_ALERT_ROUTING_KEY: z.string().min(1).optional(),
  /** `serve`: threads that run chat commands and API uploads, each with its own connection. */
  SIPBOT_DB_THREADS: z.coerce.number().int().min(1).max(16).default(2),
  /** `serve`: how long a webhook write waits for another process's write lock before 503 + Retry-After. */
  SIPBOT_WEBHOOK_LOCK_WAIT_MS: z.coerce.number().int().min(0).default(5000),
  /** `serve`: how long a chat command waits for the write lock in its thread (the ack has gone out). */
  SIPBOT_COMMAND_LOCK_WAIT_MS: z.coerce.number().int().min(0).default(60_000),
  /** HTTP: time to receive a request's headers. */
  SIPBOT_HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** HTTP: time to receive a whole request (headers and body); API uploads included. */
  SIPBOT_HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  /** HTTP: time to receive the body of a webhook or Slack request (small bodies). */
  SIPBOT_HTTP_BODY_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** HTTP: a socket with no bytes in either direction for this long is closed. */
  SIPBOT_HTTP_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** HTTP: how long an idle keep-alive connection is kept. */
  SIPBOT_HTTP_KEEPALIVE_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  /** HTTP: requests served on one keep-alive connection before it is closed. */
  SIPBOT_HTTP_MAX_REQUESTS_PER_SOCKET: z.coerce.number().int().positive().default(1000),
  /** HTTP: open connections; more are refused until some close. */
  SIPBOT_HTTP_MAX_CONNECTIONS: z.coerce.number().int().positive().default(2048),
});

export type Env = z.infer<typeof schema>;

/** What a variable takes, in the words of the error a person sees when the value is wrong. */
const EXPECTED: Record<string, string> = {
  SIPBOT_PORT: 'a port number from 0 to 65535',
  SIPBOT_DEFAULT_COUNTRY: 'a two-letter country code such as US or GB',
  SIPBOT_LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  SIPBOT_API_MAX_BODY_MB: 'a number of megabytes above 0',
  SIPBOT_API_RATE_LIMIT: 'a whole number above 0',
  SIPBOT_ESCALATION_REMIND_MINUTES: 'a number of minutes above 0',
  SIPBOT_CHECKLIST_TTL_HOURS: 'a number of hours above 0',
  SIPBOT_ALERT_STEP_SECONDS: 'a whole number of seconds from 10 to 3600',
  SIPBOT_ALERT_SHORT_MINUTES: 'a whole number of minutes from 1 to 120',
  SIPBOT_ALERT_LONG_MINUTES: 'a whole number of minutes from 2 to 360',
  SIPBOT_ALERT_MIN_CALLS: 'a whole number above 0',
  SIPBOT_ALERT_PENDING_STEPS: 'a whole number of steps from 1 to 60',
  SIPBOT_ALERT_RECOVER_STEPS: 'a whole number of steps from 1 to 1440',
  SIPBOT_ALERT_CLEAR_RATIO: 'a number of 1 or more',
  SIPBOT_ALERT_BASELINE_DAYS: 'a whole number of days from 1 to 28',
  SIPBOT_ALERT_CATCHUP_MINUTES: 'a whole number of minutes from 0 to 1440',
};

function expected(name: string, message: string): string {
  if (EXPECTED[name]) return EXPECTED[name];
  if (/url/i.test(message) || name.endsWith('_URL')) return 'a URL such as https://example.com';
  return 'a valid value';
}

export interface AlertConfig {
  stepMs: number;
  shortMs: number;
  longMs: number;
  minCalls: number;
  pendingSteps: number;
  recoverSteps: number;
  clearRatio: number;
  baselineDays: number;
  catchUpMs: number;
  webhookUrl?: string;
  routingKey?: string;
}

export interface Config {
  dbPath: string;
  port: number;
  host: string;
  timeZone: string;
  defaultCountry: string;
  logLevel: Env['SIPBOT_LOG_LEVEL'];
  publicUrl: string | undefined;
  slack: { botToken?: string; signingSecret?: string; appToken?: string; apiUrl?: string };
  discord: { token?: string; applicationId?: string; apiUrl?: string };
  webhooks: {
    twilioAuthToken?: string;
    telnyxPublicKey?: string;
    signalwireSigningKey?: string;
    bandwidthUser?: string;
    bandwidthPassword?: string;
  };
  escalation: {
    /** `slack:C123` / `discord:123456` targets, comma separated in the env. */
    channels: string[];
    /** user ids (`U123`, `123456789`) or a Slack user group (`S0123`), comma separated. */
    experts: string[];
    webhookUrl?: string;
    webhookSecret?: string;
    remindMinutes: number;
  };
  /** A walkthrough with no answer for this long expires. */
  checklist: { ttlHours: number };
  alerts: AlertConfig;
  /** The raw, validated environment, for the few modules that need one more variable. */
  env: Env;
}

function defined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}

function list(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function alertConfig(e: Env): AlertConfig {
  if (e.SIPBOT_ALERT_LONG_MINUTES <= e.SIPBOT_ALERT_SHORT_MINUTES) {
    throw new UserError(
      'config.invalid',
      `SIPBOT_ALERT_LONG_MINUTES is ${e.SIPBOT_ALERT_LONG_MINUTES}, but it must be longer than SIPBOT_ALERT_SHORT_MINUTES (${e.SIPBOT_ALERT_SHORT_MINUTES}).`,
    );
  }
  if (e.SIPBOT_ALERT_WEBHOOK && !e.SIPBOT_ALERT_ROUTING_KEY) {
    throw new UserError(
      'config.invalid',
      'SIPBOT_ALERT_WEBHOOK is set but SIPBOT_ALERT_ROUTING_KEY is not: PagerDuty refuses events without a routing key.',
    );
  }
  return {
    stepMs: e.SIPBOT_ALERT_STEP_SECONDS * 1000,
    shortMs: e.SIPBOT_ALERT_SHORT_MINUTES * 60_000,
    longMs: e.SIPBOT_ALERT_LONG_MINUTES * 60_000,
    minCalls: e.SIPBOT_ALERT_MIN_CALLS,
    pendingSteps: e.SIPBOT_ALERT_PENDING_STEPS,
    recoverSteps: e.SIPBOT_ALERT_RECOVER_STEPS,
    clearRatio: e.SIPBOT_ALERT_CLEAR_RATIO,
    baselineDays: e.SIPBOT_ALERT_BASELINE_DAYS,
    catchUpMs: e.SIPBOT_ALERT_CATCHUP_MINUTES * 60_000,
    ...defined({ webhookUrl: e.SIPBOT_ALERT_WEBHOOK, routingKey: e.SIPBOT_ALERT_ROUTING_KEY }),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') ?? 'environment';
    const value = String(cleaned[name] ?? '');
    throw new UserError(
      'config.invalid',
      `${name} is "${value}", but it must be ${expected(name, issue?.message ?? '')}.`,
    );
  }
  const e = parsed.data;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: e.SIPBOT_TIMEZONE });
  } catch {
    throw new UserError('config.invalid', `SIPBOT_TIMEZONE: unknown time zone "${e.SIPBOT_TIMEZONE}"`);
  }
  return {
    dbPath: e.SIPBOT_DB,
    port: e.SIPBOT_PORT,
    host: e.SIPBOT_HOST,
    timeZone: e.SIPBOT_TIMEZONE,
    defaultCountry: e.SIPBOT_DEFAULT_COUNTRY,
    logLevel: e.SIPBOT_LOG_LEVEL,
    publicUrl: e.SIPBOT_PUBLIC_URL,
    slack: defined({
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
    }),
    discord: defined({ token: e.DISCORD_TOKEN, applicationId: e.DISCORD_APPLICATION_ID, apiUrl: e.DISCORD_API_URL }),
    webhooks: defined({
      twilioAuthToken: e.TWILIO_AUTH_TOKEN,
      telnyxPublicKey: e.TELNYX_PUBLIC_KEY,
      signalwireSigningKey: e.SIGNALWIRE_SIGNING_KEY,
      bandwidthUser: e.BANDWIDTH_WEBHOOK_USER,
      bandwidthPassword: e.BANDWIDTH_WEBHOOK_PASSWORD,
    }),
    escalation: {
      channels: list(e.SIPBOT_ESCALATION_CHANNEL),
      experts: list(e.SIPBOT_EXPERTS),
      ...defined({ webhookUrl: e.SIPBOT_ESCALATION_WEBHOOK_URL, webhookSecret: e.SIPBOT_ESCALATION_WEBHOOK_SECRET }),
      remindMinutes: e.SIPBOT_ESCALATION_REMIND_MINUTES,
    },
    checklist: { ttlHours: e.SIPBOT_CHECKLIST_TTL_HOURS },
    alerts: alertConfig(e),
    env: e,
  };
}
