/**
 * Dutch school years run from 1 August to 31 July and are written `2025-2026`. Pure, shared: the import's domain
 * check (main) and the confirmation screen (renderer) must agree on which year is "now".
 */
export function schoolYearOf(date: Date): string {
  const y = date.getFullYear();
  return date.getMonth() >= 7 ? `${y}-${y + 1}` : `${y - 1}-${y}`;
}
