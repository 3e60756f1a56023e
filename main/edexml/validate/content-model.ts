import type { Particle } from '../schema/types';
import { UNBOUNDED } from '../schema/types';

/** The element declaration a child matched: its name, type, and whether the schema lets it be left out. */
export interface MatchedDecl {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
  /** Filled by the validator the first time the declaration is used (resolved type and its checks). */
  resolved?: unknown;
}

export interface DfaState {
  readonly accepting: boolean;
  /** Names allowed next, in schema order (for "expected is one of …" messages). */
  readonly expected: readonly string[];
  next(name: string): { state: DfaState; decl: MatchedDecl } | null;
}

interface Nfa {
  /** transitions[s] = list of [name, target, decl] */
  readonly transitions: Array<Array<[string, number, MatchedDecl]>>;
  readonly epsilon: number[][];
  readonly start: number;
  readonly accept: number;
}

/**
 * A content model (sequence/choice/element with min/max occurs) as a Thompson NFA, determinised lazily:
 * each set of NFA states becomes one DFA state the first time it is reached, then is reused. EDEXML's models
 * are small, so after the first few pupils every step is one Map lookup.
 */
export function compileContentModel(particle: Particle | null): DfaState {
  const transitions: Nfa['transitions'] = [];
  const epsilon: number[][] = [];
  const newState = () => {
    transitions.push([]);
    epsilon.push([]);
    return transitions.length - 1;
  };

  /** Builds a fragment from `from`, returning its exit state. `optional` marks decls inside skippable parts. */
  const build = (p: Particle, from: number, optional: boolean): number => {
    const once = (start: number, opt: boolean): number => {
      if (p.kind === 'element') {
        const end = newState();
        transitions[start]!.push([p.name, end, { name: p.name, type: p.type, optional: opt }]);
        return end;
      }
      if (p.kind === 'sequence') {
        let cur = start;
        for (const item of p.items) cur = build(item, cur, opt);
        return cur;
      }
      const end = newState();
      for (const item of p.items) {
        const branch = newState();
        epsilon[start]!.push(branch);
        epsilon[build(item, branch, opt)]!.push(end);
      }
      return end;
    };
    let cur = from;
    const min = p.min;
    for (let i = 0; i < min; i++) cur = once(cur, optional);
    if (p.max === UNBOUNDED) {
      const loopStart = newState();
      epsilon[cur]!.push(loopStart);
      const loopEnd = once(loopStart, true);
      epsilon[loopEnd]!.push(loopStart);
      const exit = newState();
      epsilon[loopStart]!.push(exit);
      return exit;
    }
    for (let i = min; i < p.max; i++) {
      const next = once(cur, true);
      epsilon[cur]!.push(next);
      cur = next;
    }
    return cur;
  };

  const start = newState();
  const accept = particle ? build(particle, start, false) : start;
  return determinise({ transitions, epsilon, start, accept });
}

function determinise(nfa: Nfa): DfaState {
  const cache = new Map<string, DfaState>();

  const closure = (states: Iterable<number>): number[] => {
    const seen = new Set<number>();
    const stack = [...states];
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (seen.has(s)) continue;
      seen.add(s);
      for (const t of nfa.epsilon[s]!) stack.push(t);
    }
    return [...seen].sort((a, b) => a - b);
  };

  const stateFor = (set: number[]): DfaState => {
    const key = set.join(',');
    const hit = cache.get(key);
    if (hit) return hit;
    const moves = new Map<string, { targets: number[]; decl: MatchedDecl }>();
    for (const s of set) {
      for (const [name, target, decl] of nfa.transitions[s]!) {
        const move = moves.get(name);
        if (move) {
          move.targets.push(target);
          // Several branches accept the name (e.g. schoolkey in two choices): optional only if all are.
          if (!decl.optional && move.decl.optional) move.decl = decl;
        } else moves.set(name, { targets: [target], decl });
      }
    }
    const nextCache = new Map<string, { state: DfaState; decl: MatchedDecl } | null>();
    const state: DfaState = {
      accepting: set.includes(nfa.accept),
      expected: [...moves.keys()],
      next(name) {
        let hit = nextCache.get(name);
        if (hit !== undefined) return hit;
        const move = moves.get(name);
        hit = move ? { state: stateFor(closure(move.targets)), decl: move.decl } : null;
        nextCache.set(name, hit);
        return hit;
      },
    };
    cache.set(key, state);
    return state;
  };

  return stateFor(closure([nfa.start]));
}
