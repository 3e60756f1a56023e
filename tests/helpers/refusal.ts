import type { BridgeError } from '../../shared/bridge';

/** A refusal's field sentences keyed by the field's path (`user.voornaam`), for assertions; the UI marks fields from `issues`. */
export function fieldMessages(error: BridgeError): Record<string, string> {
  return Object.fromEntries((error.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]));
}
