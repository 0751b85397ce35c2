import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';

export type { Logger };

/** Anything that could carry a secret is censored before a line is written, whatever the caller passed. */
export const REDACTED_PATHS = [
  'secret',
  'pin',
  'password',
  'token',
  '*.secret',
  '*.pin',
  '*.password',
  '*.token',
  '*.secretHash',
  'input.secret',
  'input.pin',
  'input.password',
  'headers.authorization',
];

export interface LogOptions {
  readonly dataDir: string | null;
  readonly level: string;
  /** A file is rotated once it reaches this size (pino-roll units: "10m", "512k"); default 10 MB. */
  readonly rotateAt?: string;
}

/** JSON lines in <data>/logs (0700, files 0600), rotated daily and at 10 MB, 14 files kept; tests log nowhere (dataDir null). */
export function createLogger({ dataDir, level, rotateAt = '10m' }: LogOptions): Logger {
  const redact = { paths: REDACTED_PATHS, censor: '[redacted]' };
  if (dataDir === null) return pino({ level: 'silent', redact });
  const dir = join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const transport = pino.transport({
    target: 'pino-roll',
    // mode: each log file (sonic-boom opens it) is the owner's only; the lines name users and plates.
    options: { file: join(dir, 'lotkeeper'), extension: '.log', frequency: 'daily', size: rotateAt, mkdir: true, mode: 0o600, limit: { count: 14 } },
  });
  return pino({ level, redact, base: { app: 'lotkeeper' } }, transport);
}
