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
  /** Confirmed pupils that are not in the new file. */
  readonly removedPupils: number;
  /** Confirmed pupils whose class is not in the new file. */
  readonly pupilsInRemovedClasses: number;
  readonly removedClasses: number;
  readonly schoolkeyBefore: string | null;
  readonly schoolkeyAfter: string | null;
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
}

export function removalGuard(facts: RemovalFacts, thresholdPercent: number = DEFAULT_REMOVAL_THRESHOLD_PERCENT): RemovalGuard {
  const { confirmedPupils: total, removedPupils: removed } = facts;
  const share = (n: number) => (total === 0 ? 0 : (n / total) * 100);
  const percent = Math.round(share(removed));
  const reasons: string[] = [];
  let byRemoval = false;
  if (total > 0 && removed >= MINIMUM_GUARDED_REMOVALS && share(removed) > thresholdPercent) {
    reasons.push(`${nl(removed)} van ${nl(total)} leerlingen (${percent} %) verdwijnen bij de centrale dienst.`);
    byRemoval = true;
  }
  if (total > 0 && facts.pupilsInRemovedClasses >= MINIMUM_GUARDED_REMOVALS && share(facts.pupilsInRemovedClasses) > thresholdPercent) {
    reasons.push(
      `${plural(facts.removedClasses, 'klas verdwijnt', 'klassen verdwijnen')}, met samen ${nl(facts.pupilsInRemovedClasses)} van de ${nl(total)} leerlingen (${Math.round(share(facts.pupilsInRemovedClasses))} %).`,
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
