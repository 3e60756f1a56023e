import { describe, expect, it } from 'vitest';
import { pdfHint } from '../../renderer/src/format';

describe('the print hint names what the print dialog in front of the user offers (issue 35)', () => {
  it('browser mode: Chromium\'s preview; the desktop app: the system\'s dialog per OS', () => {
    expect(pdfHint('browser', 'Win32')).toContain('‘Opslaan als PDF’');
    expect(pdfHint('electron', 'Win32')).toContain('‘Microsoft Print to PDF’');
    expect(pdfHint('electron', 'MacIntel')).toContain('‘Bewaar als PDF’');
    expect(pdfHint('electron', 'Linux x86_64')).toContain('‘Afdrukken naar bestand’');
    // Not yet known (the shell is starting): the browser's wording, never an empty hint.
    expect(pdfHint(undefined, '')).toContain('Opslaan als PDF');
  });
});
