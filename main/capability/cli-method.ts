import type { z } from 'zod';

/**
 * A method of the contract that only the command line calls: output in the CLI's own formats (the diff as keys, the
 * EDEXML export), the hold of the import a command stored, the push with a token used once. Each capability declares
 * its own beside its bridge methods (`main/<cap>/app.ts`); the CLI's dispatcher knows them, the window's IPC and
 * browser mode's HTTP never do (main/bridge/registry.ts refuses them as unknown). The input is parsed like a bridge
 * method's; the output stays in this process, so it is typed, not parsed.
 */
export interface CliMethod<S extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: S;
  readonly run: (input: z.output<S>) => O | Promise<O>;
}

/** `cli:<name>` → its method; a capability's CLI methods are one such record. */
export type CliMethods = { readonly [name: `cli:${string}`]: { readonly input: z.ZodType; readonly run: (input: never) => unknown } };

export function cliMethod<S extends z.ZodType, O>(input: S, run: (input: z.output<S>) => O | Promise<O>): CliMethod<S, O> {
  return { input, run };
}

export type CliInput<T> = T extends CliMethod<infer S, unknown> ? z.input<S> : never;
export type CliOutput<T> = T extends { readonly run: (input: never) => infer O } ? Awaited<O> : never;
