import { bridgeContract, fail, fieldsSummary, isBridgeMethodName, ok } from '../../shared/bridge';
import type { BridgeResult, FieldIssue } from '../../shared/bridge';
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

/** What the dispatcher reports of a failure nobody answered: a line for a console, and the error and method for a log. */
export type DispatchLog = (line: string, error: unknown, method: string) => void;

/**
 * The one place every bridge call passes: known method, trusted caller, input valid against the contract,
 * output valid against the contract, every failure a Dutch message. Transports (IPC, HTTP) only carry bytes.
 */
export function createDispatcher(handlers: Handlers, log: DispatchLog = () => {}): Dispatch {
  for (const name of Object.keys(handlers)) {
    if (!isBridgeMethodName(name)) throw new Error(`Handler for unknown bridge method ${name}.`);
  }
  return async (method, rawInput, caller) => {
    if (!caller.trusted) {
      return fail('forbidden', 'Dit verzoek komt niet van het venster van de Beheerconsole en is geweigerd.');
    }
    if (!isBridgeMethodName(method)) {
      return fail('unknown-method', 'Deze versie van de console kent die opdracht niet. Laad het venster opnieuw of start de console opnieuw.');
    }
    const spec = bridgeContract[method];
    // reportInput only so a missing field reads "ontbreekt"; the input itself never goes into the message.
    const parsed = spec.input.safeParse(rawInput, { reportInput: true });
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error);
      return fail('invalid-input', summaryOf(issues), issues);
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
        const refused = fail(error.code, error.message, error.issues);
        answeredByHandler.add(refused);
        return refused;
      }
      log(`bridge ${method}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, error, method);
      return fail('internal', 'Er ging iets mis in de console. Er is niets gewijzigd. Probeer het opnieuw of start de console opnieuw.');
    }
  };
}

/**
 * Each problem as the field it concerns (its keys inside the input) and a Dutch sentence for that field. The contract's
 * own Dutch messages are used as they are; zod's English defaults become Dutch sentences.
 */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: [...issue.path.map(pathKey), key], message: 'Dit veld kent de console niet; laad het venster opnieuw.' });
      continue;
    }
    const path = issue.path.map(pathKey);
    if (issues.some((known) => samePath(known.path, path))) continue;
    // The input as a whole is missing or of the wrong shape: a screen out of date, not a field to fix.
    const message = path.length === 0 && issue.code === 'invalid_type' ? WHOLE_INPUT : translateIssue(issue);
    issues.push({ path, message });
  }
  return issues;
}

/** The summary for people: which fields is shown by marking them, never named by their internal path. */
function summaryOf(issues: readonly FieldIssue[]): string {
  if (issues.length === 0) return 'De console kon deze gegevens niet lezen. Laad het venster opnieuw.';
  if (issues.every((issue) => issue.path.length === 0)) return issues[0]!.message;
  return fieldsSummary(issues.length);
}

const WHOLE_INPUT = 'De gegevens voor deze opdracht ontbreken of kloppen niet. Laad het venster opnieuw.';
const pathKey = (key: PropertyKey): string | number => (typeof key === 'number' ? key : String(key));
const samePath = (a: readonly (string | number)[], b: readonly (string | number)[]) => a.length === b.length && a.every((k, i) => k === b[i]);

function translateIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      // A message the contract wrote itself wins (zod's own start "Invalid input").
      if (!/^Invalid input/.test(issue.message)) return issue.message;
      return issue.input === undefined ? 'Vul dit veld in.' : `Vul hier ${dutchType(issue.expected)} in.`;
    case 'custom':
      return issue.message;
    // The contract's own Dutch message when it gives one (zod's default messages are English: "Too big: …").
    case 'too_big':
      return /^Too big/.test(issue.message) ? 'Dit is te lang; maak het korter.' : issue.message;
    case 'too_small':
      return /^Too small/.test(issue.message) ? 'Dit is te kort of leeg; vul het aan.' : issue.message;
    default:
      return isEnglishDefault(issue.message) ? 'Deze waarde klopt niet; kies of vul een geldige waarde in.' : issue.message;
  }
}

function dutchType(expected: string): string {
  const names: Record<string, string> = {
    string: 'tekst',
    number: 'een getal',
    object: 'gegevens',
    array: 'een lijst',
    boolean: 'ja of nee',
    undefined: 'niets',
  };
  return names[expected] ?? 'een geldige waarde';
}

/** zod's built-in messages are English ("Invalid option: expected one of …", "Invalid string: must match …"). */
function isEnglishDefault(message: string): boolean {
  return /^(Invalid|Too |Unrecognized|Expected|Required|String must|Number must)/.test(message);
}
