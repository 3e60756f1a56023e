import { useRef } from 'react';

interface FileButtonProps {
  readonly label: string;
  /** Accessible name of the (hidden) file input, and what the tests set files on. */
  readonly inputLabel: string;
  readonly accept: string;
  readonly onFile?: (file: File) => void;
  /** With `multiple`: every chosen file, in the order the chooser gave them. */
  readonly onFiles?: (files: File[]) => void;
  readonly multiple?: boolean;
  readonly disabled?: boolean;
  readonly primary?: boolean;
  readonly testId?: string;
}

/**
 * A button that opens the system's file chooser (keyboard-reachable, unlike a styled file input); the chosen file
 * goes to `onFile`. The input is reset each time, so choosing the same file again works.
 */
export function FileButton({ label, inputLabel, accept, onFile, onFiles, multiple, disabled, primary, testId }: FileButtonProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={`button ${primary ? 'button-primary' : ''}`} onClick={() => input.current?.click()} disabled={disabled}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        accept={accept}
        multiple={multiple}
        className="visually-hidden"
        tabIndex={-1}
        aria-label={inputLabel}
        data-testid={testId}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length > 0) onFiles?.(files);
          if (files[0]) onFile?.(files[0]);
        }}
      />
    </>
  );
}
