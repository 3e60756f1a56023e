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

export const bridgeErrorSchema = z.object({
  code: z.enum(bridgeErrorCodes),
  /** Dutch, says what went wrong and what to do. Never contains a token or personal data. */
  message: z.string().min(1),
});
export type BridgeError = Readonly<z.infer<typeof bridgeErrorSchema>>;

/** Why: a result value instead of exceptions, so no error is lost on the way and each caller must handle it. */
export type BridgeResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: BridgeError };

export function ok<T>(value: T): BridgeResult<T> {
  return { ok: true, value };
}

export function fail(code: BridgeErrorCode, message: string): BridgeResult<never> {
  return { ok: false, error: { code, message } };
}

/** Schema of any result on the wire; the renderer checks answers with it before trusting them. */
export function bridgeResultSchema<O extends z.ZodType>(output: O) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value: output }),
    z.object({ ok: z.literal(false), error: bridgeErrorSchema }),
  ]);
}
