import { useCallback, useState } from 'react';

/** A set of chosen ids (users, teachers) for lists with checkboxes: toggle one, choose a given set, clear. */
export function useSelection() {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback((id: string, on: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const choose = useCallback((ids: Iterable<string>) => setSelected(new Set(ids)), []);
  return { selected, toggle, choose };
}
