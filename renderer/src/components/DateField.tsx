import { useState } from 'react';
import { dayToDutch, dutchToDay } from '../format';

export const DATE_HINT = 'Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 15-09-2026.';

/**
 * A day, typed and shown the Dutch way (dd-mm-jjjj) in every browser: `<input type="date">` shows mm/dd/yyyy in an
 * English browser (issue 33). `onDay` gets YYYY-MM-DD (or '' when cleared) only for a whole, real day; anything else
 * shows the hint as the field's message and changes nothing.
 */
export function DateInput({ id, value, onDay, testId, describedBy }: { id?: string; value: string | null; onDay: (iso: string) => void; testId?: string; describedBy?: string }) {
  const [text, setText] = useState(dayToDutch(value));
  const [wrong, setWrong] = useState(false);
  const messageId = id ? `${id}-date-error` : undefined;
  return (
    <>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        placeholder="dd-mm-jjjj"
        autoComplete="off"
        value={text}
        aria-invalid={wrong || undefined}
        aria-describedby={[describedBy, wrong ? messageId : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => {
          setText(e.target.value);
          const iso = dutchToDay(e.target.value);
          if (iso !== null) {
            setWrong(false);
            onDay(iso);
          }
        }}
        onBlur={() => setWrong(dutchToDay(text) === null)}
        data-testid={testId}
      />
      {wrong && (
        <span id={messageId} className="field-error" data-testid={testId ? `${testId}-error` : undefined}>
          {DATE_HINT}
        </span>
      )}
    </>
  );
}
