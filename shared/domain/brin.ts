/**
 * BRIN identifiers (DUO): a school's 4-character BRIN is 2 digits and 2 capitals (`99ZX`); a location adds a
 * 2-digit dependance code (`10`), together the BRIN6 (`99ZX10`). In EDEXML these are `school/brincode` and
 * `school/dependancecode`. Pure rules, shared by all processes.
 */
const BRIN4 = /^[0-9]{2}[A-Z]{2}$/;
/** Exported for schemas (zod, the API's OpenAPI `pattern`); use isBrin6 in code. */
export const BRIN6_PATTERN = /^[0-9]{2}[A-Z]{2}[0-9]{2}$/;
const BRIN6 = BRIN6_PATTERN;
const DEPENDANCE = /^[0-9]{2}$/;

export function isBrin4(value: string): boolean {
  return BRIN4.test(value);
}

export function isBrin6(value: string): boolean {
  return BRIN6.test(value);
}

/** Combines `brincode` and `dependancecode` as they stand in EDEXML; null when either is malformed. */
export function toBrin6(brincode: string, dependancecode: string): string | null {
  const brin = brincode.trim().toUpperCase();
  const dep = dependancecode.trim();
  if (!isBrin4(brin) || !DEPENDANCE.test(dep)) return null;
  return brin + dep;
}

/**
 * Normalises what a person typed (spaces, lower case) to a BRIN6, or explains in Dutch what is wrong.
 * Why: users copy codes from letters and e-mails (`99 zx 10`); be kind in what is accepted, strict in what is stored.
 */
export function parseBrin6(input: string): { ok: true; brin6: string } | { ok: false; message: string } {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  if (compact.length === 0) {
    return { ok: false, message: 'Vul een Brin6-code in, bijvoorbeeld 99ZX10.' };
  }
  if (isBrin6(compact)) return { ok: true, brin6: compact };
  if (isBrin4(compact)) {
    return {
      ok: false,
      message: `${compact} is een BRIN van 4 tekens. Voeg de 2 cijfers van de locatie toe, bijvoorbeeld ${compact}10.`,
    };
  }
  return {
    ok: false,
    message: `"${input.trim()}" is geen Brin6-code. Een Brin6-code is 2 cijfers, 2 letters en 2 cijfers, bijvoorbeeld 99ZX10.`,
  };
}
