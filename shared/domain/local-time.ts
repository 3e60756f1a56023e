/**
 * Times as the people at the school read them: local clock time with its offset from UTC, "2026-12-06 15:02:31
 * +01:00" — what the screens show, and still one instant for a spreadsheet or a servicedesk in another zone.
 * `offsetMinutes`: east of UTC positive (CET +60); the machine's own for that instant by default.
 */
export function localTimestamp(date: Date, offsetMinutes: number = -date.getTimezoneOffset()): string {
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const off = Math.abs(offsetMinutes);
  return `${shifted.getUTCFullYear()}-${p(shifted.getUTCMonth() + 1)}-${p(shifted.getUTCDate())} ${p(shifted.getUTCHours())}:${p(shifted.getUTCMinutes())}:${p(shifted.getUTCSeconds())} ${sign}${p(Math.floor(off / 60))}:${p(off % 60)}`;
}
