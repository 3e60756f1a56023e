import type { CapabilityContext } from '../capability/context';
import { importsCliMethods } from '../imports/app';
import { auditCliMethods } from '../audit/app';
import { numoCliMethods } from '../numo/app';
import { syncCliMethods } from './sync-methods';

/** The contract's CLI-only methods, as the capabilities declare them (main/capability/cli-method.ts). */
export function cliMethodsOf(ctx: CapabilityContext) {
  return { ...importsCliMethods(ctx), ...numoCliMethods(ctx), ...syncCliMethods(ctx), ...auditCliMethods(ctx) };
}

export type CliMethodsOf = ReturnType<typeof cliMethodsOf>;
