import fs from 'node:fs';
import path from 'node:path';
import { redact } from './redact';

/**
 * Log files a coordinator can send to support: `<data folder>/logs/<entry point>.log`, plain text, one line per
 * event, rotated at `maxBytes` into `.1.log` … `.{keep}.log`.
 *
 * Why our own ~100 lines and not electron-log: the same logger (and the same redaction) serves Electron, browser
 * mode and the CLI, and tests read its files in plain Node; electron-log's value is its renderer/IPC transport,
 * which this app must not open (every IPC channel is a contract method).
 *
 * What goes in: start, errors (with stack, redacted), sync rounds and imports — counts and codes only. Every line
 * passes `redact` (names, e-mail addresses, tokens, passwords, BSN-like numbers go), and callers pass numbers and
 * codes, never a person's data: the redaction is the safety net, not the plan.
 */
export type LogLevel = 'INFO' | 'WARN' | 'ERROR';
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, error: unknown, fields?: LogFields): void;
  /** The folder with the log files, and the file this entry point writes. */
  readonly dir: string;
  readonly file: string;
}

export interface LoggerOptions {
  /** The data folder; logs go to `<dataDir>/logs/`. */
  readonly dataDir: string;
  /** File name without extension: `electron`, `browser` or `cli` (one file per entry point, so rotation never races). */
  readonly name: string;
  readonly maxBytes?: number;
  readonly keep?: number;
  readonly now?: () => Date;
}

export const LOG_FOLDER = 'logs';
const EVENT_NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

export function createLogger(options: LoggerOptions): Logger {
  const dir = path.join(options.dataDir, LOG_FOLDER);
  const file = path.join(dir, `${options.name}.log`);
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const keep = options.keep ?? 5;
  const now = options.now ?? (() => new Date());
  let size: number | null = null;

  const rotate = () => {
    for (let i = keep - 1; i >= 1; i--) {
      const from = path.join(dir, `${options.name}.${i}.log`);
      if (fs.existsSync(from)) fs.renameSync(from, path.join(dir, `${options.name}.${i + 1}.log`));
    }
    if (keep >= 1) fs.renameSync(file, path.join(dir, `${options.name}.1.log`));
    else fs.rmSync(file, { force: true });
    size = 0;
  };

  const write = (level: LogLevel, event: string, detail: string) => {
    // The event name is a code chosen in our source; anything else is refused so no text can hide in it.
    const name = EVENT_NAME.test(event) ? event : 'invalid-event-name';
    const line = `${now().toISOString()} ${level} ${name}${detail ? `${detail.startsWith('\n') ? '' : ' '}${redact(detail)}` : ''}\n`;
    try {
      // Private to the PC's user (issue 34): the folder 0700, the file 0600 when it is made.
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      size ??= fs.existsSync(file) ? fs.statSync(file).size : 0;
      const bytes = Buffer.byteLength(line);
      if (size > 0 && size + bytes > maxBytes) rotate();
      fs.appendFileSync(file, line, { mode: 0o600 });
      size += bytes;
    } catch {
      // A full disk or a read-only folder must never break the console itself; the log is a courtesy.
    }
  };

  return {
    dir,
    file,
    info: (event, fields) => write('INFO', event, formatFields(fields)),
    warn: (event, fields) => write('WARN', event, formatFields(fields)),
    error: (event, error, fields) => write('ERROR', event, `${formatFields(fields)}${formatError(error)}`.replace(/^ /, '')),
  };
}

/** A logger that writes nothing (tests of modules that take one, and the CLI's `--help`). */
export const silentLogger: Logger = { dir: '', file: '', info() {}, warn() {}, error() {} };

function formatFields(fields: LogFields | undefined): string {
  if (!fields) return '';
  return Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key.replace(/[^A-Za-z0-9_-]/g, '_')}=${typeof value === 'string' ? formatText(value) : String(value)}`)
    .join(' ');
}

/** Codes (BRIN6, an outcome, a route) are written as they are; free text is quoted, and so hidden by `redact`. */
function formatText(value: string): string {
  return /^[A-Za-z0-9_.:/-]{1,64}$/.test(value) ? value : JSON.stringify(value);
}

function formatError(error: unknown): string {
  if (error instanceof Error) {
    const stack = error.stack ?? `${error.name}: ${error.message}`;
    return `\n  ${stack.split('\n').join('\n  ')}`;
  }
  return ` error=${JSON.stringify(String(error))}`;
}

/** The newest log file in the folder (browser mode offers it as a download), or null when there is none. */
export function newestLogFile(dir: string): string | null {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir).filter((name) => name.endsWith('.log'));
  } catch {
    return null;
  }
  let newest: { file: string; mtime: number } | null = null;
  for (const name of entries) {
    const file = path.join(dir, name);
    const mtime = fs.statSync(file).mtimeMs;
    if (!newest || mtime > newest.mtime) newest = { file, mtime };
  }
  return newest?.file ?? null;
}
