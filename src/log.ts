import { pino, type Logger } from 'pino';

export type { Logger };

/** Keys whose values never reach a log line. */
const REDACT = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'secret',
  '*.secret',
  'password',
  '*.password',
  'signingSecret',
  '*.signingSecret',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const opts = { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'sipbot' } };
  return destination ? pino(opts, destination as never) : pino(opts, pino.destination(2));
}

export const silentLogger: Logger = pino({ level: 'silent' });
