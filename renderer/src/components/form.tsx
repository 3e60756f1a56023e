import type { ReactNode, Ref } from 'react';

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
  readonly inputMode?: 'numeric' | 'email' | 'text';
  readonly placeholder?: string;
  readonly inputRef?: Ref<HTMLInputElement>;
  /** The input's test id; its message is `<testId>-error`. */
  readonly testId?: string;
}

/**
 * The one labelled input of every form: the visible label is its accessible name; the hint and the error describe
 * it (the hint stays, so "alleen cijfers" is still there beside "bestaat alleen uit cijfers").
 */
export function TextField({ id, path, label, value, onChange, error, hint, required, type, autoComplete, inputMode, placeholder, inputRef, testId }: TextFieldProps) {
  return (
    <Field id={id} label={label} required={required} hint={hint} error={error} testId={testId}>
      <input
        id={id}
        ref={inputRef}
        data-path={path}
        data-testid={testId}
        type={type ?? 'text'}
        value={value}
        placeholder={placeholder}
        autoComplete={autoComplete ?? 'off'}
        inputMode={inputMode}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(event) => onChange(event.target.value)}
      />
    </Field>
  );
}

interface SelectFieldProps extends Pick<TextFieldProps, 'id' | 'path' | 'label' | 'value' | 'onChange' | 'error' | 'testId'> {
  /** The `<option>`s. */
  readonly children: ReactNode;
}

/** A labelled choice, marked and described like a TextField. */
export function SelectField({ id, path, label, value, onChange, error, testId, children }: SelectFieldProps) {
  return (
    <Field id={id} label={label} error={error} testId={testId} narrow>
      <select id={id} data-path={path} data-testid={testId} value={value} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, undefined, error)} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </Field>
  );
}

function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

function Field(props: { id: string; label: string; required?: boolean | undefined; hint?: string | undefined; error?: string | undefined; testId?: string | undefined; narrow?: boolean; children: ReactNode }) {
  const { id, label, required, hint, error, testId, narrow, children } = props;
  return (
    <div className={narrow ? 'field field-narrow' : 'field'}>
      <label htmlFor={id}>
        {label}
        {required && <span className="required"> (verplicht)</span>}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error" data-testid={testId ? `${testId}-error` : undefined}>
          {error}
        </p>
      )}
    </div>
  );
}
