import type { CapabilityContext } from '../capability/context';
import type { Handlers } from '../capability/handlers';
import { exportAuditCsv, listAudit, recordExport } from './audit';
import { plural } from '../../shared/domain/names';
import { z } from 'zod';
import { brin6Schema } from '../../shared/api/common';
import { cliMethod } from '../capability/cli-method';
import type { CliMethods } from '../capability/cli-method';
import { requireLocation } from '../locations/locations';

/** The Logboek of a location: read and exported, never changed from outside. */
export function auditApp(ctx: CapabilityContext): Pick<Handlers, 'audit:list' | 'audit:export-csv'> {
  return {
    'audit:list': ({ brin6 }) => listAudit(ctx.requireDb(), brin6),
    'audit:export-csv': ({ brin6 }) => {
      const db = ctx.requireDb();
      const entries = listAudit(db, brin6).length;
      const result = exportAuditCsv(db, brin6, ctx.today());
      // The log names colleagues: its export is on record too (after the file was made, so it does not list itself).
      recordExport(db, brin6, 'Logboek (CSV)', plural(entries, 'regel', 'regels'), result.fileName, ctx.today());
      return result;
    },
  };
}

/** The command line's exports (`export`, `export-kurve`) write the file themselves; then they put it on record here. */
export function auditCliMethods(ctx: CapabilityContext) {
  return {
    'cli:record-export': cliMethod(
      z.object({ brin6: brin6Schema, what: z.string().min(1).max(200), records: z.string().max(100), fileName: z.string().min(1).max(1000) }),
      ({ brin6, what, records, fileName }) => {
        requireLocation(ctx.requireDb(), brin6);
        recordExport(ctx.requireDb(), brin6, what, records, fileName, ctx.today());
      },
    ),
  } satisfies CliMethods;
}
