import { bridgeContract, fail, fieldIssues, fieldsSummary, isBridgeMethodName, ok } from '../../shared/bridge';
import { faultMessage, faultOf } from '../errors/faults';
import type { BridgeMethodName, BridgeResult, FieldIssue } from '../../shared/bridge';
import { ServiceError } from '../errors/service-error';
import type { Handlers } from '../app/services';
import type { CliMethods } from '../capability/cli-method';

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
export function createDispatcher(handlers: Handlers, log: DispatchLog = () => {}, cliMethods: CliMethods = {}): Dispatch {
  for (const name of Object.keys(handlers)) {
    if (!isBridgeMethodName(name)) throw new Error(`Handler for unknown bridge method ${name}.`);
  }
  return async (method, rawInput, caller) => {
    if (!caller.trusted) {
      return fail('forbidden', 'Dit verzoek komt niet van het venster van de Beheerconsole en is geweigerd.');
    }
    // The CLI's own methods: only the dispatcher the CLI builds is given them (IPC and HTTP answer unknown-method).
    const cli = Object.hasOwn(cliMethods, method) ? cliMethods[method as `cli:${string}`] : undefined;
    if (!isBridgeMethodName(method) && !cli) {
      return fail('unknown-method', 'Deze versie van de console kent die opdracht niet. Laad het venster opnieuw of start de console opnieuw.');
    }
    const spec = cli ? { input: cli.input, output: null } : bridgeContract[method as BridgeMethodName];
    // reportInput only so a missing field reads "ontbreekt"; the input itself never goes into the message.
    const parsed = spec.input.safeParse(rawInput, { reportInput: true });
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error);
      return fail('invalid-input', summaryOf(issues), issues);
    }
    try {
      const handler = (cli ? cli.run : handlers[method as BridgeMethodName]) as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      if (!spec.output) return ok(value);
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
      // A full disk or a read-only folder is the PC's, not the console's: said as such, with what to do.
      const fault = faultOf(error);
      if (fault) return fail('unavailable', faultMessage(fault));
      return fail('internal', 'Er ging iets mis in de console. Er is niets gewijzigd. Probeer het opnieuw of start de console opnieuw.');
    }
  };
}

/** The summary for people: which fields is shown by marking them, never named by their internal path. */
function summaryOf(issues: readonly FieldIssue[]): string {
  if (issues.length === 0) return 'De console kon deze gegevens niet lezen. Laad het venster opnieuw.';
  if (issues.every((issue) => issue.path.length === 0)) return issues[0]!.message;
  return fieldsSummary(issues.length);
}
