import { POLICY_KEYS, POLICY_KEY_NAMES } from './keys';
import type { MachinePolicy } from './policy';

/** What *Support en updates* shows of IT's policy: each setting in force, its value in Dutch, and where it was found. */
export function policySummary(policy: MachinePolicy): { entries: { key: string; label: string; value: string; where: string }[]; looked: string[]; warnings: string[] } {
  const entries = POLICY_KEY_NAMES.flatMap((key) => {
    const value = policy.values[key];
    const where = policy.origin[key];
    if (value === undefined || where === undefined) return [];
    return [{ key, label: POLICY_KEYS[key].label, value: typeof value === 'boolean' ? (value ? 'ja' : 'nee') : String(value), where }];
  });
  return { entries, looked: [...policy.looked], warnings: [...policy.warnings] };
}
