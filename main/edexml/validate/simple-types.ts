import type { SimpleType } from '../schema/types';

export type SimpleProblem =
  | { readonly kind: 'lexical'; readonly builtin: SimpleType['builtin'] }
  | { readonly kind: 'enumeration'; readonly allowed: readonly string[] }
  | { readonly kind: 'pattern' }
  | { readonly kind: 'length'; readonly min?: number; readonly max?: number; readonly actual: number }
  | { readonly kind: 'totalDigits'; readonly max: number };

const compiled = new WeakMap<SimpleType, Array<{ patterns: RegExp[] | null; enumeration: Set<string> | null }>>();

function stepsOf(type: SimpleType) {
  let steps = compiled.get(type);
  if (!steps) {
    steps = type.steps.map((s) => ({
      patterns: s.patterns ? s.patterns.map((p) => new RegExp(p, 'u')) : null,
      enumeration: s.enumeration
        ? new Set(type.builtin === 'integer' ? s.enumeration.map(canonicalInteger) : s.enumeration)
        : null,
    }));
    compiled.set(type, steps);
  }
  return steps;
}

const INTEGER = /^[+-]?[0-9]+$/;
const DATE = /^(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?$/;
const DATE_TIME = /^(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$/;

/**
 * XSD whitespace facet: `collapse` for integer, `preserve` for strings. Dates and date-times are taken as they
 * stand, as libxml2 (the reference validator) does: ' 2014-10-01 ' is rejected there, so it is rejected here.
 */
export function normalise(type: SimpleType, raw: string): string {
  if (type.builtin !== 'integer' && type.builtin !== 'boolean') return raw;
  return raw.replace(/[\t\n\r ]+/g, ' ').trim();
}

function canonicalInteger(value: string): string {
  const sign = value.startsWith('-') ? '-' : '';
  const digits = value.replace(/^[+-]/, '').replace(/^0+(?=[0-9])/, '');
  return digits === '0' ? '0' : sign + digits;
}

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

function validZone(zone: string | undefined): boolean {
  if (!zone || zone === 'Z') return true;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  return minutes < 60 && (hours < 14 || (hours === 14 && minutes === 0));
}

function lexicallyValid(type: SimpleType, value: string): boolean {
  switch (type.builtin) {
    case 'string':
      return true;
    case 'boolean':
      return value === 'true' || value === 'false' || value === '1' || value === '0';
    case 'integer':
      return INTEGER.test(value);
    case 'date': {
      const m = DATE.exec(value);
      if (!m) return false;
      if (m[1]!.length > 4 && m[1]!.startsWith('0')) return false;
      return Number(m[1]) !== 0 && validDay(Number(m[1]), Number(m[2]), Number(m[3])) && validZone(m[4]);
    }
    case 'dateTime': {
      const m = DATE_TIME.exec(value);
      if (!m) return false;
      if (m[1]!.length > 4 && m[1]!.startsWith('0')) return false;
      const [h, min, s] = [Number(m[4]), Number(m[5]), Number(m[6])];
      const endOfDay = h === 24 && min === 0 && s === 0 && (!m[7] || /^\.0+$/.test(m[7]));
      return (
        Number(m[1]) !== 0 &&
        validDay(Number(m[1]), Number(m[2]), Number(m[3])) &&
        (h < 24 || endOfDay) &&
        min < 60 &&
        s < 60 &&
        validZone(m[8])
      );
    }
  }
}

function codePointLength(value: string): number {
  // Fast path: no surrogate pairs means UTF-16 length is the character count.
  return /[\uD800-\uDBFF]/.test(value) ? [...value].length : value.length;
}

export type Checker = (raw: string) => SimpleProblem | null;

const checkers = new Map<SimpleType, Checker>();

/**
 * The check for one simple type, prepared once: plain strings with only length facets (most EDEXML types) get a
 * check that counts characters only when the UTF-16 length leaves doubt; everything else uses `checkSimple`.
 */
export function checkerFor(type: SimpleType): Checker {
  let checker = checkers.get(type);
  if (checker) return checker;
  const onlyLengths =
    type.builtin === 'string' &&
    type.steps.every((f) => !f.patterns && !f.enumeration && f.totalDigits === undefined && f.length === undefined);
  if (onlyLengths) {
    const min = Math.max(0, ...type.steps.map((f) => f.minLength ?? 0));
    const max = Math.min(Infinity, ...type.steps.map((f) => f.maxLength ?? Infinity));
    // A string of n UTF-16 units has between ceil(n/2) and n characters.
    checker = (raw) => (raw.length <= max && (raw.length + 1) >> 1 >= min ? null : checkSimple(type, raw));
  } else {
    checker = (raw) => checkSimple(type, raw);
  }
  checkers.set(type, checker);
  return checker;
}

/** Checks one value against its simple type, as XML Schema does. Returns the first problem or null. */
export function checkSimple(type: SimpleType, raw: string): SimpleProblem | null {
  const value = normalise(type, raw);
  if (!lexicallyValid(type, value)) return { kind: 'lexical', builtin: type.builtin };
  const steps = stepsOf(type);
  for (let i = 0; i < type.steps.length; i++) {
    const facets = type.steps[i]!;
    const step = steps[i]!;
    if (facets.length !== undefined || facets.minLength !== undefined || facets.maxLength !== undefined) {
      const actual = codePointLength(value);
      if (facets.length !== undefined && actual !== facets.length) return { kind: 'length', min: facets.length, max: facets.length, actual };
      if (facets.minLength !== undefined && actual < facets.minLength) return { kind: 'length', min: facets.minLength, actual };
      if (facets.maxLength !== undefined && actual > facets.maxLength) return { kind: 'length', max: facets.maxLength, actual };
    }
    if (facets.totalDigits !== undefined && type.builtin === 'integer') {
      const digits = canonicalInteger(value).replace('-', '');
      if (digits.length > facets.totalDigits) return { kind: 'totalDigits', max: facets.totalDigits };
    }
    if (step.patterns && !step.patterns.some((p) => p.test(value))) return { kind: 'pattern' };
    if (step.enumeration) {
      const key = type.builtin === 'integer' ? canonicalInteger(value) : value;
      if (!step.enumeration.has(key)) return { kind: 'enumeration', allowed: facets.enumeration ?? [] };
    }
  }
  return null;
}
