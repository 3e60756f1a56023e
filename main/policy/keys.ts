import { z } from 'zod';
import { apiBaseUrlSchema } from '../../shared/bridge/settings';

/**
 * What school IT can preset or lock for every PC (issue 35), as one table: the JSON file's path, the registry value
 * (Group Policy, `HKLM\Software\Policies\Beheerconsole`, the ADMX template in build/policies/ writes exactly these),
 * how a value is checked, and the Dutch label *Support en updates* shows. Everything that reads or shows a policy
 * follows this table; a test holds the ADMX template to it.
 */
export const POLICY_REGISTRY_KEY = 'HKLM\\Software\\Policies\\Beheerconsole';

const httpsUrl = z.url({ protocol: /^https$/, message: 'moet een https-adres zijn' });

export const POLICY_KEYS = {
  'service.url': {
    registry: { name: 'ServiceUrl', type: 'string' },
    schema: apiBaseUrlSchema,
    label: 'Adres van de centrale dienst',
  },
  'service.allowChange': {
    registry: { name: 'AllowServiceUrlChange', type: 'boolean' },
    schema: z.boolean(),
    label: 'Beheerder mag het adres wijzigen',
  },
  'network.caFile': {
    registry: { name: 'CaFile', type: 'string' },
    schema: z.string().min(1).max(1024),
    label: 'Certificaat van de school (TLS-inspectie)',
  },
  'updates.enabled': {
    registry: { name: 'UpdatesEnabled', type: 'boolean' },
    schema: z.boolean(),
    label: 'Automatisch bijwerken',
  },
  'updates.url': {
    registry: { name: 'UpdateUrl', type: 'string' },
    schema: httpsUrl,
    label: 'Adres voor updates (eigen spiegel)',
  },
  'updates.channel': {
    registry: { name: 'UpdateChannel', type: 'string' },
    schema: z.enum(['latest', 'beta'], { message: 'moet "latest" of "beta" zijn' }),
    label: 'Updatekanaal',
  },
  dataFolder: {
    registry: { name: 'DataFolder', type: 'string' },
    schema: z.string().min(1).max(1024),
    label: 'Gegevensmap',
  },
} as const;

export type PolicyKey = keyof typeof POLICY_KEYS;
export const POLICY_KEY_NAMES = Object.keys(POLICY_KEYS) as PolicyKey[];

/** The values IT set, each checked by its schema. */
export interface PolicyValues {
  'service.url'?: string;
  'service.allowChange'?: boolean;
  'network.caFile'?: string;
  'updates.enabled'?: boolean;
  'updates.url'?: string;
  'updates.channel'?: 'latest' | 'beta';
  dataFolder?: string;
}

/** Checks one value of one key; the Dutch problem when it cannot be used. */
export function checkPolicyValue(key: PolicyKey, value: unknown): { ok: true; value: unknown } | { ok: false; problem: string } {
  const parsed = (POLICY_KEYS[key].schema as z.ZodType).safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problem: parsed.error.issues[0]?.message ?? 'onbekende waarde' };
}
