import { create } from 'zustand';
import type {
  AppInfo,
  BridgeApi,
  BridgeError,
  ImportDiff,
  ImportOutcome,
  ImportProgress,
  ImportState,
  LocationOverview,
  PickableClass,
  Roster,
  UserView,
  Settings,
  SyncRound,
  SyncStatus,
  UpdateState,
  ProxyLoginRequest,
} from '../../shared/bridge';
import { nextStep } from '../../shared/domain/progress';
import { call, getBridge, setBridge } from './bridge-client';
import { leaveSlice } from './leave';
import { scopedLoads } from './hooks/latest';
import type { LeaveSlice } from './leave';
import type { ImportRun, SyncAllRun, Toast, View } from './store-types';

export type { ImportRun, SyncAllRun, Toast, View } from './store-types';

// The bridge to main lives in bridge-client.ts (set once by `load`); screens import `call` from here as before.
export { call, getBridge } from './bridge-client';

export interface ShellState extends LeaveSlice {
  readonly phase: 'loading' | 'ready' | 'failed';
  readonly info: AppInfo | null;
  readonly settings: Settings | null;
  readonly locations: readonly LocationOverview[];
  readonly status: SyncStatus | null;
  /** The location everything below the header is about; null on the overview without any location. */
  readonly current: string | null;
  readonly view: View;
  /** Bumped whenever main reports new sync status: screens reload what the service may have changed. */
  readonly syncTick: number;
  readonly error: BridgeError | null;
  readonly toast: Toast | null;
  /** Automatic updates (installed app): "Nieuwe versie klaar" when phase is `ready`. */
  readonly update: UpdateState | null;
  /** The school's proxy asks for a sign-in (`network:proxy-login`); the dialog answers and clears it. */
  readonly proxyLogin: ProxyLoginRequest | null;
  setProxyLogin(request: ProxyLoginRequest | null): void;
  /**
   * The dialog's answer to request `id` is in: it closes — unless main asked again meanwhile (a wrong password: the
   * new request can arrive before the answer's reply), then the new request stays open.
   */
  proxyLoginDone(id: string): void;
  /** "Alles synchroniseren": the rounds so far, per location, and who still needs a sign-in (null before the first). */
  readonly syncAll: SyncAllRun | null;
  /** A round of one location ended (main's sync:round event). */
  syncRound(round: SyncRound): void;
  /** Closes the result of "Alles synchroniseren". */
  dismissSyncAll(): void;
  syncEverything(): Promise<void>;
  setUpdate(update: UpdateState): void;
  load(b: BridgeApi): Promise<void>;
  refreshLocations(): Promise<void>;
  selectLocation(brin6: string, view?: View): void;
  go(view: View): void;
  /** Counts the admin's moves (another step, screen or location): an answer compares it to where it started. */
  readonly moves: number;
  /**
   * The one rule for an answer that moves the screen (a confirm → step 4, a discard → step 2, an added location → its
   * step 1): it moves only if the admin has not gone elsewhere since `since` (`moves` when the action started). The
   * admin's navigation wins.
   */
  goAfter(since: number, view: View, brin6?: string): boolean;
  setSettings(settings: Settings): void;
  showToast(message: string): void;
  dismissError(): void;
}

let subscribed = false;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
let toastId = 0;

export const useShell = create<ShellState>()((set, get) => ({
  phase: 'loading',
  info: null,
  settings: null,
  locations: [],
  status: null,
  current: null,
  view: 'overview',
  syncTick: 0,
  error: null,
  toast: null,
  update: null,
  proxyLogin: null,
  proxyLoginDone(id) {
    if (get().proxyLogin?.id === id) set({ proxyLogin: null });
  },
  setProxyLogin(proxyLogin) {
    set({ proxyLogin });
  },
  syncAll: null,
  syncRound(round) {
    // While "Alles synchroniseren" shows its result, every later round (automatic too) updates it: the result and
    // the table's column say what the latest round did, never a stale "Geen verbinding" beside "Online".
    const run = get().syncAll;
    if (run) set({ syncAll: { ...run, rounds: { ...run.rounds, [round.brin6]: round } } });
  },
  dismissSyncAll() {
    if (!get().syncAll?.running) set({ syncAll: null });
  },

  async syncEverything() {
    if (get().syncAll?.running) return;
    const signedIn = get().status?.locations.filter((l) => l.signedIn).map((l) => l.brin6) ?? [];
    set({ syncAll: { running: true, signedIn, rounds: {}, notSignedIn: [], error: null } });
    const result = await call('sync:sync-all');
    set((s) => ({
      syncAll: result.ok
        ? { running: false, signedIn, rounds: { ...s.syncAll?.rounds, ...Object.fromEntries(result.value.rounds.map((r) => [r.brin6, r])) }, notSignedIn: result.value.notSignedIn, error: null }
        : { running: false, signedIn, rounds: s.syncAll?.rounds ?? {}, notSignedIn: [], error: result.error },
      ...(result.ok ? { status: result.value.status } : {}),
    }));
    // The outcome, announced once by the one polite region (the result block on the screen is not a live region).
    if (result.ok) get().showToast(`${result.value.rounds.filter((r) => r.outcome === 'ok').length} van ${result.value.rounds.length} aangemelde locaties gesynchroniseerd.`);
    await get().refreshLocations();
  },

  setUpdate(update) {
    set({ update });
  },

  async load(b) {
    setBridge(b);
    const info = await call('app:get-info');
    if (!info.ok) {
      set({ phase: 'failed', error: info.error });
      return;
    }
    const [overview, status, settings, support] = await Promise.all([
      call('locations:get-overview'),
      call('sync:get-status'),
      call('settings:get-all'),
      call('app:get-support'),
    ]);
    // A refused database still lets the shell open; the notice says why there are no locations.
    const locations = overview.ok ? overview.value : [];
    const last = settings.ok ? settings.value.lastLocation : null;
    const current = locations.find((l) => l.brin6 === last)?.brin6 ?? (locations.length === 1 ? locations[0]!.brin6 : null);
    const row = locations.find((l) => l.brin6 === current);
    set({
      phase: 'ready',
      info: info.value,
      settings: settings.ok ? settings.value : null,
      locations,
      status: status.ok ? status.value : null,
      current,
      // One location: straight to its next step. Several: the overview is the administrator's home.
      view: row && locations.length === 1 ? nextStep(row.steps) : 'overview',
      error: overview.ok ? (status.ok ? null : status.error) : overview.error,
      update: support.ok ? support.value.updates : null,
    });
    useLocation.getState().reset(current);
    // From here on, main tells us when things change (once, however often the shell loads).
    if (!subscribed) {
      subscribed = true;
      b.subscribe('sync:status', (next) => {
        set((s) => ({ status: next, syncTick: s.syncTick + 1 }));
        if (refreshTimer) clearTimeout(refreshTimer);
        refreshTimer = setTimeout(() => void get().refreshLocations(), 150);
      });
      b.subscribe('import:progress', (progress) => useLocation.getState().progress(progress));
      // "Alles synchroniseren": each location's row says when its round is done.
      b.subscribe('sync:round', (round) => get().syncRound(round));
      b.subscribe('app:update', (update) => set({ update }));
      b.subscribe('network:proxy-login', (proxyLogin) => set({ proxyLogin }));
    }
  },

  async refreshLocations() {
    const overview = await call('locations:get-overview');
    if (!overview.ok) {
      set({ error: overview.error });
      return;
    }
    const { current } = get();
    const stillThere = overview.value.some((l) => l.brin6 === current);
    set({ locations: overview.value, ...(stillThere ? {} : { current: null, view: 'overview' as View }) });
    if (!stillThere && current) useLocation.getState().reset(null);
  },

  ...leaveSlice(set, get),

  selectLocation(brin6, view) {
    // Unsaved work on the screen (step 7): asked about first, then this runs again (src/leave.ts).
    if (get().unsaved && (brin6 !== get().current || view !== get().view)) return get().leave(() => get().selectLocation(brin6, view));
    const row = get().locations.find((l) => l.brin6 === brin6);
    if (!row) return;
    if (brin6 !== get().current) {
      // Switching: everything of the previous location is dropped before anything of the new one arrives.
      useLocation.getState().reset(brin6);
      void call('settings:set-last-location', { brin6 }).then((r) => r.ok && set({ settings: r.value }));
    }
    const next = view ?? nextStep(row.steps);
    set((s) => ({ current: brin6, view: next, error: null, moves: s.current === brin6 && s.view === next ? s.moves : s.moves + 1 }));
    void call('locations:get-progress', { brin6 }).then((r) => {
      if (!r.ok) return;
      set((s) => ({ locations: s.locations.map((l) => (l.brin6 === brin6 ? r.value : l)) }));
    });
  },

  go(view) {
    if (get().unsaved && view !== get().view) return get().leave(() => get().go(view));
    set((s) => ({ view, error: null, moves: s.view === view ? s.moves : s.moves + 1 }));
  },

  moves: 0,
  goAfter(since, view, brin6) {
    if (get().moves !== since) return false;
    if (brin6 !== undefined) get().selectLocation(brin6, view);
    else get().go(view);
    return true;
  },

  setSettings(settings) {
    set({ settings });
  },

  showToast(message) {
    const id = ++toastId;
    set({ toast: { id, message } });
    setTimeout(() => {
      if (get().toast?.id === id) set({ toast: null });
    }, 4000);
  },

  dismissError() {
    set({ error: null });
  },
}));

/**
 * Everything the step screens show about the current location. Reset on every switch, and every answer is checked
 * against the location it was asked for: a slow answer for location A can never appear while B is shown.
 */
export interface LocationState {
  readonly brin6: string | null;
  readonly importState: ImportState | null;
  readonly diff: ImportDiff | null | undefined;
  readonly roster: Roster | null;
  readonly run: ImportRun | null;
  readonly outcome: ImportOutcome | null;
  /** A file chosen while another location was open, kept so it can be imported after switching. */
  readonly carriedFile: File | null;
  readonly users: readonly UserView[] | null;
  readonly classes: readonly PickableClass[] | null;
  readonly error: BridgeError | null;
  reset(brin6: string | null, carriedFile?: File | null): void;
  loadUsers(): Promise<void>;
  loadClasses(): Promise<void>;
  /** Applies users returned by a change (add, roles, invite…) to the list, in place. */
  mergeUsers(changed: readonly UserView[], removedIds?: readonly string[]): void;
  progress(progress: ImportProgress): void;
  loadImportState(): Promise<void>;
  loadDiff(): Promise<void>;
  loadRoster(): Promise<void>;
  startImport(file: File): Promise<ImportOutcome | null>;
  /** `acknowledge`: what the admin typed when the guard against destructive files asks for it. */
  /** `acknowledge`: typed for the removal guard; `acknowledgeYear`: the file's school year typed, when not the current one. */
  confirm(acknowledge?: string, acknowledgeYear?: string): Promise<boolean>;
  /** "Vorige import terugzetten": an earlier import becomes the pending one (step 3 then shows its diff). */
  restore(importId: number): Promise<boolean>;
  discard(): Promise<boolean>;
  setError(error: BridgeError | null): void;
}

export const useLocation = create<LocationState>()((set, get) => {
  // Every answer checked against its location, and a load against newer loads of its kind (hooks/latest.ts).
  const scoped = scopedLoads(() => get().brin6, (error) => set({ error }));

  return {
    brin6: null,
    importState: null,
    diff: undefined,
    roster: null,
    run: null,
    outcome: null,
    carriedFile: null,
    users: null,
    classes: null,
    error: null,

    reset(brin6, carriedFile = null) {
      set({ brin6, importState: null, diff: undefined, roster: null, run: null, outcome: null, carriedFile, users: null, classes: null, error: null });
    },

    async loadUsers() {
      await scoped('users:list', (brin6) => call('users:list', { brin6 }), (users) => set({ users }));
    },

    async loadClasses() {
      await scoped('users:list-classes', (brin6) => call('users:list-classes', { brin6 }), (classes) => set({ classes }));
    },

    mergeUsers(changed, removedIds = []) {
      const { users } = get();
      if (!users) return;
      const byId = new Map(changed.map((u) => [u.id, u]));
      const kept = users.filter((u) => !removedIds.includes(u.id)).map((u) => byId.get(u.id) ?? u);
      const added = changed.filter((u) => !users.some((x) => x.id === u.id));
      set({ users: [...kept, ...added] });
      // The answer may be older than a reload the change's own sync round caused (the event stream can overtake the
      // reply, as with the proxy dialog): the row would then say "Wacht op verzending" after it was sent, or hide a
      // conflict. One more load, started now, is the newest of its kind and wins (hooks/latest.ts).
      void get().loadUsers();
    },

    progress(progress) {
      const { run, brin6 } = get();
      if (run && progress.brin6 === brin6) set({ run: { ...run, stage: 'reading', progress } });
    },

    async loadImportState() {
      await scoped('import:get-state', (brin6) => call('import:get-state', { brin6 }), (importState) => set({ importState }));
    },

    async loadDiff() {
      await scoped('import:get-diff', (brin6) => call('import:get-diff', { brin6 }), (diff) => set({ diff }));
    },

    async loadRoster() {
      await scoped('roster:get-classes', (brin6) => call('roster:get-classes', { brin6 }), (roster) => set({ roster }));
    },

    async startImport(file) {
      const brin6 = get().brin6;
      const b = getBridge();
      if (!brin6 || !b || get().run) return null;
      set({ run: { fileName: file.name, stage: 'uploading', progress: null }, outcome: null, error: null, carriedFile: null });
      const uploaded = await b.uploadFile(file, file.name);
      if (get().brin6 !== brin6) return null;
      if (!uploaded.ok) {
        set({ run: null, error: uploaded.error });
        return null;
      }
      set({ run: { fileName: file.name, stage: 'reading', progress: null } });
      const result = await call('import:start', { brin6, uploadId: uploaded.value.uploadId });
      if (get().brin6 !== brin6) return null;
      if (!result.ok) {
        set({ run: null, error: result.error });
        return null;
      }
      // Keep the file in memory when it belongs to another location: the screen offers to import it there.
      set({ run: null, outcome: result.value, carriedFile: result.value.kind === 'other-location' ? file : null, diff: undefined });
      await get().loadImportState();
      void useShell.getState().refreshLocations();
      return result.value;
    },

    async confirm(acknowledge, acknowledgeYear) {
      // Exactly the import the admin reviewed: the diff on the screen names it (and its guard).
      const importId = get().diff?.importId ?? get().importState?.pending?.id;
      if (importId === undefined) return false;
      const ok = await scoped(null, (brin6) => call('import:confirm', { brin6, importId, ...(acknowledge !== undefined ? { acknowledge } : {}), ...(acknowledgeYear !== undefined ? { acknowledgeYear } : {}) }), (importState) => set({ importState, diff: undefined, outcome: null }));
      // Another window or program read another file meanwhile: nothing was confirmed; show that file for review.
      if (!ok && get().error?.issues?.some((i) => i.path[0] === 'importId')) {
        await get().loadImportState();
        await get().loadDiff();
      }
      void useShell.getState().refreshLocations();
      return ok;
    },

    async restore(importId) {
      const ok = await scoped(null, (brin6) => call('import:restore', { brin6, importId }), (importState) => set({ importState, diff: undefined, outcome: null }));
      if (ok) await get().loadDiff();
      void useShell.getState().refreshLocations();
      return ok;
    },

    async discard() {
      const ok = await scoped(null, (brin6) => call('import:discard', { brin6 }), (importState) => set({ importState, diff: undefined, outcome: null }));
      void useShell.getState().refreshLocations();
      return ok;
    },

    setError(error) {
      set({ error });
    },
  };
});
