import { dutchNumber as nl, plural } from './names';

/**
 * The guard against destructive files (issue: one click could replace a school's pupils): confirming an import that
 * removes many of the confirmed pupils, or classes holding many of them, or that comes from another school
 * (schoolkey), needs a second, deliberate act — typing the number of pupils that disappear (or the new schoolkey).
 * Pure, so main, the CLI and the screen decide alike. Rostering consoles guard the same way (Entra's accidental-
 * deletion threshold, Canvas's change_threshold).
 */
export interface RemovalFacts {
  /** Pupils in the confirmed import (0: nothing confirmed yet, nothing to guard). */
  readonly confirmedPupils: number;
  /** Confirmed pupils that are not in the new file (matched by key, else eck-id): the pupils who leave. */
  readonly removedPupils: number;
  /**
   * Confirmed pupils who leave and whose class is not in the new file. A pupil who moved into another class is not
   * counted (issue 37): a class that disappears while its pupils stay is the rollover's business, not the guard's.
   */
  readonly pupilsInRemovedClasses: number;
  readonly removedClasses: number;
  readonly schoolkeyBefore: string | null;
  readonly schoolkeyAfter: string | null;
  /** The new file is of a later school year than the confirmed one. */
  readonly nextYear?: boolean;
  /** Per class of the confirmed data (null: pupils without a class): how many pupils it had, and how many leave. */
  readonly leaverGroups?: readonly LeaverGroup[];
}

export interface LeaverGroup {
  readonly classKey: string | null;
  readonly jaargroep: string | null;
  readonly total: number;
  readonly left: number;
}

/**
 * The leavers the admin expects: in a file of the next school year, the pupils of a class most of which left (the
 * exam year — 4 vmbo, 5 havo, 6 vwo — whichever jaargroep that is at this school). Within one school year nobody's
 * leaving is expected. From the evidence only: no jaargroep is assumed to be the last.
 */
export function expectedLeavers(facts: RemovalFacts): number {
  return (facts.leaverGroups ?? []).filter((g) => examLeavers(facts, g)).reduce((sum, g) => sum + g.left, 0);
}

/** A class most of whose pupils left, in a next-year file: its leavers are expected. */
function examLeavers(facts: RemovalFacts, g: LeaverGroup): boolean {
  return Boolean(facts.nextYear) && g.classKey !== null && g.total > 0 && g.left * 2 >= g.total;
}

/**
 * "Vertrokken: 184 leerlingen — 180 uit eindexamenklassen (jaargroep 16: 124, jaargroep 15: 56) en 4 uit andere
 * klassen (jaargroep 12: 3, zonder klas: 1)." Null when nobody leaves.
 */
export function leaversLine(facts: RemovalFacts): string | null {
  const groups = facts.leaverGroups ?? [];
  const total = groups.reduce((sum, g) => sum + g.left, 0);
  if (total === 0) return null;
  const expected = (g: LeaverGroup) => examLeavers(facts, g);
  const byJaargroep = (list: readonly LeaverGroup[]) => {
    const counts = new Map<string, number>();
    for (const g of list) {
      if (g.left === 0) continue;
      const what = g.classKey === null ? 'zonder klas' : `jaargroep ${g.jaargroep ?? '?'}`;
      counts.set(what, (counts.get(what) ?? 0) + g.left);
    }
    // Highest jaargroep first; pupils without a class last.
    const order = (what: string) => (what === 'zonder klas' ? '' : what);
    return [...counts].sort(([a], [b]) => order(b).localeCompare(order(a), 'nl', { numeric: true })).map(([what, n]) => `${what}: ${nl(n)}`).join(', ');
  };
  const exam = groups.filter(expected);
  const other = groups.filter((g) => !expected(g));
  const examCount = exam.reduce((sum, g) => sum + g.left, 0);
  const otherCount = total - examCount;
  const head = `Vertrokken: ${plural(total, 'leerling', 'leerlingen')}`;
  if (examCount === 0) return `${head} (${byJaargroep(other)}).`;
  if (otherCount === 0) return `${head}, uit eindexamenklassen (${byJaargroep(exam)}).`;
  return `${head} — ${nl(examCount)} uit eindexamenklassen (${byJaargroep(exam)}) en ${nl(otherCount)} uit andere klassen (${byJaargroep(other)}).`;
}

/** The default share (percent) of the confirmed pupils above which a confirm needs the second confirmation. */
export const DEFAULT_REMOVAL_THRESHOLD_PERCENT = 10;
/** Fewer removed pupils than this never trigger the share rules (a small school's normal churn). */
export const MINIMUM_GUARDED_REMOVALS = 20;

export interface RemovalGuard {
  readonly needed: boolean;
  /** What the typed confirmation answers: pupils that disappear (their number), or another school's file (its schoolkey). */
  readonly kind: 'removal' | 'other-school' | null;
  /** Each rule that applies, in Dutch, with its numbers ("1.804 van 1.954 leerlingen (92 %) verdwijnen …"). */
  readonly reasons: readonly string[];
  /** What the admin must type to confirm anyway: the number of removed pupils, or the new schoolkey. */
  readonly confirmText: string | null;
  readonly removedPupils: number;
  readonly confirmedPupils: number;
  /** Removed share of the confirmed pupils, in whole percent. */
  readonly percent: number;
  /** Of the removed pupils, those the admin expects (exam classes in a next-year file): never a reason to ask twice. */
  readonly expectedLeavers: number;
  /** Who left and from which jaargroep (`leaversLine`), or null. */
  readonly leavers: string | null;
}

export function removalGuard(facts: RemovalFacts, thresholdPercent: number = DEFAULT_REMOVAL_THRESHOLD_PERCENT): RemovalGuard {
  const { confirmedPupils: total } = facts;
  const expected = expectedLeavers(facts);
  // The pupils the admin does not expect to leave: what the guard is about.
  const removed = Math.max(0, facts.removedPupils - expected);
  const inRemovedClasses = Math.max(0, facts.pupilsInRemovedClasses - expected);
  const share = (n: number) => (total === 0 ? 0 : (n / total) * 100);
  const percent = Math.round(share(removed));
  const reasons: string[] = [];
  let byRemoval = false;
  if (total > 0 && removed >= MINIMUM_GUARDED_REMOVALS && share(removed) > thresholdPercent) {
    reasons.push(`${nl(removed)} van ${nl(total)} leerlingen (${percent} %) verdwijnen bij de centrale dienst${expected > 0 ? `, naast ${nl(expected)} uit eindexamenklassen` : ''}.`);
    byRemoval = true;
  }
  if (total > 0 && inRemovedClasses >= MINIMUM_GUARDED_REMOVALS && share(inRemovedClasses) > thresholdPercent) {
    reasons.push(
      `${plural(facts.removedClasses, 'klas verdwijnt', 'klassen verdwijnen')}, met samen ${nl(inRemovedClasses)} van de ${nl(total)} leerlingen (${Math.round(share(inRemovedClasses))} %) die niet in een andere klas terugkomen.`,
    );
    byRemoval = true;
  }
  const otherSchool = facts.schoolkeyBefore !== null && facts.schoolkeyAfter !== null && facts.schoolkeyBefore !== facts.schoolkeyAfter;
  if (total > 0 && otherSchool) {
    reasons.push(`Het bestand hoort bij een andere school: schoolkey ${facts.schoolkeyAfter}, de bevestigde gegevens hebben schoolkey ${facts.schoolkeyBefore}.`);
  }
  const needed = reasons.length > 0;
  return {
    needed,
    kind: !needed ? null : byRemoval ? 'removal' : 'other-school',
    reasons,
    confirmText: !needed ? null : byRemoval ? String(removed) : (facts.schoolkeyAfter ?? ''),
    removedPupils: removed,
    confirmedPupils: total,
    percent,
    expectedLeavers: expected,
    leavers: leaversLine(facts),
  };
}

/** Whether what the admin typed is the deliberate act the guard asks for (spaces and thousands dots ignored). */
export function guardAcknowledged(guard: RemovalGuard, typed: string | undefined): boolean {
  if (!guard.needed) return true;
  if (typed === undefined) return false;
  const clean = (s: string) => s.replace(/[\s.]/g, '');
  return clean(typed) === clean(guard.confirmText ?? '');
}

/**
 * The second guard (issue 33, point 2): a file of another school year — 2014-2015 in December 2026 — is confirmed only
 * when the admin types that year, as the removal guard asks for a number. The overview then counts it as confirmed on
 * purpose (shared/domain/readiness.ts); without it, a year-old export was confirmed with one click.
 */
export interface YearGuard {
  readonly needed: boolean;
  /** The file's school year, which is what the admin types. */
  readonly schooljaar: string;
  /** The current school year (shared/domain/school-year.ts). */
  readonly current: string;
}

export function schoolYearGuard(schooljaar: string, current: string): YearGuard {
  return { needed: schooljaar.trim() !== '' && schooljaar !== current, schooljaar, current };
}

/** Whether what was typed is the file's school year (spaces ignored; "2014/2015" and "2014–2015" count as "2014-2015"). */
export function yearAcknowledged(guard: YearGuard, typed: string | undefined): boolean {
  if (!guard.needed) return true;
  if (typed === undefined) return false;
  const clean = (s: string) => s.replace(/\s/g, '').replace(/[/\u2013\u2014]/g, '-');
  return clean(typed) === clean(guard.schooljaar);
}
