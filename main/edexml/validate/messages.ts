import type { Finding } from '../../../shared/edexml/findings';
import type { IdentityConstraint } from '../schema/types';
import type { SimpleProblem } from './simple-types';
import { dutchNumber } from '../../../shared/domain/names';

/**
 * Dutch findings. Each says where (line), what is wrong, and what to do. Values are only repeated for fields
 * that are not personal data (codes, keys, years); a name, birth date or BSN never ends up in a message or a log.
 */

const REEXPORT = 'Exporteer het bestand opnieuw uit je leerlingadministratie (LAS) en probeer het nog eens.';

const SAFE_TO_ECHO = new Set([
  'schooljaar', 'brincode', 'dependancecode', 'schoolkey', 'instellingsnummer', 'xsdversie', 'jaargroep', 'geslacht',
  'rol', 'key', 'eckid', 'peildatum', 'aanmaakdatum', 'mutatiedatum', 'land', 'code',
]);

/** Readable names for the elements a coordinator knows. */
const NOUN: Record<string, string> = {
  leerling: 'leerling',
  leerkracht: 'leerkracht',
  groep: 'klas (groep)',
  samengestelde_groep: 'clustergroep (samengestelde groep)',
  vestiging: 'vestiging',
};

const KEY_NOUN: Record<string, string> = {
  groepKeyUnique: 'klas- of clustergroep-key',
  groepsKey: 'klas-key',
  samengesteldegroepsKey: 'clustergroep-key',
  leerlingKey: 'leerling-key',
  leerlingEckidUnique: 'eckid van een leerling',
  leerkrachtKey: 'leerkracht-key',
  leerkrachtEckidUnique: 'eckid van een leerkracht',
  vestigingsKey: 'vestiging-key',
};

const REF_TARGET: Record<string, string> = {
  groepsKey: "een klas die niet in <groepen> staat",
  samengesteldegroepsKey: "een clustergroep die niet in <groepen> staat",
  vestigingsKey: "een vestiging die niet in <vestigingen> staat",
};

function at(line: number): string {
  return `Regel ${line}`;
}

function finding(severity: Finding['severity'], code: string, line: number, column: number, message: string): Finding {
  return { severity, code, line, column, message };
}

function show(value: string): string {
  const v = value.trim();
  return v.length > 40 ? `'${v.slice(0, 40)}…'` : `'${v}'`;
}

function list(names: readonly string[]): string {
  const tags = names.map((n) => `<${n}>`);
  if (tags.length <= 1) return tags.join('');
  return `${tags.slice(0, -1).join(', ')} of ${tags.at(-1)}`;
}

export function noRoot(name: string, line: number, column: number): Finding {
  return finding('error', 'xsd.root', line, column,
    `${at(line)}: het bestand begint met <${name}> in plaats van <EDEX>. Dit is geen EDEXML-bestand; kies het EDEXML-exportbestand uit je leerlingadministratie.`);
}

export function unexpectedElement(name: string, parent: string, expected: readonly string[], line: number, column: number): Finding {
  const hint = expected.length > 0 ? ` Op deze plek verwacht EDEXML ${list(expected)}.` : ` In <${parent}> mag hier niets meer volgen.`;
  return finding('error', 'xsd.unexpected-element', line, column,
    `${at(line)}: <${name}> hoort hier niet in <${parent}>.${hint} ${REEXPORT}`);
}

export function missingChild(parent: string, expected: readonly string[], line: number, column: number): Finding {
  return finding('error', 'xsd.missing-element', line, column,
    `${at(line)}: in <${parent}> ontbreekt ${list(expected)}. ${REEXPORT}`);
}

export function elementInSimple(name: string, line: number, column: number): Finding {
  return finding('error', 'xsd.element-in-value', line, column,
    `${at(line)}: <${name}> mag alleen een waarde bevatten, geen andere elementen. ${REEXPORT}`);
}

export function textInElementOnly(name: string, line: number, column: number): Finding {
  return finding('error', 'xsd.text-not-allowed', line, column,
    `${at(line)}: <${name}> bevat losse tekst tussen de elementen. ${REEXPORT}`);
}

export function textInEmpty(name: string, line: number, column: number): Finding {
  return finding('error', 'xsd.text-not-allowed', line, column,
    `${at(line)}: <${name}> moet leeg zijn (alleen attributen), maar bevat tekst of spaties. ${REEXPORT}`);
}

export function abstractType(name: string, line: number, column: number): Finding {
  return finding('error', 'xsd.abstract-type', line, column,
    `${at(line)}: <${name}> heeft geen (geldig) xsi:type. Een toevoegingsblok moet zeggen welk soort blok het is, bijvoorbeeld xsi:type="OpmerkingGegevensType". ${REEXPORT}`);
}

export function unknownXsiType(name: string, type: string, line: number, column: number): Finding {
  return finding('error', 'xsd.unknown-type', line, column,
    `${at(line)}: <${name}> noemt het type ${show(type)}, dat EDEXML hier niet kent. ${REEXPORT}`);
}

export function attributeNotAllowed(name: string, attribute: string, line: number, column: number): Finding {
  return finding('error', 'xsd.unknown-attribute', line, column,
    `${at(line)}: <${name}> heeft een attribuut ${attribute} dat EDEXML niet kent. ${REEXPORT}`);
}

export function missingAttribute(name: string, attribute: string, line: number, column: number): Finding {
  const who = NOUN[name] ?? `<${name}>`;
  return finding('error', 'xsd.missing-attribute', line, column,
    `${at(line)}: ${who} zonder ${attribute}-attribuut. Elke ${who} heeft een ${attribute} nodig. ${REEXPORT}`);
}

export function keyFieldMissing(name: string, attribute: string, line: number, column: number): Finding {
  return finding('error', 'xsd.missing-key', line, column,
    `${at(line)}: <${name}> heeft geen ${attribute}, dus kan er niet naar verwezen worden. ${REEXPORT}`);
}

function describeProblem(name: string, value: string, problem: SimpleProblem): string {
  const shown = SAFE_TO_ECHO.has(name) ? ` ${show(value)}` : '';
  switch (problem.kind) {
    case 'lexical':
      switch (problem.builtin) {
        case 'date':
          return `de datum${shown} is geen geldige datum in de vorm JJJJ-MM-DD`;
        case 'dateTime':
          return `het tijdstip${shown} is geen geldig tijdstip in de vorm JJJJ-MM-DDTuu:mm:ss`;
        case 'integer':
          return `de waarde${shown} is geen geheel getal`;
        case 'boolean':
          return `de waarde${shown} is geen ja/nee-waarde (true, false, 1 of 0)`;
        case 'string':
          return `de waarde${shown} is ongeldig`;
      }
      break;
    case 'enumeration': {
      const allowed = problem.allowed.length <= 12 ? ` Toegestaan: ${problem.allowed.join(', ')}.` : '';
      return `de waarde${shown} is geen toegestane waarde.${allowed}`.replace(/\.$/, '');
    }
    case 'pattern':
      return `de waarde${shown} heeft niet de vorm die EDEXML voorschrijft${patternHint(name)}`;
    case 'length':
      if (problem.max !== undefined && problem.actual > problem.max) {
        return `de waarde is ${problem.actual} tekens lang; het maximum is ${problem.max}`;
      }
      return problem.actual === 0 ? 'de waarde is leeg' : `de waarde is ${problem.actual} tekens lang; het minimum is ${problem.min}`;
    case 'totalDigits':
      return `de waarde${shown} heeft te veel cijfers (maximaal ${problem.max})`;
  }
  return 'de waarde is ongeldig';
}

function patternHint(name: string): string {
  switch (name) {
    case 'brincode':
      return ' (2 cijfers en 2 hoofdletters, bijvoorbeeld 99ZX)';
    case 'dependancecode':
      return ' (2 cijfers, bijvoorbeeld 00 of 10)';
    case 'schooljaar':
      return ' (JJJJ-JJJJ, bijvoorbeeld 2025-2026)';
    case 'postcodenl':
      return ' (4 cijfers en 2 hoofdletters, zonder spatie)';
    default:
      return '';
  }
}

/** A simple-content element with a wrong value. Required fields block; optional ones are dropped with a warning. */
export function invalidValue(name: string, value: string, problem: SimpleProblem, optional: boolean, line: number, column: number): Finding {
  const what = describeProblem(name, value, problem);
  return optional
    ? finding('warning', 'xsd.invalid-optional-value', line, column,
        `${at(line)}: <${name}>: ${what}. Deze waarde wordt niet overgenomen; de rest van de gegevens wel. Corrigeer het in je leerlingadministratie.`)
    : finding('error', 'xsd.invalid-value', line, column, `${at(line)}: <${name}>: ${what}. ${REEXPORT}`);
}

export function invalidAttribute(name: string, attribute: string, value: string, problem: SimpleProblem, line: number, column: number): Finding {
  return finding('error', 'xsd.invalid-attribute', line, column,
    `${at(line)}: attribuut ${attribute} van <${name}>: ${describeProblem(attribute, value, problem)}. ${REEXPORT}`);
}

export function duplicateKey(c: IdentityConstraint, name: string, value: string, earlierLine: number, line: number, column: number): Finding {
  const what = KEY_NOUN[c.name] ?? `${c.field} van <${name}>`;
  return finding('error', 'xsd.duplicate-key', line, column,
    `${at(line)}: de ${what} ${show(value)} komt twee keer voor (eerder op regel ${earlierLine}). Elke ${NOUN[name] ?? name} moet een eigen ${c.field} hebben. ${REEXPORT}`);
}

export function unresolvedReference(c: IdentityConstraint, name: string, value: string, line: number, column: number): Finding {
  const owner = c.selector[0] === 'leerkrachten' ? 'een leerkracht' : 'een leerling';
  const target = (c.refer && REF_TARGET[c.refer]) ?? 'iets dat niet in het bestand staat';
  return finding('error', 'xsd.unresolved-reference', line, column,
    `${at(line)}: ${owner} verwijst via <${name}> naar ${show(value)}: ${target}. ${REEXPORT}`);
}

/**
 * An extension block (`<toevoegingen>`) the console skipped: of an unknown type, with content its schema rejects, or
 * where EDEXML does not expect one. Never an error: the console keeps nothing of these blocks (AVG).
 * `count`: how many blocks in the file this same message covers.
 */
export function extensionSkipped(label: string, misplacedIn: string | null, count: number, line: number, column: number): Finding {
  const where = misplacedIn === null ? `(blok ${label})` : `(${label} in <${misplacedIn}>, op een plek waar EDEXML ze niet verwacht)`;
  const more = count > 1 ? ` Dit geldt voor ${dutchNumber(count)} blokken in het bestand.` : '';
  return finding('warning', 'xsd.extension-skipped', line, column,
    `${at(line)}: extra gegevens van je leerlingadministratie ${where} zijn overgeslagen; de console gebruikt ze niet.${more}`);
}
