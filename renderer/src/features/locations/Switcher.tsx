import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { needsAttention, rankLocations } from '../../../../shared/domain/board';
import { useShell } from '../../store';
import { keepFocus, trapTab } from '../../hooks/useModal';

/**
 * Always visible: which location the screens are about, and a way to another one you can type into — BRIN6 or
 * name, recent locations first — opened by mouse or with Ctrl+K (⌘K). On a step, the other location opens on the
 * same step (compare like with like); from the overview, on its next step.
 */
export function LocationSwitcher() {
  const locations = useShell((s) => s.locations);
  const current = useShell((s) => s.current);
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        if (useShell.getState().locations.length > 0) setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (locations.length === 0) {
    return (
      <p className="switcher-empty" data-testid="locations-empty">
        Nog geen locaties. Voeg je eerste schoollocatie toe.
      </p>
    );
  }
  const row = locations.find((l) => l.brin6 === current);
  return (
    <div className="switcher">
      <span className="switcher-label" aria-hidden="true">
        Schoollocatie
      </span>
      <button
        ref={trigger}
        type="button"
        className="switcher-button"
        aria-haspopup="dialog"
        aria-keyshortcuts="Control+K"
        data-testid="location-switcher"
        data-value={current ?? ''}
        onClick={() => setOpen(true)}
      >
        {/* A long name is cut ("…") so the header stays one line at 1366×768; the whole name is in the title. */}
        <span className="switcher-current" title={row ? `${row.name} (${row.brin6})` : undefined}>
          <span className="visually-hidden">Schoollocatie: </span>
          {row ? `${row.name} (${row.brin6})` : 'Kies een locatie…'}
        </span>
        <kbd>Ctrl K</kbd>
      </button>
      {open && (
        <SwitcherDialog
          onClose={() => {
            setOpen(false);
            trigger.current?.focus();
            keepFocus(() => trigger.current);
          }}
        />
      )}
    </div>
  );
}

function SwitcherDialog({ onClose }: { onClose: () => void }) {
  const locations = useShell((s) => s.locations);
  const current = useShell((s) => s.current);
  const view = useShell((s) => s.view);
  const recent = useShell((s) => s.settings?.recentLocations ?? []);
  const selectLocation = useShell((s) => s.selectLocation);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const dialog = useRef<HTMLDialogElement>(null);
  const listId = useId();
  const matches = useMemo(() => rankLocations(locations, query, recent), [locations, query, recent]);
  const activeIndex = Math.min(active, Math.max(0, matches.length - 1));

  useEffect(() => {
    const d = dialog.current;
    d?.showModal();
    return d ? trapTab(d) : undefined;
  }, []);
  // Closed first, then focus goes back: while the modal is open everything outside it is inert, so focusing the
  // button then left focus on <body> once the dialog was gone (issue 33).
  const close = () => {
    dialog.current?.close();
    onClose();
  };

  const pick = (brin6: string) => {
    selectLocation(brin6, current !== null && view !== 'overview' ? view : undefined);
    close();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + matches.length) % Math.max(1, matches.length));
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      setActive(event.key === 'Home' ? 0 : matches.length - 1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = matches[activeIndex];
      if (chosen) pick(chosen.brin6);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="dialog switcher-dialog"
      aria-label="Naar een andere schoollocatie"
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
      onClick={(e) => e.target === dialog.current && close()}
      data-testid="switcher-dialog"
    >
      <label htmlFor="switcher-input" className="switcher-dialog-label">
        Typ een BRIN6 of een naam
      </label>
      <input
        id="switcher-input"
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={matches[activeIndex] ? `${listId}-${matches[activeIndex].brin6}` : undefined}
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        data-testid="switcher-input"
      />
      <ul id={listId} role="listbox" aria-label="Schoollocaties" className="switcher-list" data-testid="switcher-list">
        {matches.map((l, i) => (
          <li
            key={l.brin6}
            id={`${listId}-${l.brin6}`}
            role="option"
            aria-selected={i === activeIndex}
            className={`switcher-option ${i === activeIndex ? 'is-active' : ''}`}
            onMouseMove={() => setActive(i)}
            onClick={() => pick(l.brin6)}
            data-brin6={l.brin6}
          >
            <span className="switcher-name">{l.name}</span> <span className="code">{l.brin6}</span>
            {l.brin6 === current && <span className="switcher-tag"> · nu open</span>}
            {recent.includes(l.brin6) && l.brin6 !== current && query === '' && <span className="switcher-tag"> · recent</span>}
            {needsAttention(l) && <span className="switcher-tag switcher-attention"> · vraagt aandacht</span>}
          </li>
        ))}
      </ul>
      {matches.length === 0 && (
        <p className="switcher-none" role="status">
          Geen locatie met “{query}”. Controleer de BRIN6 of de naam, of voeg de locatie toe bij Mijn schoollocaties.
        </p>
      )}
      <p className="switcher-keys">↑ ↓ kiezen · Enter openen · Esc sluiten</p>
    </dialog>
  );
}
