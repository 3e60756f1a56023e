import { bridgeContract, fail, isBridgeMethodName, ok } from '../../shared/bridge';
import type { BridgeMethodName, BridgeResult } from '../../shared/bridge';
import type { z } from 'zod';
import { ServiceError } from '../app/errors';
import type { Handlers } from '../app/services';

/** What a transport knows of the caller; the registry refuses anything it cannot vouch for. */
export interface CallerInfo {
  /** True when the transport checked the caller (Electron: own origin and top frame; HTTP: token and origin). */
  readonly trusted: boolean;
}

/**
 * Failures a handler chose to answer (a rule said no: duplicate e-mail, nothing to confirm, offline). The call itself
 * worked, so the HTTP transport answers 200 with `ok: false` — unlike a malformed request (400) or an unknown method
 * (404) — and the page's console stays free of red "failed to load" lines for ordinary Dutch answers.
 */
const answeredByHandler = new WeakSet<object>();

export function isAnsweredByHandler(result: BridgeResult<unknown>): boolean {
  return answeredByHandler.has(result);
}

export type Dispatch = (method: string, rawInput: unknown, caller: CallerInfo) => Promise<BridgeResult<unknown>>;

/**
 * The one place every bridge call passes: known method, trusted caller, input valid against the contract,
 * output valid against the contract, every failure a Dutch message. Transports (IPC, HTTP) only carry bytes.
 */
/** What the dispatcher reports of a failure nobody answered: a line for a console, and the error and method for a log. */
export type DispatchLog = (line: string, error: unknown, method: string) => void;

export function createDispatcher(handlers: Handlers, log: DispatchLog = () => {}): Dispatch {
  for (const name of Object.keys(handlers)) {
    if (!isBridgeMethodName(name)) throw new Error(`Handler for unknown bridge method ${name}.`);
  }
  return async (method, rawInput, caller) => {
    if (!caller.trusted) {
      return fail('forbidden', 'Dit verzoek komt niet van het venster van de Beheerconsole en is geweigerd.');
    }
    if (!isBridgeMethodName(method)) {
      return fail('unknown-method', `De console kent de opdracht "${method.slice(0, 64)}" niet. Start de console opnieuw.`);
    }
    const spec = bridgeContract[method];
    // reportInput only so a missing field reads "ontbreekt"; the input itself never goes into the message.
    const parsed = spec.input.safeParse(rawInput, { reportInput: true });
    if (!parsed.success) {
      return fail('invalid-input', describeInvalidInput(method, parsed.error));
    }
    try {
      const handler = handlers[method] as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      const checked = spec.output.safeParse(value);
      if (!checked.success) {
        log(`bridge ${method}: output does not match the contract: ${checked.error.message}`, checked.error, method);
        return fail('internal', 'De console gaf een onverwacht antwoord. Start de console opnieuw; blijft dit gebeuren, meld het dan.');
      }
      return ok(checked.data);
    } catch (error) {
      if (error instanceof ServiceError) {
        const refused = fail(error.code, error.message);
        answeredByHandler.add(refused);
        return refused;
      }
      log(`bridge ${method}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, error, method);
      return fail('internal', 'Er ging iets mis in de console. Er is niets gewijzigd. Probeer het opnieuw of start de console opnieuw.');
    }
  };
}

/** Names the first problems in Dutch, with the field, so the message says what to fix. */
function describeInvalidInput(method: BridgeMethodName, error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return `${where}${translateIssue(issue)}`;
  });
  return `Ongeldige gegevens voor "${method}". ${parts.join('; ')}`;
}

function translateIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'ontbreekt' : `verwacht ${dutchType(issue.expected)}`;
    case 'unrecognized_keys':
      return `onbekende velden ${issue.keys.join(', ')}`;
    case 'custom':
      return issue.message;
    // The contract's own Dutch message when it gives one (zod's default messages are English: "Too big: …").
    case 'too_big':
      return /^Too big/.test(issue.message) ? 'is te lang' : issue.message;
    case 'too_small':
      return /^Too small/.test(issue.message) ? 'is te kort' : issue.message;
    default:
      return issue.message;
  }
}

function dutchType(expected: string): string {
  const names: Record<string, string> = {
    string: 'tekst',
    number: 'een getal',
    object: 'een object',
    array: 'een lijst',
    boolean: 'ja/nee',
    undefined: 'geen invoer',
  };
  return names[expected] ?? expected;
}
