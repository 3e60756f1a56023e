import { permissions, roleLabel } from './access';
import type { Role } from './access';
import { dutchNumber as nl, plural } from './names';

/**
 * A new school year from the file's own evidence (issue 37): where each class's pupils went, and what that means for
 * every colleague's classes. Pure — main computes the plan from two stored imports, the CLI prints it, the screen
 * shows it; nothing is guessed silently: a class without a clear successor says so, and a role's class that nothing
 * carries over "vervalt".
 */
export interface ClassInfo {
  readonly key: string;
  readonly naam: string;
  readonly jaargroep: string | null;
}

/** One pupil's class in the confirmed year (`from`) and in the new file (`to`; null: left, or no class there). */
export interface Move {
  readonly from: string;
  readonly to: string | null;
}

export interface ClassSuccession {
  readonly from: ClassInfo;
  /** Pupils the class had. */
  readonly total: number;
  /** Where they went, most first (new classes only). */
  readonly destinations: readonly { readonly klass: ClassInfo; readonly count: number }[];
  /** Pupils who are not in a class of the new file (left the school, or without class). */
  readonly left: number;
  /** The new class that took at least half of the pupils, and more than any other; null when none did. */
  readonly successor: ClassInfo | null;
  /** A class of the new file with the same name, or null. */
  readonly sameName: ClassInfo | null;
  /** "1HA → 2HA: 27 van 29 leerlingen; 2 naar 2HB", or why there is no successor. */
  readonly line: string;
}

export function classSuccession(oldClasses: readonly ClassInfo[], newClasses: readonly ClassInfo[], moves: readonly Move[]): ClassSuccession[] {
  const byKey = new Map(newClasses.map((c) => [c.key, c]));
  const byName = new Map<string, ClassInfo>();
  for (const c of newClasses) if (!byName.has(c.naam.trim().toLowerCase())) byName.set(c.naam.trim().toLowerCase(), c);
  const tally = new Map<string, Map<string | null, number>>();
  for (const move of moves) {
    const to = move.to !== null && byKey.has(move.to) ? move.to : null;
    const counts = tally.get(move.from) ?? new Map<string | null, number>();
    counts.set(to, (counts.get(to) ?? 0) + 1);
    tally.set(move.from, counts);
  }
  return oldClasses.map((from) => {
    const counts = tally.get(from.key) ?? new Map<string | null, number>();
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const left = counts.get(null) ?? 0;
    const destinations = [...counts]
      .filter((e): e is [string, number] => e[0] !== null)
      .map(([key, count]) => ({ klass: byKey.get(key)!, count }))
      .sort((a, b) => b.count - a.count || a.klass.naam.localeCompare(b.klass.naam, 'nl', { numeric: true }));
    const [first, second] = destinations;
    const successor = first && first.count * 2 >= total && (!second || second.count < first.count) ? first.klass : null;
    const sameName = byName.get(from.naam.trim().toLowerCase()) ?? null;
    return { from, total, destinations, left, successor, sameName, line: successionLine(from, total, destinations, left, successor) };
  });
}

function successionLine(from: ClassInfo, total: number, destinations: ClassSuccession['destinations'], left: number, successor: ClassInfo | null): string {
  const others = (list: ClassSuccession['destinations']) => list.map((d) => `${nl(d.count)} naar ${d.klass.naam}`);
  const gone = left > 0 ? [`${nl(left)} vertrokken`] : [];
  if (total === 0) return `${from.naam}: geen leerlingen`;
  if (successor) {
    const main = destinations[0]!;
    return `${from.naam} → ${successor.naam}: ${nl(main.count)} van ${plural(total, 'leerling', 'leerlingen')}${[...others(destinations.slice(1)), ...gone].map((p) => `; ${p}`).join('')}`;
  }
  if (destinations.length === 0) return `${from.naam}: ${total === 1 ? 'de leerling is' : `alle ${nl(total)} leerlingen zijn`} vertrokken — geen opvolger`;
  return `${from.naam}: geen duidelijke opvolger (${[...others(destinations), ...gone].join(', ')})`;
}

/** What the new file says a teacher teaches: matched by the leerkracht key a user was added from, else by e-mail. */
export interface Teacher {
  readonly key: string;
  readonly email: string | null;
  readonly groepen: readonly string[];
}

export interface Colleague {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly leerkrachtKey: string | null;
  readonly access: boolean;
  readonly roles: readonly Role[];
}

export type Strategy = 'file' | 'follow' | 'name';
export const STRATEGIES: readonly Strategy[] = ['file', 'follow', 'name'];
/**
 * The default order: the file's own teacher links, then the class that follows its pupils. The class of the same name
 * is only taken when chosen: next year's 6A is another cohort than this year's, so a name alone is no evidence.
 */
export const DEFAULT_STRATEGIES: readonly Strategy[] = ['file', 'follow'];
/** `blijft`: the class is already one of the new file's (a plan applied before, or a class that kept its key). */
export type Reason = 'volgens het bestand' | 'klas volgt leerlingen' | 'zelfde naam' | 'blijft' | 'vervalt';

export interface RolePlan {
  /** The role's place in the colleague's roles. */
  readonly index: number;
  readonly label: string;
  readonly current: readonly string[];
  /** The strategies this role was planned with, in order of preference. */
  readonly strategies: readonly Strategy[];
  readonly proposed: readonly string[];
  /** Per class of the proposal (and per current class that goes): why. */
  readonly reasons: readonly { readonly from: string | null; readonly to: string | null; readonly reason: Reason }[];
  /** The file names classes for this teacher (strategy `file` is possible). */
  readonly fileKnown: boolean;
}

export interface ColleaguePlan {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly RolePlan[];
  /** The roles as they would be saved. */
  readonly after: readonly Role[];
  readonly changed: boolean;
  /** Classes (new keys) in which the colleague will see something, with access as it is. */
  readonly sees: readonly string[];
}

export interface RolloverPlan {
  readonly succession: readonly ClassSuccession[];
  readonly colleagues: readonly ColleaguePlan[];
  /** Colleagues with access who will see nothing afterwards. */
  readonly seeNothing: readonly string[];
  /** Classes of the new file nobody with access will see anything in. */
  readonly uncovered: readonly string[];
}

export interface RolloverInput {
  readonly oldClasses: readonly ClassInfo[];
  readonly newClasses: readonly ClassInfo[];
  readonly moves: readonly Move[];
  readonly teachers: readonly Teacher[];
  readonly colleagues: readonly Colleague[];
}

/** Which teacher of the new file a colleague is: the key they were added from, else the same e-mail address. */
export function teacherOf(colleague: Colleague, teachers: readonly Teacher[]): Teacher | null {
  if (colleague.leerkrachtKey) {
    const byKey = teachers.find((t) => t.key === colleague.leerkrachtKey);
    if (byKey) return byKey;
  }
  const email = colleague.email.trim().toLowerCase();
  return teachers.find((t) => t.email !== null && t.email.trim().toLowerCase() === email) ?? null;
}

/**
 * The plan: per colleague and role with classes, the classes the strategies give, in order of preference — `file`
 * takes the teacher's classes from the new file for the whole role (when it names any); `follow` and `name` carry
 * each current class over (its successor, or the class of the same name), the first that resolves it; a class none
 * resolves vervalt. `choose` overrides the strategies per colleague and role (the screen's choices).
 */
export function rolloverPlan(input: RolloverInput, strategies: readonly Strategy[] = DEFAULT_STRATEGIES, choose: (colleagueId: string, roleIndex: number) => readonly Strategy[] | undefined = () => undefined): RolloverPlan {
  const succession = classSuccession(input.oldClasses, input.newClasses, input.moves);
  const byOld = new Map(succession.map((s) => [s.from.key, s]));
  const newKeys = new Set(input.newClasses.map((c) => c.key));
  const colleagues = input.colleagues.map((colleague): ColleaguePlan => {
    const teacher = teacherOf(colleague, input.teachers);
    const fileClasses = unique((teacher?.groepen ?? []).filter((k) => newKeys.has(k)));
    const roles: RolePlan[] = [];
    const after = colleague.roles.map((role, index): Role => {
      if (!('classes' in role)) return role;
      const order = choose(colleague.id, index) ?? strategies;
      const plan = planRole(role.classes, order, fileClasses, byOld, newKeys);
      roles.push({ index, label: roleLabel(role), current: role.classes, strategies: order, proposed: plan.proposed, reasons: plan.reasons, fileKnown: fileClasses.length > 0 });
      return { ...role, classes: [...plan.proposed] };
    });
    const changed = JSON.stringify(after) !== JSON.stringify(colleague.roles);
    const sees = [...permissions({ id: colleague.id, access: colleague.access, roles: after }, input.newClasses).keys()];
    return { id: colleague.id, name: colleague.name, roles, after, changed, sees };
  });
  const covered = new Set(colleagues.flatMap((c) => c.sees));
  return {
    succession,
    colleagues,
    seeNothing: colleagues.filter((c, i) => input.colleagues[i]!.access && c.sees.length === 0).map((c) => c.id),
    uncovered: input.newClasses.map((c) => c.key).filter((k) => !covered.has(k)),
  };
}

function planRole(current: readonly string[], order: readonly Strategy[], fileClasses: readonly string[], byOld: ReadonlyMap<string, ClassSuccession>, newKeys: ReadonlySet<string>) {
  // Already carried over (every class one of the new file's, and at least one that last year did not have — a class
  // whose key both years share, like a cluster, says nothing on its own): the role stays as it is.
  if (current.length > 0 && current.every((k) => newKeys.has(k)) && current.some((k) => !byOld.has(k))) {
    return { proposed: [...new Set(current)], reasons: current.map((k) => ({ from: k, to: k, reason: 'blijft' as const })) };
  }
  for (const strategy of order) {
    if (strategy !== 'file') break;
    if (fileClasses.length > 0) return { proposed: fileClasses, reasons: fileClasses.map((to) => ({ from: null, to, reason: 'volgens het bestand' as const })) };
  }
  const perClass = order.filter((s): s is 'follow' | 'name' => s !== 'file');
  const reasons: { from: string | null; to: string | null; reason: Reason }[] = [];
  const proposed: string[] = [];
  for (const from of current) {
    const succession = byOld.get(from);
    if (!succession && newKeys.has(from)) {
      reasons.push({ from, to: from, reason: 'blijft' });
      if (!proposed.includes(from)) proposed.push(from);
      continue;
    }
    let to: string | null = null;
    let reason: Reason = 'vervalt';
    for (const strategy of perClass) {
      const candidate = strategy === 'follow' ? succession?.successor?.key : succession?.sameName?.key;
      if (candidate && newKeys.has(candidate)) {
        to = candidate;
        reason = strategy === 'follow' ? 'klas volgt leerlingen' : 'zelfde naam';
        break;
      }
    }
    reasons.push({ from, to, reason });
    if (to !== null && !proposed.includes(to)) proposed.push(to);
  }
  // `file` later in the order: only when nothing else resolved a class.
  if (proposed.length === 0 && order.includes('file') && fileClasses.length > 0) {
    return { proposed: fileClasses, reasons: fileClasses.map((to) => ({ from: null, to, reason: 'volgens het bestand' as const })) };
  }
  return { proposed, reasons };
}

function unique(keys: readonly string[]): string[] {
  return [...new Set(keys)];
}
