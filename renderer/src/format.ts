/** Dutch formatting helpers for the screens. */
const dateTime = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeStyle: 'short' });
const number = new Intl.NumberFormat('nl-NL');

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : dateTime.format(date);
}

export function formatNumber(n: number): string {
  return number.format(n);
}

/** `count(3, 'leerling', 'leerlingen')` → "3 leerlingen". */
export function count(n: number, one: string, many: string): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

const clock = new Intl.DateTimeFormat('nl-NL', { hour: '2-digit', minute: '2-digit' });

/** "14:32" (today's clock time, for "offline sinds" and "volgende controle"). */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : clock.format(date);
}

const day = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium' });

/** "1 okt. 2025" for a calendar day YYYY-MM-DD (no time zone shift: the day as written). */
export function formatDay(iso: string): string {
  const parsed = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return parsed ? day.format(new Date(Number(parsed[1]), Number(parsed[2]) - 1, Number(parsed[3]))) : '—';
}

/** "07-12-2026" for YYYY-MM-DD: how a date field shows a day, whatever the browser's language (issue 33). */
export function dayToDutch(iso: string | null): string {
  const parsed = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return parsed ? `${parsed[3]}-${parsed[2]}-${parsed[1]}` : '';
}

/**
 * A day typed the Dutch way — "7-12-2026", "07-12-2026", "7/12/2026", "7.12.2026" — as YYYY-MM-DD; '' for an empty
 * field; null when it is no real day (31-02-2026) or not written day-month-year.
 */
export function dutchToDay(text: string): string | null {
  const t = text.trim();
  if (t === '') return '';
  const parsed = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t);
  if (!parsed) return null;
  const [d, m, y] = [Number(parsed[1]), Number(parsed[2]), Number(parsed[3])];
  const date = new Date(y, m - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== m - 1 || date.getDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * "10 klassen en 2 clustergroepen": classes and cluster groups counted apart, as step 3 counts them (issue 33: steps
 * 4–5 said "12 klassen" for the same file).
 */
export function groupsText(groups: ReadonlyArray<{ readonly samengesteld: boolean }>): string {
  const clusters = groups.filter((g) => g.samengesteld).length;
  const classes = count(groups.length - clusters, 'klas', 'klassen');
  return clusters === 0 ? classes : `${classes} en ${count(clusters, 'clustergroep', 'clustergroepen')}`;
}

/**
 * How to keep a printout as a PDF, as the print dialog in front of the user calls it: Chromium's preview in browser
 * mode ("Opslaan als PDF"), the system's dialog in the desktop app (Windows: the printer "Microsoft Print to PDF";
 * macOS: PDF → "Bewaar als PDF"; Linux: "Afdrukken naar bestand").
 */
export function pdfHint(mode: 'electron' | 'browser' | 'cli' | undefined, platform: string): string {
  if (mode !== 'electron') return 'kies in het afdrukvenster bij Bestemming ‘Opslaan als PDF’';
  if (/^win/i.test(platform)) return 'kies in het afdrukvenster de printer ‘Microsoft Print to PDF’';
  if (/^mac/i.test(platform)) return 'kies in het afdrukvenster linksonder ‘PDF’ en dan ‘Bewaar als PDF’';
  return 'kies in het afdrukvenster ‘Afdrukken naar bestand’ met PDF';
}
