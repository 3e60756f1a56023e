/** "1 seconde", "40 seconden", "2 minuten": how long to wait, in Dutch (Retry-After, sign-in throttling). */
export function dutchWait(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 60) return whole === 1 ? '1 seconde' : `${whole} seconden`;
  const minutes = Math.ceil(whole / 60);
  return minutes === 1 ? '1 minuut' : `${minutes} minuten`;
}
