import { Buffer } from 'node:buffer';
import { ChunkWindow, Unsupported, XML_DECL, checkedText, decodeEntities } from '../read/fast-scanner';
import type { Attr } from '../read/types';
import { NO_ATTRS } from '../read/types';
import type { CompiledSchema, ComplexType, SimpleType } from '../schema/types';
import { compileContentModel } from './content-model';
import type { DfaState, MatchedDecl } from './content-model';
import { HashedKeys, keyHash } from './hashed-keys';
import type { KeyHash } from './hashed-keys';
import { checkerFor } from './simple-types';
import { blockLabel } from './validator';
import type { Checker } from './simple-types';

/**
 * The one pass for files that are fine: XML scanning and XSD validation fused, on the bytes of each chunk, without
 * building what only a finding needs. Element names are matched against the few names the content model allows
 * next (interned once per schema), attributes against the type's declared ones, simple values checked as they
 * stand between their tags; no line or column is counted (only a finding has one).
 *
 * It *proves* a file valid or gives up: at the first thing that is not plainly valid EDEXML (any XSD problem, any
 * XML it does not handle) it throws `Unsupported`, and the caller reads the file again with the scanner and the
 * validator, which word every finding with its line. So a finding's wording never depends on this code, and the
 * differential tests hold it to giving exactly the same analysis as the general path on every file it accepts.
 */

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** What an element's type means for the pass, worked out once per type. */
interface TypeInfo {
  readonly type: SimpleType | ComplexType;
  /** 0: element-only content; 1: simple value; 2: empty (attributes only). */
  readonly kind: 0 | 1 | 2;
  readonly check: Checker | null;
  readonly model: DfaState | null;
  readonly attributes: ReadonlyMap<string, { readonly check: Checker; readonly required: boolean }>;
  readonly required: number;
  readonly abstract: boolean;
}

/** A DFA state with its moves as a list: a file's next element is found by comparing a few names in place. */
interface State {
  readonly accepting: boolean;
  moves: Move[] | null;
  readonly dfa: DfaState;
}

interface Move {
  readonly name: string;
  readonly length: number;
  readonly decl: MatchedDecl;
  /** The state after this element (filled on first use). */
  next: State | null;
}

interface SelectorEntry {
  readonly kind: 'key' | 'unique' | 'keyref';
  readonly field: string;
  /** A key or unique constraint some keyref refers to: its values themselves (the references are looked up in them). */
  readonly exact: Set<string> | null;
  /** One nobody refers to: only their hashes (hashed-keys.ts). */
  readonly hashed: HashedKeys | null;
  readonly refers: Set<string> | null;
  readonly refer: string | null;
}

interface SelectorNode {
  readonly constraints: SelectorEntry[];
  readonly children: Map<string, SelectorNode>;
}

/** Per schema, shared by every pass (warm imports in the app reuse the compiled models). */
interface Compiled {
  readonly types: Map<string, TypeInfo>;
  readonly states: WeakMap<DfaState, State>;
  readonly declTypes: WeakMap<MatchedDecl, TypeInfo>;
}
const compiledSchemas = new WeakMap<CompiledSchema, Compiled>();

/** A kind of extension block skipped (a warning, as the validator words it once its line is known). */
export interface SkippedBlock {
  readonly label: string;
  readonly misplacedIn: string | null;
  /** Absolute byte offset (BOM included) of the first such block's start tag's `>`. */
  readonly offset: number;
  count: number;
}

/** Frame kinds: element-only content, simple value, empty, and a skipped subtree (only well-formedness is checked). */
const SKIPPED = 3;

/** Receives the element events the model builder needs (valid elements only; values of simple elements). */
export interface OnePassSink {
  open(name: string, attrs: readonly Attr[]): void;
  close(value: string | null): void;
}

/**
 * Buffer's own slice decoders (what `toString(encoding, start, end)` calls after looking the encoding up); not in
 * Node's typings, so they are looked up once, with `toString` as the fallback.
 */
interface SliceDecoders {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}
const proto = Buffer.prototype as unknown as Partial<SliceDecoders>;
const latin1 =
  typeof proto.latin1Slice === 'function' ? (b: Buffer, from: number, to: number) => (b as unknown as SliceDecoders).latin1Slice(from, to) : (b: Buffer, from: number, to: number) => b.toString('latin1', from, to);
const utf8 =
  typeof proto.utf8Slice === 'function' ? (b: Buffer, from: number, to: number) => (b as unknown as SliceDecoders).utf8Slice(from, to) : (b: Buffer, from: number, to: number) => b.toString('utf8', from, to);

/** Whether s holds `name` at `at` (a plain loop: far cheaper than startsWith for names of a few letters). */
function holds(s: string, at: number, name: string, length: number): boolean {
  for (let j = 0; j < length; j++) if (s.charCodeAt(at + j) !== name.charCodeAt(j)) return false;
  return true;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d || c === 0x2e;
}

const NO_BYTES = new Uint8Array(0);

export class OnePass {
  private window: Buffer = Buffer.alloc(0);
  private readonly chunks = new ChunkWindow();
  private checked = 0;
  private started = false;
  private sawRoot = false;
  private rootClosed = false;
  private depth = 0;
  private readonly names: string[] = [];
  private readonly kinds: number[] = [];
  private readonly states: Array<State | null> = [];
  private readonly checks: Array<Checker | null> = [];
  private readonly selectors: Array<SelectorNode | null> = [];
  /** Per open element: whether it is an extension-block unit (an in-place `<toevoegingen>`, or a `<blok>` in one). */
  private readonly units: boolean[] = [];
  /** Open units, as the validator counts them: a problem inside one is a skipped block, never an error. */
  private inBlock = 0;
  /** Absolute offset of window[0]. */
  private base = 0;
  /** Skipped blocks by kind (as the validator keys them), with the offset of the first one's `>` and a count. */
  private readonly skipped = new Map<string, SkippedBlock>();
  /** The text of the open simple element (one segment: anything else in it makes the pass give up). */
  private value = '';
  private readonly compiled: Compiled;
  private readonly trie: SelectorNode = { constraints: [], children: new Map() };
  /** The values of the key and unique constraints a keyref refers to, by constraint name. */
  private readonly keys = new Map<string, Set<string>>();
  private readonly refs: Array<{ refer: string; value: string }> = [];
  private readonly rootInfo: TypeInfo;

  /** `hash`: how values nobody refers to are hashed (tests give one that collides). */
  constructor(
    private readonly schema: CompiledSchema,
    private readonly sink: OnePassSink,
    hash: KeyHash = keyHash,
  ) {
    let compiled = compiledSchemas.get(schema);
    if (!compiled) {
      compiled = { types: new Map(), states: new WeakMap(), declTypes: new WeakMap() };
      compiledSchemas.set(schema, compiled);
    }
    this.compiled = compiled;
    const nodes: Array<[SelectorNode, CompiledSchema['identity'][number]]> = [];
    const referred = new Set(schema.identity.flatMap((c) => (c.kind === 'keyref' && c.refer ? [c.refer] : [])));
    for (const c of schema.identity) {
      let node = this.trie;
      for (const step of c.selector) {
        let child = node.children.get(step);
        if (!child) {
          child = { constraints: [], children: new Map() };
          node.children.set(step, child);
        }
        node = child;
      }
      if (c.kind !== 'keyref' && referred.has(c.name)) this.keys.set(c.name, new Set());
      nodes.push([node, c]);
    }
    for (const [node, c] of nodes) {
      node.constraints.push({
        kind: c.kind,
        field: c.field,
        exact: c.kind === 'keyref' ? null : (this.keys.get(c.name) ?? null),
        hashed: c.kind === 'keyref' || referred.has(c.name) ? null : new HashedKeys(hash),
        refers: c.kind === 'keyref' && c.refer ? (this.keys.get(c.refer) ?? null) : null,
        refer: c.refer,
      });
      if (c.kind === 'keyref' && !c.refer) throw new Unsupported('keyref without refer');
    }
    this.rootInfo = this.typeInfo(schema.root.type);
  }

  private typeInfo(id: string): TypeInfo {
    let info = this.compiled.types.get(id);
    if (info) return info;
    const type = this.schema.types[id];
    if (!type) throw new Error(`Schema has no type ${id}`);
    if (type.kind === 'simple') {
      info = { type, kind: 1, check: checkerFor(type), model: null, attributes: new Map(), required: 0, abstract: false };
    } else {
      const attributes = new Map<string, { check: Checker; required: boolean }>();
      let required = 0;
      for (const a of type.attributes) {
        const t = this.schema.types[a.type];
        if (!t || t.kind !== 'simple') throw new Error(`Schema has no simple type ${a.type}`);
        attributes.set(a.name, { check: checkerFor(t), required: a.required });
        if (a.required) required++;
      }
      info = {
        type,
        kind: type.content === null ? 2 : 0,
        check: null,
        model: type.content === null ? null : compileContentModel(type.content),
        attributes,
        required,
        abstract: type.abstract,
      };
    }
    this.compiled.types.set(id, info);
    return info;
  }

  private state(dfa: DfaState): State {
    let state = this.compiled.states.get(dfa);
    if (!state) {
      state = { accepting: dfa.accepting, moves: null, dfa };
      this.compiled.states.set(dfa, state);
    }
    return state;
  }

  private movesOf(state: State): Move[] {
    if (state.moves) return state.moves;
    const moves: Move[] = [];
    for (const name of state.dfa.expected) {
      const move = state.dfa.next(name);
      if (move) moves.push({ name, length: name.length, decl: move.decl, next: null });
    }
    state.moves = moves;
    return moves;
  }

  private declInfo(decl: MatchedDecl): TypeInfo {
    let info = this.compiled.declTypes.get(decl);
    if (!info) {
      info = this.typeInfo(decl.type);
      this.compiled.declTypes.set(decl, info);
    }
    return info;
  }

  write(bytes: Uint8Array): void {
    const fresh = this.window.length === 0;
    // Nothing left over: scan the caller's bytes where they are.
    this.window = fresh ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : this.chunks.join(this.window, bytes);
    this.scan(false);
    // The caller reuses its read buffer: keep a copy of what is left over.
    if (fresh && this.window.length > 0) this.window = this.chunks.join(this.window, NO_BYTES);
  }

  /** End of input; then `finish()` checks the key references. */
  end(): void {
    this.scan(true);
    if (this.depth > 0 || !this.sawRoot || !this.rootClosed || this.window.length > 0) throw new Unsupported('incomplete document');
    for (const ref of this.refs) if (!this.keys.get(ref.refer)?.has(ref.value)) throw new Unsupported('unresolved reference');
  }

  private scan(final: boolean): void {
    const w = this.window;
    const { s, end } = checkedText(w, this.checked, final);
    this.checked = Math.max(this.checked, end);
    let pos = 0;
    if (!this.started) {
      if (end < 6 && !final) return;
      this.started = true;
      if (s.startsWith('\xEF\xBB\xBF')) pos = 3;
      if (s.startsWith('<?xml', pos)) {
        const close = s.indexOf('?>', pos);
        if (close === -1 || !XML_DECL.test(s.slice(pos + 5, close))) throw new Unsupported('xml declaration');
        const encoding = /encoding\s*=\s*["']([^"']*)["']/.exec(s.slice(pos + 5, close))?.[1]?.toLowerCase();
        if (encoding !== undefined && encoding !== 'utf-8' && encoding !== 'utf8') throw new Unsupported('not UTF-8');
        pos = close + 2;
      } else if (s.charCodeAt(pos) !== 0x3c) throw new Unsupported('not XML');
    }
    for (;;) {
      const lt = s.indexOf('<', pos);
      if (lt === -1) break;
      const c = s.charCodeAt(lt + 1);
      if (c === 0x2f /* / */) {
        const gt = s.indexOf('>', lt + 2);
        if (gt === -1) break;
        this.text(w, s, pos, lt);
        this.endTag(s, lt + 2, gt);
        pos = gt + 1;
        continue;
      }
      if (c === 0x21 /* ! */) {
        if (!s.startsWith('<!--', lt)) {
          if (lt + 9 > end && !final) break;
          throw new Unsupported('doctype, cdata or declaration');
        }
        const close = s.indexOf('-->', lt + 4);
        if (close === -1) break;
        if (this.depth > 0 && this.kinds[this.depth - 1] !== 0 && this.kinds[this.depth - 1] !== SKIPPED) throw new Unsupported('comment in a value');
        this.text(w, s, pos, lt);
        const body = s.slice(lt + 4, close);
        if (body.includes('--') || body.endsWith('-')) throw new Unsupported('comment with --');
        pos = close + 3;
        continue;
      }
      if (c === 0x3f /* ? */) throw new Unsupported('processing instruction');
      const gt = s.indexOf('>', lt + 1);
      if (gt === -1) break;
      this.text(w, s, pos, lt);
      this.startTag(w, s, lt + 1, gt);
      pos = gt + 1;
    }
    if (final) {
      this.text(w, s, pos, end);
      pos = end;
    }
    if (pos > 0) {
      this.window = this.window.subarray(pos);
      this.checked -= pos;
      this.base += pos;
    }
  }

  /** s[from, to): character data. */
  private text(w: Buffer, s: string, from: number, to: number): void {
    if (from === to) return;
    const depth = this.depth;
    const kind = depth === 0 ? 0 : this.kinds[depth - 1]!;
    if (kind === 1) {
      this.value = valueOf(w, s, from, to, false);
      return;
    }
    if (kind === 2) throw new Unsupported('text in an empty element');
    if (kind === SKIPPED) {
      // Not assessed, but it must be well-formed: its references are decoded (a bad one makes the pass give up).
      if (s.indexOf('&', from) !== -1 && s.indexOf('&', from) < to) decodeEntities(s.slice(from, to));
      return;
    }
    for (let k = from; k < to; k++) {
      const ch = s.charCodeAt(k);
      if (ch !== 0x20 && ch !== 0x0a && ch !== 0x09 && ch !== 0x0d) throw new Unsupported('text between elements');
    }
  }

  private startTag(w: Buffer, s: string, from: number, gt: number): void {
    const selfClosing = s.charCodeAt(gt - 1) === 0x2f;
    const end = selfClosing ? gt - 1 : gt;
    const depth = this.depth;
    let name: string;
    let info: TypeInfo;
    let selector: SelectorNode | null = null;
    let wildcard: SelectorNode | null = null;
    if (depth === 0) {
      name = this.schema.root.name;
      if (this.sawRoot || !s.startsWith(name, from)) throw new Unsupported('root');
      this.sawRoot = true;
      info = this.rootInfo;
      selector = this.trie;
    } else if (this.kinds[depth - 1] === SKIPPED) {
      this.skippedElement(w, s, from, gt, end, selfClosing);
      return;
    } else {
      const state = this.states[depth - 1];
      if (!state) throw new Unsupported('element in a value');
      const moves = this.movesOf(state);
      let move: Move | undefined;
      for (let m = 0; m < moves.length; m++) {
        const candidate = moves[m]!;
        if (holds(s, from, candidate.name, candidate.length) && !isNameChar(s.charCodeAt(from + candidate.length))) {
          move = candidate;
          break;
        }
      }
      if (!move) {
        // Extension data where the schema does not expect it: skipped whole, the parent reads on as if it were not there.
        if (this.inBlock === 0 && holds(s, from, 'toevoegingen', 12) && !isNameChar(s.charCodeAt(from + 12))) {
          this.skip('toevoegingen', this.names[depth - 1]!, gt);
          this.skippedElement(w, s, from, gt, end, selfClosing);
          return;
        }
        throw new Unsupported('unexpected element');
      }
      name = move.name;
      // Extension data never moves the parent's content model on (as the validator does).
      if (name !== 'toevoegingen') {
        this.states[depth - 1] = move.next ??= this.state(state.dfa.next(name)!.state);
      }
      info = this.declInfo(move.decl);
      const parentSelector = this.selectors[depth - 1]!;
      if (parentSelector !== null) {
        selector = parentSelector.children.get(name) ?? null;
        wildcard = parentSelector.children.get('*') ?? null;
      }
    }
    const i = from + name.length;
    if (i > end || (i < end && !isSpace(s.charCodeAt(i)))) throw new Unsupported('element name');

    // Most elements have no attributes: nothing stands between the name and '>'.
    const attrs = i < end ? this.attributes(w, s, i, end, depth) : NO_ATTRS;
    const unit = name === 'toevoegingen' || (name === 'blok' && this.inBlock > 0);
    let xsiType: string | null = null;
    if (attrs !== NO_ATTRS) for (let a = 0; a < attrs.length; a++) if (attrs[a]!.uri === XSI && attrs[a]!.local === 'type') xsiType = attrs[a]!.value;
    if (unit && name === 'blok' && !this.resolves(info, xsiType)) {
      // A block of a type no schema here defines (or none): the validator skips it with one warning per kind.
      this.skip(blockLabel(attrs), null, gt);
      this.push(name, SKIPPED, null, null, null, true);
      this.sink.open(name, attrs);
      if (selfClosing) this.close();
      return;
    }

    if (xsiType !== null) info = this.resolveXsiType(info, xsiType);
    else if (info.abstract) throw new Unsupported('abstract type');

    // Attributes against the type's declarations.
    let required = 0;
    for (let a = 0; a < attrs.length; a++) {
      const attr = attrs[a]!;
      if (attr.prefix !== '') continue;
      const decl = info.attributes.get(attr.local);
      if (!decl || decl.check(attr.value) !== null) throw new Unsupported('attribute');
      if (decl.required) required++;
    }
    if (required !== info.required) throw new Unsupported('missing attribute');

    if (selector !== null && selector.constraints.length > 0) this.matchIdentity(selector.constraints, attrs);
    if (wildcard !== null && wildcard.constraints.length > 0) this.matchIdentity(wildcard.constraints, attrs);

    this.push(name, info.kind, info.model ? this.state(info.model) : null, info.check, selector, unit);
    this.sink.open(name, attrs);
    if (selfClosing) this.close();
  }

  private xsiDeclared = false;

  /** The attributes of a start tag, s[i, end), checked for well-formedness (not against a type). */
  private attributes(w: Buffer, s: string, i: number, end: number, depth: number): Attr[] {
    let attrs: Attr[] = NO_ATTRS;
    let usesXsi = false;
    while (i < end) {
      // At least one space, then a name, '=', a quoted value.
      let k = i;
      while (k < end && isSpace(s.charCodeAt(k))) k++;
      if (k === end) break;
      if (k === i) throw new Unsupported('attribute syntax');
      const nameStart = k;
      while (k < end && (isNameChar(s.charCodeAt(k)) || s.charCodeAt(k) === 0x3a)) k++;
      const attrName = s.slice(nameStart, k);
      while (k < end && isSpace(s.charCodeAt(k))) k++;
      if (s.charCodeAt(k) !== 0x3d /* = */) throw new Unsupported('attribute syntax');
      k++;
      while (k < end && isSpace(s.charCodeAt(k))) k++;
      const quote = s.charCodeAt(k);
      if (quote !== 0x22 && quote !== 0x27) throw new Unsupported('attribute syntax');
      const close = s.indexOf(quote === 0x22 ? '"' : "'", k + 1);
      if (close === -1 || close >= end) throw new Unsupported('attribute syntax');
      const value = valueOf(w, s, k + 1, close, true);
      i = close + 1;
      if (attrs === NO_ATTRS) attrs = [];
      for (let a = 0; a < attrs.length; a++) if (attrs[a]!.prefix === '' ? attrs[a]!.local === attrName : `${attrs[a]!.prefix}:${attrs[a]!.local}` === attrName) throw new Unsupported('duplicate attribute');
      const colon = attrName.indexOf(':');
      if (colon === -1) {
        const first = attrName.charCodeAt(0);
        if (!((first >= 0x61 && first <= 0x7a) || (first >= 0x41 && first <= 0x5a) || first === 0x5f) || attrName === 'xmlns') throw new Unsupported('attribute name');
        attrs.push({ local: attrName, uri: '', prefix: '', value });
      } else if (attrName === 'xmlns:xsi' && depth === 0 && value === XSI) {
        this.xsiDeclared = true;
        attrs.push({ local: 'xsi', uri: 'http://www.w3.org/2000/xmlns/', prefix: 'xmlns', value });
      } else if (attrName.startsWith('xsi:') && /^xsi:[A-Za-z_][A-Za-z0-9._-]*$/.test(attrName)) {
        const local = attrName.slice(4);
        if (local !== 'type' && local !== 'schemaLocation' && local !== 'noNamespaceSchemaLocation') throw new Unsupported('xsi attribute');
        usesXsi = true;
        attrs.push({ local, uri: XSI, prefix: 'xsi', value });
      } else throw new Unsupported('namespace');
    }
    // xsi: needs its declaration, which only the root may carry here.
    if (usesXsi && !this.xsiDeclared) throw new Unsupported('unbound prefix');
    return attrs;
  }

  /** Whether the declared type, or the xsi:type given, is one the validator accepts here. */
  private resolves(declared: TypeInfo, xsiType: string | null): boolean {
    if (xsiType === null) return !declared.abstract;
    const local = xsiType.trim();
    const candidate = local.includes(':') || local.startsWith('#') ? undefined : this.schema.types[local];
    if (!candidate || (candidate.kind === 'complex' && candidate.abstract)) return false;
    let t: SimpleType | ComplexType | undefined = candidate;
    while (t && t !== declared.type) t = t.kind === 'complex' && t.base ? this.schema.types[t.base] : undefined;
    return t !== undefined;
  }

  private skip(label: string, misplacedIn: string | null, gt: number): void {
    const key = `${misplacedIn ?? ''}|${label}`;
    const seen = this.skipped.get(key);
    if (seen) seen.count++;
    else this.skipped.set(key, { label, misplacedIn, offset: this.base + gt, count: 1 });
  }

  /** The kinds of extension block skipped, in the order first met. */
  skippedBlocks(): SkippedBlock[] {
    return [...this.skipped.values()];
  }

  /** A start tag inside a skipped subtree (or its root): well-formed is enough; its name is whatever it is. */
  private skippedElement(w: Buffer, s: string, from: number, gt: number, end: number, selfClosing: boolean): void {
    let i = from;
    const first = s.charCodeAt(i);
    if (!((first >= 0x61 && first <= 0x7a) || (first >= 0x41 && first <= 0x5a) || first === 0x5f)) throw new Unsupported('element name');
    while (i < end && isNameChar(s.charCodeAt(i))) i++;
    if (i < end && !isSpace(s.charCodeAt(i))) throw new Unsupported('element name');
    const name = s.slice(from, i);
    const attrs = this.attributes(w, s, i, end, this.depth);
    void gt;
    this.push(name, SKIPPED, null, null, null, false);
    this.sink.open(name, attrs);
    if (selfClosing) this.close();
  }

  private push(name: string, kind: number, state: State | null, check: Checker | null, selector: SelectorNode | null, unit: boolean): void {
    const depth = this.depth;
    this.names[depth] = name;
    this.kinds[depth] = kind;
    this.states[depth] = state;
    this.checks[depth] = check;
    this.selectors[depth] = selector;
    this.units[depth] = unit;
    if (unit) this.inBlock++;
    this.depth = depth + 1;
    this.value = '';
  }

  private resolveXsiType(declared: TypeInfo, qname: string): TypeInfo {
    const local = qname.trim();
    const candidate = local.includes(':') || local.startsWith('#') ? undefined : this.schema.types[local];
    if (!candidate) throw new Unsupported('xsi:type');
    let t: SimpleType | ComplexType | undefined = candidate;
    while (t && t !== declared.type) t = t.kind === 'complex' && t.base ? this.schema.types[t.base] : undefined;
    if (!t || (candidate.kind === 'complex' && candidate.abstract)) throw new Unsupported('xsi:type');
    return this.typeInfo(local);
  }

  private matchIdentity(entries: readonly SelectorEntry[], attrs: readonly Attr[]): void {
    for (const entry of entries) {
      let value: string | undefined;
      for (const a of attrs) if (a.uri === '' && a.local === entry.field) value = a.value;
      if (value === undefined) {
        if (entry.kind === 'key') throw new Unsupported('key field missing');
        continue;
      }
      if (entry.kind === 'keyref') {
        if (!entry.refers?.has(value)) this.refs.push({ refer: entry.refer!, value });
        continue;
      }
      if (entry.hashed !== null) {
        if (!entry.hashed.add(value)) throw new Unsupported('duplicate key, or two keys that hash alike');
        continue;
      }
      if (entry.exact!.has(value)) throw new Unsupported('duplicate key');
      entry.exact!.add(value);
    }
  }

  /** `</name>`, s[from, gt) being what stands between `</` and `>`. */
  private endTag(s: string, from: number, gt: number): void {
    const depth = this.depth;
    if (depth === 0) throw new Unsupported('end tag');
    const name = this.names[depth - 1]!;
    if (!holds(s, from, name, name.length)) throw new Unsupported('end tag');
    for (let k = from + name.length; k < gt; k++) if (!isSpace(s.charCodeAt(k))) throw new Unsupported('end tag');
    this.close();
  }

  private close(): void {
    const depth = --this.depth;
    const kind = this.kinds[depth];
    let value: string | null = null;
    if (kind === 1) {
      value = this.value;
      if (this.checks[depth]!(value) !== null) throw new Unsupported('invalid value');
    } else if (kind === 0 && !this.states[depth]!.accepting) throw new Unsupported('missing child');
    if (this.units[depth]) this.inBlock--;
    this.value = '';
    this.sink.close(value);
    if (depth === 0) this.rootClosed = true;
  }
}

/**
 * A value as a fresh string: ASCII straight from the one-byte text, anything else decoded as UTF-8 from the bytes;
 * entities decoded; in attribute values tabs and newlines become spaces (XML's attribute-value normalisation).
 */
function valueOf(w: Buffer, s: string, from: number, to: number, attribute: boolean): string {
  if (attribute) {
    const lt = s.indexOf('<', from);
    if (lt !== -1 && lt < to) throw new Unsupported('< in an attribute value');
  }
  let plain = true;
  for (let k = from; k < to; k++) {
    const ch = s.charCodeAt(k);
    if (ch >= 0x80 || ch === 0x26 || ch === 0x0d || (attribute && (ch === 0x09 || ch === 0x0a))) {
      plain = false;
      break;
    }
  }
  // Short slices are copies in V8; longer ones are copied from the bytes so they keep no chunk alive.
  if (plain) return to - from < 13 ? s.slice(from, to) : latin1(w, from, to);
  let value = utf8(w, from, to);
  if (value.indexOf('\r') !== -1) value = attribute ? value.replace(/\r\n/g, ' ') : value.replace(/\r\n/g, '\n');
  if (attribute) value = value.replace(/[\t\n\r]/g, ' ');
  return value.indexOf('&') === -1 ? value : decodeEntities(value);
}
