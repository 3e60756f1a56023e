/**
 * A school board's view of its 30–60 locations ("Mijn schoollocaties" as a table, the switcher): which rows need
 * attention, search, sort, the CSV export and the switcher's ranking. Pure, so the renderer, the CLI and the tests
 * decide the same way.
 */
import { csvDocument } from './csv';
import { steps } from './steps';
import { readinessLabel } from './readiness';

/** What these rules read of an overview row (shared/bridge/locations.ts LocationOverview). */
export interface BoardRow {
  readonly brin6: string;
  readonly name: string;
  readonly username: string;
  readonly steps: ReadonlyArray<{ readonly id: string; readonly state: 'done' | 'attention' | 'todo'; readonly note: string }>;
  readonly signedIn: boolean;
  readonly pending: number;
  readonly failed: number;
  readonly conflicts: number;
  readonly delayed: number;
  readonly lastSuccessAt: string | null;
  readonly schooljaar: string | null;
  readonly schoolYearCurrent: boolean | null;
  readonly warnings: readonly string[];
  /** The one readiness rule's answer (shared/domain/readiness.ts). */
  readonly readiness: { readonly ready: boolean; readonly gaps: ReadonlyArray<{ readonly step: string; readonly text: string; readonly severity: 'attention' | 'todo' }> };
}

/** "Aangemeld als beheerder.99zx10", "Aangemeld" or "Niet aangemeld": the account line of a card, a row and the CSV. */
export function accountText(row: Pick<BoardRow, 'signedIn' | 'username'>): string {
  return row.signedIn ? `Aangemeld${row.username ? ` als ${row.username}` : ''}` : 'Niet aangemeld';
}

/** The table shows cards up to this many locations; from one more, the table is the default. */
export const CARDS_UP_TO = 3;

/**
 * Why a location needs the administrator: every point of the readiness rule that means something is wrong (a step
 * needing attention, a colleague who sees nothing, a file of another school year, …; not what is merely still to
 * do — the "Stand" column counts those), refused, conflicting or delayed changes, or changes waiting while
 * nobody is signed in. Dutch, one short line each, the step first.
 */
export function attentionReasons(row: BoardRow): string[] {
  const reasons: string[] = [];
  for (const gap of row.readiness.gaps.filter((g) => g.severity === 'attention')) {
    const step = steps.find((s) => s.id === gap.step);
    reasons.push(`Stap ${step?.number ?? '?'}: ${gap.text}`);
  }
  if (row.failed > 0) reasons.push(`${row.failed === 1 ? '1 wijziging' : `${row.failed} wijzigingen`} geweigerd`);
  if (row.conflicts > 0) reasons.push(`${row.conflicts === 1 ? '1 conflict' : `${row.conflicts} conflicten`}`);
  if (row.delayed > 0) reasons.push(`${row.delayed === 1 ? '1 wijziging' : `${row.delayed} wijzigingen`} vertraagd`);
  if (!row.signedIn && row.pending > 0) reasons.push(`Niet aangemeld terwijl ${row.pending === 1 ? '1 wijziging wacht' : `${row.pending} wijzigingen wachten`}`);
  return reasons;
}

export function needsAttention(row: BoardRow): boolean {
  return attentionReasons(row).length > 0;
}

/** Lower case, without accents and spaces: "Sint-Jozef" is found by "sint jozef", "99 zx 10" by "99ZX10". */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s\-_.]+/g, '');
}

export function matchesQuery(row: Pick<BoardRow, 'brin6' | 'name'>, query: string): boolean {
  const q = searchKey(query);
  return q === '' || searchKey(row.brin6).includes(q) || searchKey(row.name).includes(q);
}

export interface BoardFilter {
  readonly query: string;
  readonly attentionOnly: boolean;
}

export function filterRows<R extends BoardRow>(rows: readonly R[], filter: BoardFilter): R[] {
  return rows.filter((r) => matchesQuery(r, filter.query) && (!filter.attentionOnly || needsAttention(r)));
}

export type SortKey = 'brin6' | 'name' | 'steps' | 'account' | 'pending' | 'problems' | 'lastSuccessAt' | 'schooljaar' | 'attention';
export type SortDirection = 'ascending' | 'descending';

export const SORT_LABELS: Readonly<Record<SortKey, string>> = {
  brin6: 'BRIN6',
  name: 'Naam',
  steps: 'Stappen',
  account: 'Account',
  pending: 'Wachtrij',
  problems: 'Vertraagd / geweigerd',
  lastSuccessAt: 'Laatst gesynchroniseerd',
  schooljaar: 'Schooljaar',
  attention: 'Stand',
};

const collator = new Intl.Collator('nl', { sensitivity: 'base', numeric: true });

function sortValue(row: BoardRow, key: SortKey): string | number {
  switch (key) {
    case 'brin6':
      return row.brin6;
    case 'name':
      return row.name;
    case 'steps':
      return row.steps.filter((s) => s.state === 'done').length;
    case 'account':
      return row.signedIn ? 1 : 0;
    case 'pending':
      return row.pending;
    case 'problems':
      return row.failed + row.conflicts + row.delayed;
    case 'lastSuccessAt':
      return row.lastSuccessAt ?? '';
    case 'schooljaar':
      return row.schooljaar ?? '';
    case 'attention':
      // Attention first, then the most open points.
      return attentionReasons(row).length * 1000 + row.readiness.gaps.length;
  }
}

/** Sorted by one column; ties (and equal values) by BRIN6, so the order never jumps between refreshes. */
export function sortRows<R extends BoardRow>(rows: readonly R[], key: SortKey, direction: SortDirection): R[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    return order !== 0 ? sign * order : a.brin6 < b.brin6 ? -1 : a.brin6 > b.brin6 ? 1 : 0;
  });
}

const STATE_WORDS = { done: 'klaar', attention: 'aandacht', todo: 'nog doen' } as const;

/**
 * The table as CSV for Dutch Excel (shared/domain/csv: `;`, CRLF, formula-safe), the rows as given (filtered and
 * sorted as on screen). `formatDate` turns an ISO time into what the screen shows.
 */
export function boardCsv(rows: readonly BoardRow[], today: Date, formatDate: (iso: string) => string): { fileName: string; csv: string } {
  const header = ['BRIN6', 'Naam', ...steps.map((s) => `Stap ${s.number}`), 'Stand', 'Account', 'Wachtrij', 'Vertraagd', 'Geweigerd', 'Conflicten', 'Laatst gesynchroniseerd', 'Schooljaar', 'Aandacht', 'Open punten'];
  const body = rows.map((r) => [
    r.brin6,
    r.name,
    ...steps.map((s) => STATE_WORDS[r.steps.find((p) => p.id === s.id)?.state ?? 'todo']),
    readinessLabel(r.readiness),
    accountText(r),
    String(r.pending),
    String(r.delayed),
    String(r.failed),
    String(r.conflicts),
    r.lastSuccessAt ? formatDate(r.lastSuccessAt) : 'Nog niet',
    r.schooljaar ?? '',
    attentionReasons(r).join(' · '),
    r.readiness.gaps.map((g) => `Stap ${steps.find((s) => s.id === g.step)?.number ?? '?'}: ${g.text}`).join(' · '),
  ]);
  return { fileName: `schoollocaties-${today.toISOString().slice(0, 10)}.csv`, csv: csvDocument(header, body) };
}

/**
 * The switcher's list for what was typed: without a query the recent locations first (most recent first), then
 * the rest by name; with one, only matches — a BRIN6 or a name that starts with it before one that merely contains
 * it, recent ones first within each group.
 */
export function rankLocations<L extends Pick<BoardRow, 'brin6' | 'name'>>(locations: readonly L[], query: string, recent: readonly string[]): L[] {
  const q = searchKey(query);
  const recency = (l: L) => {
    const i = recent.indexOf(l.brin6);
    return i === -1 ? recent.length : i;
  };
  const strength = (l: L) => {
    if (q === '') return 0;
    const b = searchKey(l.brin6);
    const n = searchKey(l.name);
    if (b.startsWith(q) || n.startsWith(q) || l.name.split(/\s+/).some((w) => searchKey(w).startsWith(q))) return 0;
    return b.includes(q) || n.includes(q) ? 1 : -1;
  };
  return locations
    .map((l) => ({ l, s: strength(l), r: recency(l) }))
    .filter((x) => x.s >= 0)
    .sort((a, b) => a.s - b.s || a.r - b.r || collator.compare(a.l.name, b.l.name) || (a.l.brin6 < b.l.brin6 ? -1 : 1))
    .map((x) => x.l);
}
