import type { CapabilityContext } from '../capability/context';
import { recordExport } from '../audit/audit';
import { plural } from '../../shared/domain/names';
import type { Handlers } from '../capability/handlers';
import { z } from 'zod';
import { brin6Schema } from '../../shared/api/common';
import { cliMethod } from '../capability/cli-method';
import type { CliMethods } from '../capability/cli-method';
import { numoView, saveNumo } from './numo';

/** The Kurve export needs fast-xml-parser's builder: loaded when first asked for. */
const kurve = () => import('./kurve');

/** The Numo coupling and the Cito import file for Kurve. */
export function numoApp(ctx: CapabilityContext): Pick<Handlers, Extract<keyof Handlers, `numo:${string}`>> {
  return {
    'numo:get': ({ brin6 }) => numoView(ctx.requireDb(), brin6),
    'numo:save': ({ brin6, registration }) => ctx.mutation(brin6, saveNumo(ctx.requireDb(), brin6, registration, ctx.today())),
    'numo:export-kurve': async ({ brin6 }) => {
      const result = (await kurve()).buildKurveExport(ctx.requireDb(), brin6, { now: ctx.today() });
      // Keys, eck-ids and names of every pupil, for a third party (Kurve): on record (issue 34).
      recordExport(ctx.requireDb(), brin6, 'Kurve-importbestand (Numo)', plural(result.counts.leerlingen, 'leerling', 'leerlingen'), result.fileName, ctx.today());
      return result;
    },
  };
}

/** `export-kurve` on the command line: a korte schoolnaam given there instead of the saved registration's. */
export function numoCliMethods(ctx: CapabilityContext) {
  return {
    'cli:kurve-export': cliMethod(z.object({ brin6: brin6Schema, korteSchoolnaam: z.string().optional() }), async ({ brin6, korteSchoolnaam }) =>
      (await kurve()).buildKurveExport(ctx.requireDb(), brin6, { ...(korteSchoolnaam !== undefined ? { korteSchoolnaam } : {}), now: ctx.today() }),
    ),
  } satisfies CliMethods;
}
