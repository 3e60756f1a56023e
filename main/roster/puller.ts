import type Database from 'better-sqlite3';
import { classListSchema, pupilPageSchema } from '../../shared/api/resources';
import { request } from '../sync';
import type { Answer, Endpoint, Puller } from '../sync';
import type { NetworkProblem } from '../../shared/domain/network';
import { replaceRoster, rosterDue } from './store';
import type { RemotePupil } from './store';

export interface RosterPullOptions extends Endpoint {
  readonly token: string;
  /** Pupils per page; the reference server allows up to 10,000. */
  readonly pageSize?: number;
}

export interface RosterPullResult {
  readonly ok: boolean;
  readonly classes: number;
  readonly pupils: number;
  readonly error: string | null;
  readonly needsSignIn: boolean;
  readonly unreachable: boolean;
  readonly problem?: NetworkProblem;
}

const MAX_PAGE = 10_000;

/**
 * Downloads a location's classes and all pupil pages from the service, then replaces the local copy in one
 * transaction. Nothing is written unless every page arrived: offline or a failure keeps the previous roster.
 */
export async function pullRoster(db: Database.Database, brin6: string, options: RosterPullOptions): Promise<RosterPullResult> {
  const fail = (error: string, extra: Partial<RosterPullResult> = {}): RosterPullResult => ({
    ok: false, classes: 0, pupils: 0, error, needsSignIn: false, unreachable: false, ...extra,
  });
  const get = (routeId: 'listClasses' | 'listPupils', query?: Record<string, string | number>) =>
    request({ ...options, timeoutMs: options.timeoutMs ?? 30_000 }, routeId, { brin6 }, query ? { query } : {});
  const problem = (res: Answer): RosterPullResult | null => {
    if (res.kind === 'unreachable') return fail(res.message, { unreachable: true, problem: res.problem });
    if (res.kind === 'timeout') return fail(res.message, { problem: res.problem });
    if (res.kind === 'sign-in') return fail(res.message, { needsSignIn: true });
    if (res.kind === 'answer' && res.status !== 200) return fail(`De centrale dienst antwoordde met status ${res.status} op de vraag naar klassen en leerlingen.`);
    return null;
  };

  const classRes = await get('listClasses');
  const classProblem = problem(classRes);
  if (classProblem || classRes.kind !== 'answer') return classProblem!;
  const classes = classListSchema.safeParse(classRes.body ?? null);
  if (!classes.success) return fail('De centrale dienst gaf een onverwacht antwoord op de vraag naar klassen.');

  const pupils: RemotePupil[] = [];
  const limit = Math.min(options.pageSize ?? MAX_PAGE, MAX_PAGE);
  for (let cursor: string | null = ''; cursor !== null; ) {
    const res = await get('listPupils', { limit, ...(cursor ? { cursor } : {}) });
    const pageProblem = problem(res);
    if (pageProblem || res.kind !== 'answer') return pageProblem!;
    const page = pupilPageSchema.safeParse(res.body ?? null);
    if (!page.success) return fail('De centrale dienst gaf een onverwacht antwoord op de vraag naar leerlingen.');
    pupils.push(...page.data.items);
    if (page.data.next !== null && page.data.next === cursor) return fail('De centrale dienst gaf een onverwacht antwoord op de vraag naar leerlingen.');
    cursor = page.data.next;
  }
  replaceRoster(db, brin6, classes.data.items, pupils);
  return { ok: true, classes: classes.data.items.length, pupils: pupils.length, error: null, needsSignIn: false, unreachable: false };
}

/**
 * The roster puller (after the push and the users feed): only when due (rosterDue: once the confirmed import is
 * delivered, after a new delivery, or when the user asked), so the background rounds do not download every pupil.
 */
export const rosterPuller: Puller = {
  name: 'roster',
  phase: 'after-push',
  due: rosterDue,
  async pull(db, brin6, endpoint) {
    const { error, needsSignIn, unreachable, problem } = await pullRoster(db, brin6, endpoint);
    return { error, needsSignIn, unreachable, ...(problem ? { problem } : {}) };
  },
};
