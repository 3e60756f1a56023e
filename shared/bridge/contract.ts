import { z } from 'zod';

/**
 * Why: every call across the process boundary is described once, as data, so that main can validate
 * what arrives, the preload can expose exactly these methods, and the renderer gets compile-time types.
 */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  /** One Dutch line that says what the method is for (shown in logs and the CLI, never to pupils). */
  readonly summary: string;
}

/** Declares one bridge method. A helper so each domain file reads as a table. */
export function method<I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return spec;
}

/** No input: the schema accepts `undefined` only, so a caller cannot smuggle a payload in. */
export const noInput = z.undefined();

/**
 * Why: `ipcMain.handle` loses error details and HTTP status codes mean nothing to the renderer; every
 * failure crosses the boundary as a code the UI can act on plus a Dutch message it can show as is.
 */
export const bridgeErrorCodes = [
  'invalid-input',
  'unknown-method',
  'forbidden',
  'unavailable',
  'internal',
] as const;
export type BridgeErrorCode = (typeof bridgeErrorCodes)[number];

/** One field a refusal is about: its keys inside the method's input (`["user", "voornaam"]`) and the Dutch sentence for it. */
export const fieldIssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string().min(1),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

export const bridgeErrorSchema = z.object({
  code: z.enum(bridgeErrorCodes),
  /** Dutch, for people: what went wrong and what to do. Never a method name, a dotted path, a token or personal data. */
  message: z.string().min(1),
  /** The fields to mark, each with its own Dutch sentence; forms put focus on the first. */
  issues: z.array(fieldIssueSchema).optional(),
});
export type BridgeError = Readonly<z.infer<typeof bridgeErrorSchema>>;

/** Why: a result value instead of exceptions, so no error is lost on the way and each caller must handle it. */
export type BridgeResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: BridgeError };

export function ok<T>(value: T): BridgeResult<T> {
  return { ok: true, value };
}

export function fail(code: BridgeErrorCode, message: string, issues?: readonly FieldIssue[]): BridgeResult<never> {
  return { ok: false, error: issues && issues.length > 0 ? { code, message, issues: [...issues] } : { code, message } };
}

/** The summary of a refusal about fields: the fields themselves are marked, never named by their internal path. */
export function fieldsSummary(count: number): string {
  return count === 1 ? 'Vul het gemarkeerde veld goed in.' : 'Vul de gemarkeerde velden goed in.';
}

/** A refusal about these fields, as main gives it and as a form's own check in the page gives it. */
export function fieldRefusal(issues: readonly FieldIssue[]): BridgeError {
  return { code: 'invalid-input', message: fieldsSummary(issues.length), issues: [...issues] };
}

/** The Dutch sentence of the first issue at exactly this path, for the field of a form. */
export function issueMessage(issues: readonly FieldIssue[] | undefined, path: ReadonlyArray<string | number>): string | undefined {
  return issues?.find((issue) => issue.path.length === path.length && issue.path.every((key, i) => key === path[i]))?.message;
}

/** Schema of any result on the wire; the renderer checks answers with it before trusting them. */
export function bridgeResultSchema<O extends z.ZodType>(output: O) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value: output }),
    z.object({ ok: z.literal(false), error: bridgeErrorSchema }),
  ]);
}
