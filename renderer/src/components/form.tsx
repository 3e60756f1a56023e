import type { Ref } from 'react';

interface TextFieldProps {
  readonly id: string;
  /** The field's keys inside the bridge method's input, dotted (`user.voornaam`): refusals mark it, focus finds it. */
  readonly path: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error?: string | undefined;
  readonly hint?: string;
  readonly required?: boolean;
  readonly type?: string;
  readonly autoComplete?: string;
  readonly placeholder?: string;
  readonly inputRef?: Ref<HTMLInputElement>;
  readonly testId?: string;
}

/** One labelled input: the visible label is its accessible name; the error (or else the hint) describes it. */
export function TextField({ id, path, label, value, onChange, error, hint, required, type, autoComplete, placeholder, inputRef, testId }: TextFieldProps) {
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required && <span className="required"> (verplicht)</span>}
      </label>
      <input
        id={id}
        ref={inputRef}
        data-path={path}
        type={type ?? 'text'}
        value={value}
        placeholder={placeholder}
        autoComplete={autoComplete ?? 'off'}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error" data-testid={testId ? `${testId}-error` : undefined}>
          {error}
        </p>
      ) : (
        hint && (
          <p id={`${id}-hint`} className="field-hint">
            {hint}
          </p>
        )
      )}
    </div>
  );
}
