/**
 * Which address of the central service this PC uses (issue 35), and whether the admin may change it. Pure.
 *
 * 1. IT's policy with `service.allowChange: false`: that address, fixed (the form in *Support en updates* is locked);
 * 2. the address the admin saved (step 1 or *Support en updates*);
 * 3. IT's policy address as a default (the admin may still change it);
 * 4. the address built into this version (`BEHEERCONSOLE_SERVICE_URL` when it was built);
 * 5. none: step 1 asks for it.
 */
export type ServiceAddressSource = 'policy' | 'setting' | 'policy-default' | 'build' | 'none';

export interface AddressPolicy {
  /** The policy's `service.url`, or null. */
  readonly url: string | null;
  /** The policy's `service.allowChange` (absent: true). */
  readonly allowChange: boolean;
  /** Where the policy was found, for the line in *Support en updates*. */
  readonly where: string | null;
}

export const NO_ADDRESS_POLICY: AddressPolicy = { url: null, allowChange: true, where: null };

export interface ServiceAddress {
  readonly url: string | null;
  readonly source: ServiceAddressSource;
  readonly changeable: boolean;
}

export function resolveServiceAddress(input: { readonly policy: AddressPolicy; readonly setting: string | null; readonly buildDefault: string | null }): ServiceAddress {
  const { policy, setting, buildDefault } = input;
  const changeable = policy.allowChange;
  if (policy.url && !policy.allowChange) return { url: policy.url, source: 'policy', changeable: false };
  if (setting) return { url: setting, source: 'setting', changeable };
  if (policy.url) return { url: policy.url, source: 'policy-default', changeable };
  if (buildDefault) return { url: buildDefault, source: 'build', changeable };
  return { url: null, source: 'none', changeable };
}

/** The refusal when the admin tries to change an address IT fixed. */
export function lockedAddressMessage(where: string | null): string {
  return `De ICT-afdeling van de school heeft het adres van de centrale dienst vastgelegd${where ? ` (beleid: ${where})` : ''}; het kan hier niet worden gewijzigd.`;
}
