import fs from 'node:fs';
import path from 'node:path';
import type { Services } from '../app/services';
import type { EdexmlReport } from '../imports/import';
import type { Finding } from '../../shared/edexml/findings';
import { countsOf } from '../imports/diff';
import type { DiffCounts, SchoolDataDiff } from '../imports/diff';
import { MAX_UPLOAD_BYTES } from '../../shared/bridge/uploads';
import { IDENTICAL_MESSAGE } from '../../shared/bridge/imports';
import { plural } from '../../shared/domain/names';
import type { RemovalGuard } from '../../shared/domain/import-guard';
import { EXIT, cliName, requireLocationHere, withServices } from './common';
import type { Call, CliCall, CliIo, CommandContext } from './common';

/**
 * The EDEXML commands (`import`, `export`, `export-kurve`, `history`, `restore`): steps 2 and 3 of the window through
 * the same handlers, and the CLI's own read-only outputs.
 */

/** `import BESTAND… [--brin6 X] [--confirm] [--allow-removals]`: step 2 (and 3) as the window does it. */
export async function importCommand(c: CommandContext): Promise<number> {
  const { io, dataDir, brin6, file, rest, json, maxBytes, values } = c;
  if (rest.length > 1 || brin6 === undefined) {
    return withServices(dataDir, io, ({ services, call, cli }) =>
      importRouted(services, call, cli, rest, { brin6, json, io, confirm: values.confirm ?? false, allow: allowed(values), maxBytes }),
    );
  }
  return withServices(dataDir, io, async ({ services, call, cli }) => {
    await requireLocationHere(call, brin6!, io);
    const { uploadId } = services.uploads.fromLocalFile(file, Math.min(maxBytes ?? MAX_UPLOAD_BYTES, MAX_UPLOAD_BYTES));
    // The window's step 2: read in a worker thread into a new pending import (log line import.read).
    // With --confirm the stored file is held until this command confirms it: another process cannot replace it.
    const outcome = await call('import:start', { brin6: brin6!, uploadId, ...(values.confirm ? { hold: true } : {}) });
    const read: EdexmlReport = { ...outcome.report };
    if (outcome.kind === 'identical') return finish({ ...read, identical: true }, json, io, 'niet ingelezen'); // nothing to do: exit 0
    if (outcome.kind !== 'stored') return finish(read, json, io, 'niet ingelezen');
    const { diff, withDiff } = await diffFor(cli, brin6!, outcome.importId, json);
    if (!values.confirm) return finish({ ...read, ...withDiff, stored: 'pending' }, json, io, 'ingelezen (nog niet bevestigd)');
    const held = { brin6: brin6!, importId: outcome.importId };
    let guard: RemovalGuard | null = null;
    const confirmed = await confirmLikeStep3(call, cli, brin6!, allowed(values), outcome.importId, () => cli('cli:release-hold', held), async () =>
      (guard = await cli('cli:import-guard', { ...held, ...(diff ? { diff } : {}) })),
    );
    // Who left, and from which jaargroep (issue 37): said whether or not the guard asked anything.
    const leavers = (guard as RemovalGuard | null)?.leavers;
    if (leavers && !json) io.stdout(`${leavers}\n`);
    if (!confirmed.ok) {
      await cli('cli:release-hold', held);
      return finish({ ...read, ok: false, findings: [...read.findings, confirmed.finding], ...withDiff, stored: 'pending' }, json, io, 'ingelezen (nog niet bevestigd)');
    }
    return finish({ ...read, ...withDiff, stored: 'confirmed' }, json, io, 'ingelezen en bevestigd');
  });
}

/**
 * The diff a report carries: with --json the keys (the CLI's format); as text only the counts, counted in SQL — a
 * school that changed its student administration re-keys every pupil, and a row per pupil is not needed to print
 * "~30000" (issue 31).
 */
async function diffFor(cli: CliCall, brin6: string, importId: number, json: boolean): Promise<{ diff: SchoolDataDiff | DiffCounts | undefined; withDiff: Pick<EdexmlReport, 'diff' | 'diffCounts'> }> {
  if (json) {
    const diff = (await cli('cli:pending-diff', { brin6, importId })) ?? undefined;
    return { diff, withDiff: diff ? { diff } : {} };
  }
  const counts = (await cli('cli:pending-counts', { brin6, importId })) ?? undefined;
  return { diff: counts, withDiff: counts ? { diffCounts: counts } : {} };
}

/** `export BESTAND --brin6 X`: the confirmed data as EDEXML 2.1. */
export async function exportCommand(c: CommandContext): Promise<number> {
  const { io, dataDir, brin6, file } = c;
  const { writeEdexml } = await import('../edexml/write');
  return withServices(dataDir, io, async ({ cli }) => {
    const data = await cli('cli:confirmed-data', { brin6: brin6! });
    if (!data) {
      io.stderr(`Locatie ${brin6} heeft nog geen bevestigde gegevens. Importeer en bevestig eerst: ${cliName(io)} import BESTAND --brin6 ${brin6} --confirm\n`);
      return EXIT.finding;
    }
    try {
      fs.writeFileSync(file, writeEdexml(data));
    } catch (error) {
      io.stderr(`Kan ${file} niet schrijven: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    await cli('cli:record-export', { brin6: brin6!, what: 'Bevestigde schoolgegevens (EDEXML 2.1)', records: plural(data.leerlingen.length, 'leerling', 'leerlingen'), fileName: file });
    io.stdout(`${data.leerlingen.length} leerlingen en ${data.groepen.length} groepen van ${brin6} geschreven naar ${file} (EDEXML 2.1).\n`);
    return EXIT.ok;
  });
}

/** `history --brin6 X`: the confirmed imports, newest first. */
export async function historyCommand(c: CommandContext): Promise<number> {
  const { io, dataDir, brin6, json } = c;
  return withServices(dataDir, io, async ({ call }) => {
    await requireLocationHere(call, brin6!, io);
    const imports = await call('import:list-history', { brin6: brin6! });
    if (json) io.stdout(`${JSON.stringify({ imports })}\n`);
    else if (imports.length === 0) io.stdout(`Locatie ${brin6} heeft nog geen bevestigde import.\n`);
    else {
      for (const i of imports) {
        io.stdout(
          `${i.current ? '* ' : '  '}${i.id}  ${i.confirmedAt.slice(0, 16).replace('T', ' ')}  ${i.file}${i.restoredFrom ? ` (teruggezet, import van ${i.restoredFrom.slice(0, 10)})` : ''}  schooljaar ${i.schooljaar}  ${i.counts.leerlingen} leerlingen  +${i.added} −${i.removed}${i.current ? '  (in gebruik)' : i.restorable ? '' : '  (gegevens niet meer bewaard)'}\n`,
        );
      }
    }
    return EXIT.ok;
  });
}

/** `restore --brin6 X [--import ID] [--confirm]`: an earlier import pending again, then step 3 like any file. */
export async function restoreCommand(c: CommandContext): Promise<number> {
  const { io, dataDir, brin6, json, values } = c;
  const id = values.import === undefined ? null : Number(values.import);
  if (id !== null && (!Number.isInteger(id) || id <= 0)) {
    io.stderr(`--import verwacht het nummer van een import uit "${cliName(io)} history --brin6 ${brin6}".\n`);
    return EXIT.usage;
  }
  return withServices(dataDir, io, async ({ call, cli }) => {
    await requireLocationHere(call, brin6!, io);
    // "Vorige import terugzetten" (log line import.restore, audit entry), then step 3 like any file.
    const restored = await call('import:restore', { brin6: brin6!, ...(id !== null ? { importId: id } : {}) });
    const { guard } = (await call('import:get-diff', { brin6: brin6! }))!;
    const out = (stored: 'pending' | 'confirmed', findings: Array<{ severity: 'error'; code: string; message: string }>) => {
      if (json) io.stdout(`${JSON.stringify({ stored, guard, findings })}\n`);
      else {
        for (const f of findings) io.stderr(`FOUT: ${withCliHint(f)}\n`);
        io.stdout(stored === 'confirmed' ? 'Eerdere import teruggezet en bevestigd; hij wordt naar de centrale dienst verstuurd.\n' : 'Eerdere import teruggezet als ingelezen bestand; bevestig hem in stap 3, of met --confirm.\n');
      }
    };
    if (!values.confirm) {
      out('pending', []);
      return EXIT.ok;
    }
    const confirmed = await confirmLikeStep3(call, cli, brin6!, allowed(values), restored.pending!.id);
    if (!confirmed.ok) {
      const { code, message } = confirmed.finding;
      out('pending', [{ severity: 'error', code, message }]);
      return EXIT.finding;
    }
    out('confirmed', []);
    return EXIT.ok;
  });
}

/** What the command line answers in advance: --allow-removals and --allow-other-year stand for what step 3 has typed. */
interface Allowed {
  readonly removals: boolean;
  readonly otherYear: boolean;
}

function allowed(values: CommandContext['values']): Allowed {
  return { removals: values['allow-removals'] ?? false, otherYear: values['allow-other-year'] ?? false };
}

/**
 * Step 3's Bevestigen: when the guard against destructive files applies, --allow-removals stands for typing the
 * confirmation the screen asks for; when the file is of another school year, --allow-other-year stands for typing
 * that year. Without them nothing is confirmed. The confirm itself is the window's (log line import.confirm, audit
 * entry, queued upload).
 */
async function confirmLikeStep3(
  call: Call,
  cli: CliCall,
  brin6: string,
  allow: Allowed,
  importId: number,
  release: () => unknown = () => {},
  guardOf?: () => Promise<RemovalGuard | null>,
): Promise<{ ok: true } | { ok: false; finding: Finding }> {
  // Another process read another file meanwhile: confirm names ours, so it refuses and says which file is there (exit 1).
  let guard: RemovalGuard | null;
  if (guardOf) guard = await guardOf();
  else {
    const diff = await call('import:get-diff', { brin6 });
    guard = diff?.importId === importId ? diff.guard : null;
  }
  const { massRemovalFinding, otherYearFinding } = await import('../imports/import');
  if (guard?.needed && !allow.removals) return { ok: false, finding: massRemovalFinding(guard.reasons) };
  const year = await cli('cli:year-guard', { brin6, importId });
  if (year?.needed && !allow.otherYear) return { ok: false, finding: otherYearFinding(year) };
  try {
    await call('import:confirm', { brin6, importId, ...(guard?.needed ? { acknowledge: guard.confirmText } : {}), ...(year?.needed ? { acknowledgeYear: year.schooljaar } : {}) });
  } catch (error) {
    // Not confirmed: our file (if it is still the pending one) is no longer held, so the window may replace it.
    await release();
    throw error;
  }
  return { ok: true };
}

interface RoutedOptions {
  readonly brin6: string | undefined;
  readonly json: boolean;
  readonly io: CliIo;
  readonly confirm: boolean;
  readonly allow: Allowed;
  readonly maxBytes: number | undefined;
}

/** What became of one file of `import a.xml b.xml …`: the `files` entries of the JSON object. */
interface FileOutcome {
  readonly file: string;
  readonly outcome: 'stored' | 'blocked' | 'identical' | 'unknown-location' | 'other-location' | 'unreadable';
  readonly brin6: string | null;
  readonly stored?: 'pending' | 'confirmed';
  readonly message?: string;
  readonly report?: EdexmlReport;
  readonly exit: number;
}

/**
 * `import` without --brin6, or with several files: each file is routed to the location whose BRIN6 it names, as a
 * drop of several files in the window (import:route; --brin6 then only checks). With --confirm each read file is
 * confirmed like its location's step 3 (the same guard). One file prints its report as before; several print one
 * line each, or with --json one object {"files": [...]}. The exit code is the worst of the files'.
 */
async function importRouted(services: Services, call: Call, cli: CliCall, files: readonly string[], o: RoutedOptions): Promise<number> {
  const outcomes: FileOutcome[] = [];
  const add = (brin6: string) => `${cliName(o.io)} locations add ${brin6} --name "Naam van de school"`;
  for (const file of files) {
    let uploadId: string;
    try {
      uploadId = services.uploads.fromLocalFile(file, Math.min(o.maxBytes ?? MAX_UPLOAD_BYTES, MAX_UPLOAD_BYTES)).uploadId;
    } catch (error) {
      outcomes.push({ file, outcome: 'unreadable', brin6: null, message: (error as Error).message, exit: EXIT.usage });
      continue;
    }
    const routed = await call('import:route', { uploadId, ...(o.brin6 ? { brin6: o.brin6 } : {}), ...(o.confirm ? { hold: true } : {}) });
    switch (routed.kind) {
      case 'unknown-location':
        outcomes.push({ file, outcome: routed.kind, brin6: routed.fileBrin6, message: `Locatie ${routed.fileBrin6} staat niet in deze console; het bestand is niet ingelezen. Voeg haar eerst toe: ${add(routed.fileBrin6).replace('Naam van de school', routed.suggestedName ?? 'Naam van de school')}`, exit: EXIT.finding });
        break;
      case 'other-location':
        outcomes.push({ file, outcome: routed.kind, brin6: routed.fileBrin6, message: `Dit bestand is van locatie ${routed.fileBrin6}, niet van ${routed.brin6}; het is niet ingelezen.`, exit: EXIT.finding });
        break;
      case 'identical':
        outcomes.push({ file, outcome: routed.kind, brin6: routed.brin6, message: IDENTICAL_MESSAGE, report: { ...routed.report, identical: true }, exit: EXIT.ok });
        break;
      case 'unreadable':
      case 'blocked': {
        const report: EdexmlReport = { ...routed.report };
        outcomes.push({ file, outcome: routed.kind, brin6: routed.kind === 'blocked' ? routed.brin6 : null, report, exit: report.findings.some((f) => f.code.startsWith('io.')) ? EXIT.usage : EXIT.finding });
        break;
      }
      case 'stored': {
        const { diff, withDiff } = await diffFor(cli, routed.brin6, routed.importId, o.json);
        const read: EdexmlReport = { ...routed.report, ...withDiff, stored: 'pending' };
        if (!o.confirm) {
          outcomes.push({ file, outcome: 'stored', brin6: routed.brin6, stored: 'pending', report: read, exit: EXIT.ok });
          break;
        }
        const held = { brin6: routed.brin6, importId: routed.importId };
        const confirmed = await confirmLikeStep3(call, cli, routed.brin6, o.allow, routed.importId, () => cli('cli:release-hold', held), () =>
          cli('cli:import-guard', { ...held, ...(diff ? { diff } : {}) }),
        );
        if (confirmed.ok) outcomes.push({ file, outcome: 'stored', brin6: routed.brin6, stored: 'confirmed', report: { ...read, stored: 'confirmed' }, exit: EXIT.ok });
        else {
          await cli('cli:release-hold', held);
          const finding = confirmed.finding;
          const message = withCliHint(finding);
          outcomes.push({ file, outcome: 'stored', brin6: routed.brin6, stored: 'pending', message, report: { ...read, ok: false, findings: [...read.findings, finding] }, exit: EXIT.finding });
        }
        break;
      }
    }
  }
  const exit = Math.max(...outcomes.map((f) => f.exit));
  if (files.length === 1) {
    const [only] = outcomes;
    if (only!.report) return finish(only!.report, o.json, o.io, only!.stored === 'confirmed' ? 'ingelezen en bevestigd' : only!.stored ? 'ingelezen (nog niet bevestigd)' : 'niet ingelezen');
    if (o.json) o.io.stdout(`${JSON.stringify({ ok: false, file: only!.file, outcome: only!.outcome, brin6: only!.brin6, message: only!.message })}\n`);
    else o.io.stderr(`${only!.message}\n`);
    return exit;
  }
  if (o.json) {
    o.io.stdout(`${JSON.stringify({ ok: exit === EXIT.ok, files: outcomes.map(({ exit: _exit, ...rest }) => rest) })}\n`);
    return exit;
  }
  for (const f of outcomes) {
    const counts = f.report ? `${plural(f.report.counts.leerlingen, 'leerling', 'leerlingen')}, ${plural(f.report.findings.filter((x) => x.severity === 'error').length, 'fout', 'fouten')}, ${plural(f.report.findings.filter((x) => x.severity === 'warning').length, 'waarschuwing', 'waarschuwingen')}` : '';
    const what = f.outcome === 'identical' ? 'niets te doen' : f.outcome === 'stored' ? (f.stored === 'confirmed' ? 'ingelezen en bevestigd' : f.message ? 'ingelezen, niet bevestigd' : 'ingelezen (bevestig in stap 3)') : f.outcome === 'blocked' || f.outcome === 'unreadable' ? 'niet ingelezen' : 'overgeslagen';
    (f.exit === EXIT.ok ? o.io.stdout : o.io.stderr)(`${f.file} → ${f.brin6 ?? '?'}: ${what}${counts ? `; ${counts}` : ''}${f.message ? `. ${f.message}` : ''}\n`);
  }
  return exit;
}

/**
 * What the command line adds to a finding's one Dutch text (the window shows the text alone): the flag that answers it.
 */
const CLI_HINTS: Readonly<Record<string, string>> = {
  'io.too-large': 'Zo ja: geef een hogere grens op met --max-mb N.',
  'domain.mass-removal': 'Of bevestig het hier met --allow-removals.',
  'domain.other-year': 'Of bevestig het hier met --allow-other-year.',
};

export function withCliHint(f: { readonly code: string; readonly message: string }): string {
  const hint = CLI_HINTS[f.code];
  return hint ? `${f.message} ${hint}` : f.message;
}

/** Prints a report (JSON or Dutch text) and picks the exit code: 0 ok, 1 blocked, 2 the file could not be read. */
export function finish(report: EdexmlReport, json: boolean, io: CliIo, verb: string): number {
  const unreadable = report.findings.some((f) => f.code.startsWith('io.'));
  if (json) io.stdout(`${JSON.stringify(report)}\n`);
  else {
    const errors = report.findings.filter((f) => f.severity === 'error');
    const warnings = report.findings.filter((f) => f.severity === 'warning');
    const out = report.ok ? io.stdout : io.stderr;
    if (report.version) {
      io.stdout(`EDEXML ${report.version} · BRIN6 ${report.school.brin6 ?? '–'} · schoolkey ${report.school.schoolkey ?? '–'} · schooljaar ${report.school.schooljaar ?? '–'}\n`);
      io.stdout(`${report.counts.groepen} klassen, ${report.counts.samengestelde_groepen} clustergroepen, ${report.counts.leerlingen} leerlingen, ${report.counts.leerkrachten} leerkrachten\n`);
    }
    for (const f of [...errors, ...warnings].slice(0, 50)) out(`${f.severity === 'error' ? 'FOUT' : 'LET OP'}: ${withCliHint(f)}\n`);
    if (errors.length + warnings.length > 50) out(`… en nog ${errors.length + warnings.length - 50} meldingen (gebruik --json voor alles).\n`);
    if (report.dropped.length > 0) io.stdout(`Niet bewaard (privacy): ${report.dropped.join(', ')}.\n`);
    const d = report.diffCounts ?? (report.diff ? countsOf(report.diff) : null);
    if (d) {
      io.stdout(d.first
        ? 'Eerste import voor deze locatie.\n'
        : `Verschil met de bevestigde gegevens: klassen +${d.groepen.added} −${d.groepen.removed} ~${d.groepen.changed}; leerlingen +${d.leerlingen.added} −${d.leerlingen.removed} ~${d.leerlingen.changed}, ${d.leerlingen.moved} naar een andere klas.\n`);
    }
    if (report.identical) io.stdout(`${IDENTICAL_MESSAGE}\n`);
    else out(report.ok ? `Bestand ${verb}: ${errors.length} fouten, ${warnings.length} waarschuwingen.\n` : `Bestand ${verb}: ${errors.length} ${errors.length === 1 ? 'fout blokkeert' : 'fouten blokkeren'} de import.\n`);
  }
  if (unreadable) return EXIT.usage;
  return report.ok ? EXIT.ok : EXIT.finding;
}

/**
 * `export-kurve`: the Cito import file for Kurve (main/numo/kurve.ts) to a file, or into a folder under its own
 * name. 1 when the location is not ready (no confirmed import, no korte schoolnaam), 2 for usage and write errors.
 */
export async function exportKurve(dataDir: string, io: CliIo, brin6: string, out: string | undefined, korteSchoolnaam: string | undefined, json: boolean): Promise<number> {
  if (!out) {
    io.stderr(`Zeg waar het bestand moet komen: --out BESTAND of --out MAP, bijvoorbeeld ${cliName(io)} export-kurve --brin6 ${brin6} --out .\n`);
    return EXIT.usage;
  }
  return withServices(dataDir, io, async ({ cli }) => {
    const result = await cli('cli:kurve-export', { brin6, ...(korteSchoolnaam !== undefined ? { korteSchoolnaam } : {}) });
    let target = out;
    try {
      if (fs.existsSync(out) && fs.statSync(out).isDirectory()) target = path.join(out, result.fileName);
      fs.writeFileSync(target, result.xml);
    } catch (error) {
      io.stderr(`Kan ${target} niet schrijven: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    await cli('cli:record-export', { brin6, what: 'Kurve-importbestand (Numo)', records: plural(result.counts.leerlingen, 'leerling', 'leerlingen'), fileName: target });
    const { xml: _xml, ...rest } = result;
    if (json) io.stdout(`${JSON.stringify({ ok: true, file: target, ...rest })}\n`);
    else {
      io.stdout(`${plural(result.counts.leerlingen, 'leerling', 'leerlingen')} in ${plural(result.counts.groepen, 'klas', 'klassen')} van ${brin6} geschreven naar ${target} (EDEXML 2.1; ${result.counts.withEckid} met eck-id, ${result.counts.withGebruikersnaam} met leerlingnummer).\n`);
      io.stdout(`\nStuur het bestand naar ${result.to} met dit bericht:\nOnderwerp: ${result.subject}\n\n${result.message}\n`);
    }
    return EXIT.ok;
  });
}

