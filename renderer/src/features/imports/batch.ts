import { create } from 'zustand';
import type { BridgeError, ImportProgress, ImportRouted } from '../../../../shared/bridge';
import { call, getBridge, useShell } from '../../store';

/** One of several files dropped or picked together: read one after the other, each routed by the BRIN6 it names. */
export interface BatchFile {
  readonly id: number;
  readonly file: File;
  readonly state: 'waiting' | 'uploading' | 'reading' | 'done' | 'failed';
  readonly progress: ImportProgress | null;
  readonly routed: ImportRouted | null;
  readonly error: BridgeError | null;
}

export interface BatchState {
  readonly files: readonly BatchFile[];
  readonly running: boolean;
  /** Adds files and reads every waiting one (one at a time, so each gets the worker and its own progress). */
  add(files: readonly File[]): void;
  /** After adding the location a file named: read that file again. */
  retry(id: number): void;
  remove(id: number): void;
  clear(): void;
  progress(progress: ImportProgress): void;
}

let nextId = 0;

export const useBatch = create<BatchState>()((set, get) => {
  const update = (id: number, patch: Partial<BatchFile>) => set((s) => ({ files: s.files.map((f) => (f.id === id ? { ...f, ...patch } : f)) }));

  async function readOne(item: BatchFile): Promise<void> {
    const bridge = getBridge();
    if (!bridge) return;
    update(item.id, { state: 'uploading', progress: null, routed: null, error: null });
    const uploaded = await bridge.uploadFile(item.file, item.file.name);
    if (!uploaded.ok) {
      update(item.id, { state: 'failed', error: uploaded.error });
      return;
    }
    update(item.id, { state: 'reading' });
    const routed = await call('import:route', { uploadId: uploaded.value.uploadId });
    if (!routed.ok) update(item.id, { state: 'failed', error: routed.error });
    else update(item.id, { state: 'done', routed: routed.value });
  }

  async function drain(): Promise<void> {
    if (get().running) return;
    set({ running: true });
    try {
      for (let next = get().files.find((f) => f.state === 'waiting'); next; next = get().files.find((f) => f.state === 'waiting')) {
        await readOne(next);
      }
    } finally {
      set({ running: false });
      void useShell.getState().refreshLocations();
    }
  }

  return {
    files: [],
    running: false,
    add(files) {
      const added = files.map((file) => ({ id: ++nextId, file, state: 'waiting' as const, progress: null, routed: null, error: null }));
      set((s) => ({ files: [...s.files, ...added] }));
      void drain();
    },
    retry(id) {
      update(id, { state: 'waiting', routed: null, error: null });
      void drain();
    },
    remove(id) {
      set((s) => ({ files: s.files.filter((f) => f.id !== id) }));
    },
    clear() {
      if (!get().running) set({ files: [] });
    },
    progress(progress) {
      set((s) => ({ files: s.files.map((f) => (f.state === 'reading' ? { ...f, progress } : f)) }));
    },
  };
});
