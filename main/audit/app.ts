import type { CapabilityContext } from '../capability/context';
import type { Handlers } from '../capability/handlers';
import { exportAuditCsv, listAudit } from './audit';

/** The Logboek of a location: read and exported, never changed from outside. */
export function auditApp(ctx: CapabilityContext): Pick<Handlers, 'audit:list' | 'audit:export-csv'> {
  return {
    'audit:list': ({ brin6 }) => listAudit(ctx.requireDb(), brin6),
    'audit:export-csv': ({ brin6 }) => exportAuditCsv(ctx.requireDb(), brin6, ctx.today()),
  };
}
