import { EXIT, withServices } from './common';
import type { CommandContext } from './common';

const STRATEGY_WORDS = { file: 'file', follow: 'follow', name: 'name', bestand: 'file', volgt: 'follow', naam: 'name' } as const;

/**
 * `rollover --brin6 X [--strategy file,follow,name] [--apply] [--json]` (issue 37): the plan for a new school year as
 * the window shows it (Klassen van collega's bijwerken), and with --apply the same one change. Exit 0 done or shown,
 * 1 when there is no plan or nothing to change with --apply, 2 for usage.
 */
export async function rolloverCommand(c: CommandContext): Promise<number> {
  const { io, dataDir, brin6, json, values } = c;
  let strategies: Array<'file' | 'follow' | 'name'> | undefined;
  if (values.strategy !== undefined) {
    const words = values.strategy.split(',').map((w) => w.trim().toLowerCase()).filter(Boolean);
    const unknown = words.filter((w) => !(w in STRATEGY_WORDS));
    if (words.length === 0 || unknown.length > 0) {
      // The unknown words named apart only when there is more than them ("file,gok": gok).
      const apart = unknown.length > 0 && unknown.join(',') !== words.join(',') ? ` (${unknown.join(', ')})` : '';
      io.stderr(`--strategy "${values.strategy}" ken ik niet${apart}. Gebruik file, follow en/of name, bijvoorbeeld --strategy file,follow.\n`);
      return EXIT.usage;
    }
    strategies = [...new Set(words.map((w) => STRATEGY_WORDS[w as keyof typeof STRATEGY_WORDS]))];
  }
  return withServices(dataDir, io, async ({ call }) => {
    const request = { brin6: brin6!, ...(strategies ? { strategies } : {}) };
    const { planText } = await import('../rollover/rollover');
    const plan = await call('rollover:get-plan', request);
    if (!values.apply) {
      io.stdout(json ? `${JSON.stringify(plan)}\n` : planText(plan));
      return plan.available ? EXIT.ok : EXIT.finding;
    }
    if (!plan.revision) {
      io.stdout(planText(plan));
      return EXIT.finding;
    }
    // Exactly the plan printed above is applied: if another process changed it meanwhile, it is refused, unchanged.
    const applied = await call('rollover:apply', { ...request, revision: plan.revision });
    if (json) io.stdout(`${JSON.stringify({ applied: plan.changes, plan: applied })}\n`);
    else io.stdout(`${planText(plan)}\nToegepast: de klassen van ${plan.changes === 1 ? '1 collega' : `${plan.changes} collega's`} zijn bijgewerkt en staan in de wachtrij voor de centrale dienst. Terugdraaien kan in het venster, bij Nieuw schooljaar.\n`);
    return EXIT.ok;
  });
}
