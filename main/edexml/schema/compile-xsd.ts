import { XMLParser } from 'fast-xml-parser';
import fs from 'node:fs';
import path from 'node:path';
import type { AttributeDecl, BuiltinType, CompiledSchema, ComplexType, Facets, IdentityConstraint, Particle, SimpleType } from './types';
import { UNBOUNDED } from './types';

/**
 * A compiler for the subset of XML Schema that the EDEXML schema set uses: includes, named and anonymous simple
 * types (restriction with enumeration, pattern, length facets, totalDigits), complex types with sequence/choice/
 * element particles, attributes, complexContent extension, abstract types, and key/unique/keyref on the root.
 * Anything else makes it throw, so a new schema version cannot be compiled silently wrong.
 * Runs at development time (`npm run generate:edexml-schema`) and in the drift test; never in the app.
 */

type Node = Record<string, unknown>;
interface El {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly El[];
}

const BUILTINS: Record<string, BuiltinType> = {
  'xs:string': 'string',
  'xs:integer': 'integer',
  'xs:date': 'date',
  'xs:dateTime': 'dateTime',
  'xs:boolean': 'boolean',
};

const IGNORED = new Set(['xs:annotation', 'xs:documentation', '#comment']);

function toEl(node: Node): El | null {
  const tag = Object.keys(node).find((k) => k !== ':@');
  if (!tag || tag === '#text' || IGNORED.has(tag)) return null;
  const attrs = (node[':@'] ?? {}) as Record<string, string>;
  const raw = (node[tag] ?? []) as Node[];
  return { tag, attrs, children: raw.map(toEl).filter((c): c is El => c !== null) };
}

function readSchemaFile(file: string): El {
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    commentPropName: '#comment',
  });
  const doc = parser.parse(fs.readFileSync(file, 'utf8')) as Node[];
  const schema = doc.map(toEl).find((e) => e?.tag === 'xs:schema');
  if (!schema) throw new Error(`${file}: no xs:schema`);
  return schema;
}

/** All top-level definitions of the entry file and its includes. */
function collect(entry: string): El[] {
  const seen = new Set<string>();
  const out: El[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const child of readSchemaFile(file).children) {
      if (child.tag === 'xs:include') visit(path.join(path.dirname(file), child.attrs['schemaLocation'] ?? ''));
      else out.push(child);
    }
  };
  visit(entry);
  return out;
}

/** XSD regex → JavaScript: implicit anchors; `\d` is any Unicode decimal digit in XSD. */
export function translatePattern(xsd: string): string {
  if (/\\[iIcC]|\[[^\]]*-\[/.test(xsd)) throw new Error(`Unsupported XSD regex feature in ${xsd}`);
  return `^(?:${xsd.replace(/\\d/g, '\\p{Nd}').replace(/\\D/g, '\\P{Nd}')})$`;
}

function occurs(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (value === 'unbounded') return UNBOUNDED;
  return Number(value);
}

export function compileXsd(entry: string, version: string): CompiledSchema {
  const defs = collect(entry);
  const named = new Map<string, El>();
  for (const d of defs) {
    if (d.tag === 'xs:simpleType' || d.tag === 'xs:complexType') named.set(d.attrs['name'] ?? '', d);
  }
  const types: Record<string, SimpleType | ComplexType> = {};

  const simpleFrom = (el: El, name: string): SimpleType => {
    const restriction = el.children.find((c) => c.tag === 'xs:restriction');
    if (!restriction || el.children.length !== 1) throw new Error(`${name}: only xs:restriction is supported`);
    const facets: { -readonly [K in keyof Facets]: Facets[K] } = {};
    const enumeration: string[] = [];
    const patterns: string[] = [];
    for (const f of restriction.children) {
      const value = f.attrs['value'] ?? '';
      switch (f.tag) {
        case 'xs:enumeration':
          enumeration.push(value);
          break;
        case 'xs:pattern':
          patterns.push(translatePattern(value));
          break;
        case 'xs:length':
        case 'xs:minLength':
        case 'xs:maxLength':
        case 'xs:totalDigits':
          facets[f.tag.slice(3) as 'length' | 'minLength' | 'maxLength' | 'totalDigits'] = Number(value);
          break;
        default:
          throw new Error(`${name}: unsupported facet ${f.tag}`);
      }
    }
    if (enumeration.length > 0) facets.enumeration = enumeration;
    if (patterns.length > 0) facets.patterns = patterns;
    const baseName = restriction.attrs['base'] ?? '';
    const builtin = BUILTINS[baseName];
    if (builtin) return { kind: 'simple', name, builtin, steps: [facets] };
    const base = resolve(baseName);
    if (base.kind !== 'simple') throw new Error(`${name}: simple type restricts complex ${baseName}`);
    return { kind: 'simple', name, builtin: base.builtin, steps: [facets, ...base.steps] };
  };

  const particleFrom = (el: El, owner: string): Particle => {
    const min = occurs(el.attrs['minOccurs'], 1);
    const max = occurs(el.attrs['maxOccurs'], 1);
    switch (el.tag) {
      case 'xs:element': {
        const name = el.attrs['name'];
        if (!name) throw new Error(`${owner}: element without name (refs are unsupported)`);
        return { kind: 'element', name, type: elementType(el, `${owner}/${name}`), min, max };
      }
      case 'xs:sequence':
      case 'xs:choice':
        return { kind: el.tag === 'xs:sequence' ? 'sequence' : 'choice', items: el.children.map((c) => particleFrom(c, owner)), min, max };
      default:
        throw new Error(`${owner}: unsupported particle ${el.tag}`);
    }
  };

  const attributesFrom = (els: readonly El[], owner: string): AttributeDecl[] =>
    els
      .filter((c) => c.tag === 'xs:attribute')
      .map((a) => {
        const type = a.attrs['type'] ?? '';
        const name = a.attrs['name'] ?? '';
        if (BUILTINS[type]) ensureBuiltin(type);
        else resolve(type);
        return { name, type: BUILTINS[type] ? type : type, required: a.attrs['use'] === 'required' };
      })
      .map((a) => {
        if (!a.name) throw new Error(`${owner}: attribute without name`);
        return a;
      });

  const complexFrom = (el: El, name: string): ComplexType => {
    const abstract = el.attrs['abstract'] === 'true';
    const complexContent = el.children.find((c) => c.tag === 'xs:complexContent');
    if (complexContent) {
      const ext = complexContent.children[0];
      if (!ext || ext.tag !== 'xs:extension' || complexContent.children.length !== 1) {
        throw new Error(`${name}: only complexContent/extension is supported`);
      }
      const baseName = ext.attrs['base'] ?? '';
      const base = resolve(baseName);
      if (base.kind !== 'complex') throw new Error(`${name}: extends simple ${baseName}`);
      const own = ext.children.filter((c) => c.tag !== 'xs:attribute').map((c) => particleFrom(c, name));
      const parts = [...(base.content ? [base.content] : []), ...own];
      const content: Particle | null =
        parts.length === 0 ? null : parts.length === 1 ? parts[0]! : { kind: 'sequence', items: parts, min: 1, max: 1 };
      return {
        kind: 'complex',
        name,
        abstract,
        base: baseName,
        attributes: [...base.attributes, ...attributesFrom(ext.children, name)],
        content,
      };
    }
    const groups = el.children.filter((c) => c.tag !== 'xs:attribute');
    if (groups.length > 1) throw new Error(`${name}: more than one content group`);
    return {
      kind: 'complex',
      name,
      abstract,
      base: null,
      attributes: attributesFrom(el.children, name),
      content: groups[0] ? particleFrom(groups[0], name) : null,
    };
  };

  const ensureBuiltin = (qname: string): string => {
    const builtin = BUILTINS[qname];
    if (!builtin) throw new Error(`Unsupported builtin ${qname}`);
    types[qname] ??= { kind: 'simple', name: qname, builtin, steps: [] };
    return qname;
  };

  /** Resolves (and compiles once) a named type. */
  function resolve(qname: string): SimpleType | ComplexType {
    if (BUILTINS[qname]) return types[ensureBuiltin(qname)]!;
    const existing = types[qname];
    if (existing) return existing;
    const el = named.get(qname);
    if (!el) throw new Error(`Unknown type ${qname}`);
    const compiled = el.tag === 'xs:simpleType' ? simpleFrom(el, qname) : complexFrom(el, qname);
    types[qname] = compiled;
    return compiled;
  }

  /** The type id of an element declaration: its named type, or its anonymous type stored under `#path`. */
  function elementType(el: El, pathName: string): string {
    const typeName = el.attrs['type'];
    if (typeName) {
      resolve(typeName);
      return typeName;
    }
    const anonymous = el.children.find((c) => c.tag === 'xs:simpleType' || c.tag === 'xs:complexType');
    const id = `#${pathName}`;
    if (!anonymous) {
      throw new Error(`${pathName}: element without type (anyType is unsupported)`);
    }
    types[id] = anonymous.tag === 'xs:simpleType' ? simpleFrom(anonymous, id) : complexFrom(anonymous, id);
    return id;
  }

  // Every named type, so xsi:type can name any of them.
  for (const name of named.keys()) resolve(name);

  const rootEl = defs.find((d) => d.tag === 'xs:element');
  if (!rootEl || defs.filter((d) => d.tag === 'xs:element').length !== 1) throw new Error('Expected exactly one global element');
  const rootName = rootEl.attrs['name'] ?? '';
  const rootType = elementType(rootEl, rootName);

  const identity: IdentityConstraint[] = rootEl.children
    .filter((c) => c.tag === 'xs:key' || c.tag === 'xs:unique' || c.tag === 'xs:keyref')
    .map((c) => {
      // `./groepen/groep` (EDEXML 1.03) is the same path as `groepen/groep`.
      const selector = (c.children.find((x) => x.tag === 'xs:selector')?.attrs['xpath'] ?? '').replace(/^\.\//, '');
      const fields = c.children.filter((x) => x.tag === 'xs:field');
      const field = fields[0]?.attrs['xpath'] ?? '';
      if (fields.length !== 1 || !/^@[\w-]+$/.test(field) || !/^[\w-]+(\/([\w-]+|\*))*$/.test(selector)) {
        throw new Error(`Unsupported identity constraint ${c.attrs['name']}`);
      }
      return {
        kind: c.tag.slice(3) as 'key' | 'unique' | 'keyref',
        name: c.attrs['name'] ?? '',
        selector: selector.split('/'),
        field: field.slice(1),
        refer: c.attrs['refer'] ?? null,
      };
    });

  const sorted = Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b)));
  return { version, root: { name: rootName, type: rootType }, types: sorted, identity };
}

/**
 * An extension schema set (an `xs:include` of the base set plus its own types): only the types the base does not
 * have, so they can be added to each EDEXML version's own types.
 */
export function compileExtension(entry: string, base: string, version: string): CompiledSchema {
  const all = compileXsd(entry, version);
  const baseTypes = compileXsd(base, version).types;
  const own = Object.fromEntries(Object.entries(all.types).filter(([name]) => !(name in baseTypes)));
  return { ...all, types: own, identity: [] };
}

/** Compiles one entry of SCHEMA_SOURCES (paths relative to `root`). */
export function compileSource(root: string, source: { readonly xsd: string; readonly version: string; readonly extends?: string }): CompiledSchema {
  return source.extends
    ? compileExtension(path.join(root, source.xsd), path.join(root, source.extends), source.version)
    : compileXsd(path.join(root, source.xsd), source.version);
}

/** The TypeScript module committed under main/edexml/schema/. */
export function renderSchemaModule(schema: CompiledSchema, exportName: string, source: string): string {
  return (
    `// Generated by \`npm run generate:edexml-schema\` from ${source}. Do not edit; tests/main/edexml/edexml-schema.test.ts checks it.\n` +
    `import type { CompiledSchema } from './types';\n\n` +
    `export const ${exportName}: CompiledSchema = ${JSON.stringify(schema, null, 1)};\n`
  );
}
