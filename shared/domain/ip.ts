import { findInvisible, normalizeText } from './text';
/**
 * Public IP addresses for the test-taking allowlist (seed 002): tests may only be started from addresses on the
 * location's list, and the address that counts is the public one the test platform sees. Pure rules, shared by the
 * form (renderer) and the save (main), so both say the same thing.
 *
 * Single addresses only (IPv4 dotted decimal, IPv6 in any RFC 4291 text form, also with an embedded IPv4 tail), no
 * ranges or prefixes, no zone ids. Stored normalised: IPv4 as is; IPv6 in the RFC 5952 form (lower case, no leading
 * zeros, the longest run of zero groups compressed); an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is stored as the
 * IPv4 address it is. Addresses a test platform can never see as a school's public address (private, loopback,
 * link-local, unique-local, CGNAT, documentation, multicast, unspecified, reserved) are refused, each with its reason.
 */

export type AddressProblem =
  | 'empty'
  | 'too-long'
  | 'range'
  | 'zone'
  | 'malformed'
  | 'leading-zero'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'unique-local'
  | 'cgnat'
  | 'documentation'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

export type ParsedAddress =
  | { readonly ok: true; readonly address: string; readonly family: 4 | 6 }
  | { readonly ok: false; readonly problem: AddressProblem; readonly message: string };

/** The sentence every internal-range refusal carries (issue 7). */
export const INTERNAL_ADDRESS_HINT = 'dit is een intern adres; de toetsomgeving ziet het publieke adres';

const WHERE_TO_FIND = 'Zoek het publieke adres op de locatie zelf op, bijvoorbeeld met "Controleer dit adres".';
/** The same advice after "Controleer dit adres" itself saw such an address: pressing it again would not help. */
const SEEN_ADVICE =
  'De centrale dienst ziet deze pc dus via een intern netwerk (een proxy of VPN ertussen?). Vraag de ICT-afdeling welk publiek adres de school naar buiten gebruikt, en zet dat op de lijst.';

/** IPv4 as 4 octets, or null when not dotted decimal. Leading zeros are reported separately (octal ambiguity). */
function parseIpv4(text: string): { octets: number[] } | 'leading-zero' | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const octets: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    if (part.length > 1 && part.startsWith('0')) return 'leading-zero';
    const n = Number(part);
    if (n > 255) return null;
    octets.push(n);
  }
  return { octets };
}

/** IPv6 as 8 16-bit groups, or null when not a valid RFC 4291 text form. */
function parseIpv6(text: string): number[] | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return null;
  let head = text;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === null || v4 === 'leading-zero') return null;
    const [a, b, c, d] = v4.octets as [number, number, number, number];
    tail = [(a << 8) | b, (c << 8) | d];
    head = text.slice(0, lastColon + 1);
    // "::1.2.3.4" leaves "::", "x::1.2.3.4" leaves "x::", "x:1.2.3.4" leaves "x:" → keep "x:" + placeholder.
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const doubles = head.split('::').length - 1;
  if (doubles > 1) return null;
  const groupOf = (g: string): number | null => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : null);
  const groupsOf = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      const n = groupOf(g);
      if (n === null) return null;
      out.push(n);
    }
    return out;
  };
  const need = 8 - tail.length;
  if (doubles === 1) {
    const [left, right] = head.split('::') as [string, string];
    const l = groupsOf(left);
    const r = groupsOf(right);
    if (!l || !r) return null;
    const missing = need - l.length - r.length;
    if (missing < 1) return null;
    return [...l, ...new Array<number>(missing).fill(0), ...r, ...tail];
  }
  const g = groupsOf(head);
  if (!g || g.length !== need) return null;
  return [...g, ...tail];
}

/** RFC 5952 text of 8 groups: lower case, no leading zeros, longest run (≥ 2) of zero groups as "::" (first on a tie). */
export function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

function refuse(problem: AddressProblem, message: string): ParsedAddress {
  return { ok: false, problem, message };
}

function internal(address: string, what: string, problem: AddressProblem): ParsedAddress {
  return refuse(problem, `${address} is ${what}: ${INTERNAL_ADDRESS_HINT}. ${WHERE_TO_FIND}`);
}

function classifyIpv4(address: string, o: readonly number[]): ParsedAddress | null {
  const [a, b, c] = o as [number, number, number, number];
  if (a === 0) return refuse('unspecified', `${address} staat voor "dit netwerk" en is geen adres van een aansluiting. ${WHERE_TO_FIND}`);
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return internal(address, 'een privéadres binnen een netwerk', 'private');
  if (a === 127) return internal(address, 'het adres van deze pc zelf (loopback)', 'loopback');
  if (a === 169 && b === 254) return internal(address, 'een link-local-adres (169.254.x.x, zonder DHCP gekregen)', 'link-local');
  if (a === 100 && b >= 64 && b <= 127) return internal(address, 'een adres achter de NAT van de provider (CGNAT, 100.64.0.0/10)', 'cgnat');
  if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) {
    return refuse('documentation', `${address} is een voorbeeldadres uit documentatie en bestaat niet op internet; de toetsomgeving ziet het publieke adres. ${WHERE_TO_FIND}`);
  }
  if (a >= 224 && a <= 239) return refuse('multicast', `${address} is een multicastadres, geen adres van één aansluiting. ${WHERE_TO_FIND}`);
  if (a >= 240 || (a === 192 && b === 0 && c === 0) || (a === 198 && (b === 18 || b === 19))) {
    return refuse('reserved', `${address} ligt in een gereserveerd blok en wordt op internet niet gebruikt. ${WHERE_TO_FIND}`);
  }
  return null;
}

function classifyIpv6(address: string, g: readonly number[]): ParsedAddress | null {
  const first = g[0] as number;
  if (g.every((x) => x === 0)) return refuse('unspecified', `${address} is het "onbekende" adres (::), geen adres van een aansluiting. ${WHERE_TO_FIND}`);
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return internal(address, 'het adres van deze pc zelf (loopback)', 'loopback');
  if ((first & 0xffc0) === 0xfe80) return internal(address, 'een link-local-adres (fe80::/10)', 'link-local');
  if ((first & 0xffc0) === 0xfec0) return internal(address, 'een site-local-adres (fec0::/10)', 'link-local');
  if ((first & 0xfe00) === 0xfc00) return internal(address, 'een unique-local-adres (fc00::/7, het IPv6-privénetwerk)', 'unique-local');
  if ((first === 0x2001 && g[1] === 0x0db8) || (first & 0xfff0) === 0x3ff0) {
    return refuse('documentation', `${address} is een voorbeeldadres uit documentatie en bestaat niet op internet; de toetsomgeving ziet het publieke adres. ${WHERE_TO_FIND}`);
  }
  if ((first & 0xff00) === 0xff00) return refuse('multicast', `${address} is een multicastadres, geen adres van één aansluiting. ${WHERE_TO_FIND}`);
  if (first === 0x0100 && g[1] === 0 && g[2] === 0 && g[3] === 0) return refuse('reserved', `${address} ligt in een gereserveerd blok en wordt op internet niet gebruikt. ${WHERE_TO_FIND}`);
  return null;
}

/**
 * Reads one address as a person typed it (spaces around it are forgiven) and says whether it can be on the list:
 * the normalised address, or the problem with a Dutch message that names the address and what to do.
 */
/** An address the service reports seeing this PC as ("Controleer dit adres"): refused like a typed one, with advice for that case. */
export function parseSeenAddress(input: string): ParsedAddress {
  const parsed = parsePublicAddress(input);
  return parsed.ok ? parsed : { ...parsed, message: parsed.message.replace(WHERE_TO_FIND, SEEN_ADVICE) };
}

export function parsePublicAddress(input: string): ParsedAddress {
  const text = input.trim();
  if (text === '') return refuse('empty', 'Vul een IP-adres in, bijvoorbeeld 145.12.34.56.');
  if (text.length > 64) return refuse('too-long', 'Dit is te lang voor een IP-adres (meer dan 64 tekens).');
  if (text.includes('/') || /\s-\s|^[^:]*\d-\d/.test(text) || text.includes('*')) {
    return refuse('range', `"${text}" is een reeks adressen. Vul losse adressen in, één per regel.`);
  }
  if (text.includes('%')) return refuse('zone', `"${text}" bevat een zone (%…); die hoort bij een intern adres. ${WHERE_TO_FIND}`);
  if (!text.includes(':')) {
    const v4 = parseIpv4(text);
    if (v4 === 'leading-zero') return refuse('leading-zero', `"${text}" heeft een getal met een voorloopnul; schrijf het zonder, bijvoorbeeld 145.12.4.56.`);
    if (v4 === null) return refuse('malformed', `"${text}" is geen geldig IP-adres. Een IPv4-adres is vier getallen van 0 tot 255 met punten, bijvoorbeeld 145.12.34.56.`);
    const address = v4.octets.join('.');
    return classifyIpv4(address, v4.octets) ?? { ok: true, address, family: 4 };
  }
  const groups = parseIpv6(text);
  if (groups === null) return refuse('malformed', `"${text}" is geen geldig IPv6-adres. Een IPv6-adres is tot acht groepen van hoogstens vier hexadecimale tekens met dubbele punten, bijvoorbeeld 2a02:a46:1::10.`);
  // IPv4-mapped (::ffff:a.b.c.d): that is the IPv4 address; store it as such so duplicates are found.
  if (groups.slice(0, 5).every((x) => x === 0) && groups[5] === 0xffff) {
    const o = [(groups[6] as number) >> 8, (groups[6] as number) & 255, (groups[7] as number) >> 8, (groups[7] as number) & 255];
    const address = o.join('.');
    return classifyIpv4(address, o) ?? { ok: true, address, family: 4 };
  }
  const address = formatIpv6(groups);
  return classifyIpv6(address, groups) ?? { ok: true, address, family: 6 };
}

/** One row of the allowlist as the form holds it. `until`: YYYY-MM-DD or null (no end date). */
export interface AllowlistEntryInput {
  readonly address: string;
  readonly label: string | null;
  readonly until: string | null;
}

export interface AllowlistProblem {
  /** Index of the row in the list as given. */
  readonly index: number;
  readonly field: 'address' | 'label' | 'until';
  readonly problem: AddressProblem | 'duplicate' | 'label-too-long' | 'invisible' | 'bad-date' | 'past-date' | 'too-many';
  readonly message: string;
}

export const ALLOWLIST_MAX_ENTRIES = 500;
export const ALLOWLIST_LABEL_MAX = 128;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The local calendar date of `now`, YYYY-MM-DD (what "today" means to the admin at the school). */
export function localIsoDate(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** An entry with an end date is flagged for removal from the day after that date. */
export function isExpired(until: string | null, today: string): boolean {
  return until !== null && until < today;
}

/**
 * Validates and normalises a whole list (the unit that is saved and synced). Every problem is reported with its
 * row, so the form can show each beside its field; duplicates are found after normalisation and name the first row.
 */
export interface AllowlistCheckOptions {
  /** Today (YYYY-MM-DD, local): an end date before it is refused — unless `kept` already holds that row as it is. */
  readonly today?: string;
  /** The rows as saved before: an entry that expired since is flagged ("verlopen"), not refused, when saved unchanged. */
  readonly kept?: ReadonlyArray<{ readonly address: string; readonly until: string | null }>;
}

export function validateAllowlist(
  entries: readonly AllowlistEntryInput[],
  options: AllowlistCheckOptions = {},
): { ok: true; entries: AllowlistEntryInput[] } | { ok: false; problems: AllowlistProblem[] } {
  const problems: AllowlistProblem[] = [];
  if (entries.length > ALLOWLIST_MAX_ENTRIES) {
    problems.push({ index: ALLOWLIST_MAX_ENTRIES, field: 'address', problem: 'too-many', message: `De lijst mag hoogstens ${ALLOWLIST_MAX_ENTRIES} adressen bevatten.` });
  }
  const seen = new Map<string, number>();
  const out: AllowlistEntryInput[] = [];
  entries.forEach((entry, index) => {
    const parsed = parsePublicAddress(entry.address);
    let address = entry.address.trim();
    if (!parsed.ok) {
      problems.push({ index, field: 'address', problem: parsed.problem, message: parsed.message });
    } else {
      address = parsed.address;
      const first = seen.get(address);
      if (first !== undefined) {
        problems.push({ index, field: 'address', problem: 'duplicate', message: `${address} staat al in de lijst (regel ${first + 1}).` });
      } else {
        seen.set(address, index);
      }
    }
    const label = entry.label === null || normalizeText(entry.label) === '' ? null : normalizeText(entry.label);
    if (label !== null && findInvisible(label) !== null) {
      problems.push({ index, field: 'label', problem: 'invisible', message: 'De omschrijving bevat een onzichtbaar teken; typ het opnieuw.' });
    } else if (label !== null && label.length > ALLOWLIST_LABEL_MAX) {
      problems.push({ index, field: 'label', problem: 'label-too-long', message: `De omschrijving is te lang (meer dan ${ALLOWLIST_LABEL_MAX} tekens).` });
    }
    const until = entry.until?.trim() ? entry.until.trim() : null;
    if (until !== null && !isIsoDate(until)) {
      problems.push({ index, field: 'until', problem: 'bad-date', message: `"${until}" is geen geldige datum; gebruik jjjj-mm-dd, bijvoorbeeld 2026-07-31.` });
    } else if (until !== null && options.today !== undefined && until < options.today && !keptAsIs(options.kept, address, until)) {
      problems.push({ index, field: 'until', problem: 'past-date', message: 'Deze einddatum is al voorbij. Kies vandaag of een latere datum, of laat het veld leeg.' });
    }
    out.push({ address, label, until });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, entries: out };
}

function keptAsIs(kept: AllowlistCheckOptions['kept'], address: string, until: string): boolean {
  return (kept ?? []).some((k) => k.address === address && k.until === until);
}
