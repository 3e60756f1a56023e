import type Database from 'better-sqlite3';
import { classListSchema, pupilPageSchema } from '../../shared/api/resources';
import { replaceRoster } from './store';
import type { RemotePupil } from './store';

export interface RosterPullOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly timeoutMs?: number;
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
  const get = async (path: string): Promise<{ status: number; body: unknown } | null> => {
    try {
      const response = await fetch(new URL(path, options.baseUrl), {
        headers: { authorization: `Bearer ${options.token}` },
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    } catch {
      return null;
    }
  };
  const problem = (res: { status: number } | null): RosterPullResult | null => {
    if (!res) return fail('Geen verbinding met de centrale dienst.', { unreachable: true });
    if (res.status === 401) return fail('Je sessie is verlopen. Meld je opnieuw aan.', { needsSignIn: true });
    if (res.status !== 200) return fail(`De centrale dienst antwoordde met status ${res.status} op de vraag naar klassen en leerlingen.`);
    return null;
  };

  const classRes = await get(`/v1/locations/${brin6}/classes`);
  const classProblem = problem(classRes);
  if (classProblem) return classProblem;
  const classes = classListSchema.safeParse(classRes!.body);
  if (!classes.success) return fail('De centrale dienst gaf een onverwacht antwoord op de vraag naar klassen.');

  const pupils: RemotePupil[] = [];
  const limit = Math.min(options.pageSize ?? MAX_PAGE, MAX_PAGE);
  for (let cursor: string | null = ''; cursor !== null; ) {
    const res = await get(`/v1/locations/${brin6}/pupils?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const pageProblem = problem(res);
    if (pageProblem) return pageProblem;
    const page = pupilPageSchema.safeParse(res!.body);
    if (!page.success) return fail('De centrale dienst gaf een onverwacht antwoord op de vraag naar leerlingen.');
    pupils.push(...page.data.items);
    if (page.data.next !== null && page.data.next === cursor) return fail('De centrale dienst gaf een onverwacht antwoord op de vraag naar leerlingen.');
    cursor = page.data.next;
  }
  replaceRoster(db, brin6, classes.data.items, pupils);
  return { ok: true, classes: classes.data.items.length, pupils: pupils.length, error: null, needsSignIn: false, unreachable: false };
}
