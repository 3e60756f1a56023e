import type { Finding } from '../../../shared/edexml/findings';
import type { Attr } from '../read/types';
import type { CompiledSchema, ComplexType, IdentityConstraint, SimpleType } from '../schema/types';
import { compileContentModel } from './content-model';
import type { DfaState, MatchedDecl } from './content-model';
import { checkerFor } from './simple-types';
import type { Checker } from './simple-types';
import * as say from './messages';

export const XSI = 'http://www.w3.org/2001/XMLSchema-instance';


/** A node of the identity-selector trie: which constraints select an element at this path, and the children. */
interface SelectorEntry {
  readonly constraint: IdentityConstraint;
  /** The key/unique table this constraint fills, or null for a keyref. */
  readonly table: Map<string, number> | null;
  /** The key table a keyref must find its value in. */
  readonly refers: Map<string, number> | null;
}

interface SelectorNode {
  readonly constraints: SelectorEntry[];
  readonly children: Map<string, SelectorNode>;
}

function newNode(): SelectorNode {
  return { constraints: [], children: new Map() };
}

/** Frames are reused (one per depth) so a 100,000-pupil file does not allocate 1.6 million of them. */
/** A declaration's type and its value check, worked out once per declaration. */
interface Resolved {
  readonly type: SimpleType | ComplexType;
  readonly check: Checker | null;
  readonly model: DfaState | null;
}

interface Frame {
  name: string;
  /** null: this subtree is not assessed (unknown element, or its type could not be determined). */
  type: SimpleType | ComplexType | null;
  check: Checker | null;
  optional: boolean;
  line: number;
  column: number;
  state: DfaState | null;
  /** After one content error in an element, its further children are not reported (as libxml2 does). */
  contentFailed: boolean;
  text: string;
  hasChildElement: boolean;
  /** Where the element stands in the identity-selector trie (null: no selector reaches below here). */
  selector: SelectorNode | null;
}


/** A `<toevoegingen>` element or one `<blok>` in it: problems inside are one warning for the unit, never errors. */
interface BlockUnit {
  readonly depth: number;
  readonly label: string;
  readonly line: number;
  readonly column: number;
  problem: boolean;
}

/** The block's name as the file gives it: its xsi:type without "Type" ("VolgsysteemVO"). */
export function blockLabel(attrs: readonly Attr[]): string {
  const type = attrs.find((a) => a.uri === XSI && a.local === 'type')?.value.trim();
  if (!type) return 'zonder type';
  const local = type.slice(type.indexOf(':') + 1);
  return local.endsWith('Type') && local.length > 4 ? local.slice(0, -4) : local;
}

interface PendingRef {
  readonly constraint: IdentityConstraint;
  readonly value: string;
  readonly element: string;
  readonly line: number;
  readonly column: number;
}

/**
 * Validates a stream of element events against a compiled EDEXML schema the way the XSD does, reporting every
 * violation with the line of the element that libxml2 (xmllint) would name. Events come from the reader in
 * document order; `end()` resolves key references and returns the findings.
 */
export class SchemaValidator {
  private readonly pool: Frame[] = [];
  private depth = 0;
  private readonly findings: Finding[] = [];
  private readonly models = new Map<string, DfaState>();
  private readonly selectors: SelectorNode = newNode();
  private readonly keys = new Map<string, Map<string, number>>();
  private readonly refs: PendingRef[] = [];
  private rootSeen = false;
  /** Extension blocks being read (outermost first). */
  private readonly blocks: BlockUnit[] = [];
  /** One warning per kind of skipped block, with how many blocks it covers. */
  private readonly skipped = new Map<string, { finding: Finding; count: number; label: string; misplacedIn: string | null }>();

  constructor(
    private readonly schema: CompiledSchema,
    private readonly onFinding: (finding: Finding) => void = () => {},
  ) {
    const nodes: Array<[SelectorNode, IdentityConstraint]> = [];
    for (const c of schema.identity) {
      let node = this.selectors;
      for (const step of c.selector) {
        let child = node.children.get(step);
        if (!child) {
          child = newNode();
          node.children.set(step, child);
        }
        node = child;
      }
      if (c.kind !== 'keyref') this.keys.set(c.name, new Map());
      nodes.push([node, c]);
    }
    for (const [node, c] of nodes) {
      node.constraints.push({
        constraint: c,
        table: c.kind === 'keyref' ? null : this.keys.get(c.name)!,
        refers: c.kind === 'keyref' && c.refer ? (this.keys.get(c.refer) ?? null) : null,
      });
    }
  }

  private report(finding: Finding): void {
    const block = this.blocks.at(-1);
    if (block) {
      block.problem = true; // inside an extension block: the block is skipped with one warning (see closeBlock)
      return;
    }
    this.findings.push(finding);
    this.onFinding(finding);
  }

  /** A skipped extension block: counted into the warning for its kind (first line kept). */
  private skipBlock(label: string, misplacedIn: string | null, line: number, column: number): void {
    const key = `${misplacedIn ?? ''}|${label}`;
    const seen = this.skipped.get(key);
    if (seen) {
      seen.count++;
      return;
    }
    const finding = say.extensionSkipped(label, misplacedIn, 1, line, column);
    this.skipped.set(key, { finding, count: 1, label, misplacedIn });
    this.findings.push(finding);
    this.onFinding(finding);
  }

  private model(type: ComplexType): DfaState {
    let m = this.models.get(type.name);
    if (!m) {
      m = compileContentModel(type.content);
      this.models.set(type.name, m);
    }
    return m;
  }

  private readonly attributeCheckers = new Map<string, Checker>();

  private attributeChecker(typeId: string): Checker {
    let checker = this.attributeCheckers.get(typeId);
    if (!checker) {
      checker = checkerFor(this.typeOf(typeId) as SimpleType);
      this.attributeCheckers.set(typeId, checker);
    }
    return checker;
  }

  private typeOf(id: string): SimpleType | ComplexType {
    const t = this.schema.types[id];
    if (!t) throw new Error(`Schema has no type ${id}`);
    return t;
  }

  /** A start tag. `line`/`column` are where the start tag ends, as libxml2 counts. */
  open(name: string, uri: string, attrs: readonly Attr[], line: number, column: number): void {
    const parent = this.depth > 0 ? this.pool[this.depth - 1] : undefined;
    let decl: MatchedDecl;
    let selector: SelectorNode | null = null;
    let wildcard: SelectorNode | null = null;

    if (!parent) {
      if (this.rootSeen || name !== this.schema.root.name || uri !== '') {
        this.report(say.noRoot(name, line, column));
        this.push(name, null, null, null, false, line, column, null);
        return;
      }
      this.rootSeen = true;
      decl = { name, type: this.schema.root.type, optional: false };
      selector = this.selectors;
    } else {
      parent.hasChildElement = true;
      if (parent.type === null) {
        this.push(name, null, null, null, false, line, column, null);
        return;
      }
      if (parent.type.kind === 'simple') {
        if (!parent.contentFailed) this.report(say.elementInSimple(parent.name, parent.line, parent.column));
        parent.contentFailed = true;
        this.push(name, null, null, null, false, line, column, null);
        return;
      }
      const move = !parent.contentFailed && parent.state && uri === '' ? parent.state.next(name) : null;
      if (!move && name === 'toevoegingen' && uri === '' && !parent.contentFailed && this.blocks.length === 0) {
        // Extension data where the schema does not expect it: skipped whole, and the parent reads on as if it were not there.
        this.skipBlock('toevoegingen', parent.name, line, column);
        this.push(name, null, null, null, false, line, column, null);
        return;
      }
      if (!move) {
        if (!parent.contentFailed) {
          this.report(say.unexpectedElement(name, parent.name, parent.state?.expected ?? [], line, column));
          parent.contentFailed = true;
        }
        this.push(name, null, null, null, false, line, column, null);
        return;
      }
      // Extension data never moves the parent's content model on: the parent is checked as if the block were not
      // there (what validating the file without its <toevoegingen> gives), wherever it stands.
      if (name !== 'toevoegingen') parent.state = move.state;
      decl = move.decl;
      if (parent.selector !== null) {
        selector = parent.selector.children.get(name) ?? null;
        wildcard = parent.selector.children.get('*') ?? null;
      }
    }

    if (uri === '' && (name === 'toevoegingen' || (name === 'blok' && this.blocks.length > 0))) {
      this.blocks.push({ depth: this.depth, label: name === 'blok' ? blockLabel(attrs) : 'toevoegingen', line, column, problem: false });
    }
    let resolved = decl.resolved as Resolved | undefined;
    if (!resolved) {
      const t = this.typeOf(decl.type);
      resolved = { type: t, check: t.kind === 'simple' ? checkerFor(t) : null, model: t.kind === 'complex' ? this.model(t) : null };
      decl.resolved = resolved;
    }
    let type: SimpleType | ComplexType | null = resolved.type;
    let check = resolved.check;
    let model = resolved.model;
    let xsiType: string | null = null;
    for (const a of attrs) {
      if (a.uri === XSI && a.local === 'type') xsiType = a.value;
    }
    if (xsiType !== null) {
      type = this.resolveXsiType(name, type, xsiType, line, column);
      check = type?.kind === 'simple' ? checkerFor(type) : null;
      model = type?.kind === 'complex' ? this.model(type) : null;
    } else if (type.kind === 'complex' && type.abstract) {
      this.report(say.abstractType(name, line, column));
      type = null;
    }

    if (type) this.checkAttributes(name, type, attrs, decl.optional, line, column);
    this.push(name, type, check, model, decl.optional, line, column, selector);
    if (type) {
      if (selector && selector.constraints.length > 0) this.matchIdentity(selector.constraints, name, attrs, line, column);
      if (wildcard && wildcard.constraints.length > 0) this.matchIdentity(wildcard.constraints, name, attrs, line, column);
    }
  }

  private push(
    name: string,
    type: SimpleType | ComplexType | null,
    check: Checker | null,
    model: DfaState | null,
    optional: boolean,
    line: number,
    column: number,
    selector: SelectorNode | null,
  ): void {
    let frame = this.pool[this.depth];
    if (!frame) {
      frame = { name, type, check, optional, line, column, state: null, contentFailed: false, text: '', hasChildElement: false, selector };
      this.pool.push(frame);
    }
    frame.name = name;
    frame.type = type;
    frame.check = check;
    frame.optional = optional;
    frame.line = line;
    frame.column = column;
    frame.state = model;
    frame.contentFailed = false;
    frame.text = '';
    frame.hasChildElement = false;
    frame.selector = selector;
    this.depth++;
  }

  private resolveXsiType(
    name: string,
    declared: SimpleType | ComplexType,
    qname: string,
    line: number,
    column: number,
  ): SimpleType | ComplexType | null {
    const local = qname.trim();
    const candidate = local.includes(':') ? undefined : this.schema.types[local];
    if (!candidate || local.startsWith('#')) {
      this.report(say.unknownXsiType(name, local, line, column));
      return null;
    }
    // The named type must be the declared one or derived from it by extension.
    let t: SimpleType | ComplexType | undefined = candidate;
    while (t && t !== declared) t = t.kind === 'complex' && t.base ? this.schema.types[t.base] : undefined;
    if (!t) {
      this.report(say.unknownXsiType(name, local, line, column));
      return null;
    }
    if (candidate.kind === 'complex' && candidate.abstract) {
      this.report(say.abstractType(name, line, column));
      return null;
    }
    return candidate;
  }

  private checkAttributes(
    name: string,
    type: SimpleType | ComplexType,
    attrs: readonly Attr[],
    optional: boolean,
    line: number,
    column: number,
  ): void {
    const declared = type.kind === 'complex' ? type.attributes : [];
    for (const a of attrs) {
      if (a.uri === XSI) {
        if (a.local === 'type' || a.local === 'schemaLocation' || a.local === 'noNamespaceSchemaLocation') continue;
        this.report(say.attributeNotAllowed(name, `xsi:${a.local}`, line, column));
        continue;
      }
      if (a.prefix === 'xmlns' || (a.prefix === '' && a.local === 'xmlns')) continue;
      const decl = a.uri === '' ? declared.find((d) => d.name === a.local) : undefined;
      if (!decl) {
        this.report(say.attributeNotAllowed(name, a.prefix ? `${a.prefix}:${a.local}` : a.local, line, column));
        continue;
      }
      const problem = this.attributeChecker(decl.type)(a.value);
      if (problem) this.report(say.invalidAttribute(name, a.local, a.value, problem, line, column));
    }
    for (const d of declared) {
      if (d.required && !attrs.some((a) => a.uri === '' && a.local === d.name)) {
        this.report(say.missingAttribute(name, d.name, line, column));
      }
    }
    void optional;
  }

  private matchIdentity(entries: readonly SelectorEntry[], name: string, attrs: readonly Attr[], line: number, column: number): void {
    {
      for (const entry of entries) {
        const c = entry.constraint;
        let value: string | undefined;
        for (const a of attrs) if (a.uri === '' && a.local === c.field) value = a.value;
        if (value === undefined) {
          if (c.kind === 'key') this.report(say.keyFieldMissing(name, c.field, line, column));
          continue;
        }
        if (c.kind === 'keyref') {
          // Classes come before pupils in EDEXML, so nearly every reference resolves at once; only the rest waits.
          if (!entry.refers?.has(value)) this.refs.push({ constraint: c, value, element: name, line, column });
          continue;
        }
        const table = entry.table!;
        const earlier = table.get(value);
        if (earlier !== undefined) this.report(say.duplicateKey(c, name, value, earlier, line, column));
        else table.set(value, line);
      }
    }
  }

  /** Whether whitespace-only text matters here: in simple values and empty elements; not between elements. */
  needsBlankText(): boolean {
    const frame = this.depth > 0 ? this.pool[this.depth - 1] : undefined;
    if (!frame || frame.type === null) return false;
    return frame.type.kind === 'simple' || (frame.type.content === null && !frame.contentFailed);
  }

  /** Character data (text or CDATA) inside the current element. */
  text(text: string): void {
    const frame = this.depth > 0 ? this.pool[this.depth - 1] : undefined;
    if (!frame || frame.type === null) return;
    if (frame.type.kind === 'simple') {
      frame.text += text;
      return;
    }
    if (frame.contentFailed) return;
    const empty = frame.type.content === null;
    if (empty || /[^\t\n\r ]/.test(text)) {
      this.report(empty ? say.textInEmpty(frame.name, frame.line, frame.column) : say.textInElementOnly(frame.name, frame.line, frame.column));
      frame.contentFailed = true;
    }
  }

  /** An end tag; returns the simple value when the element was valid and simple (null otherwise). */
  close(): { name: string; value: string | null; valid: boolean } {
    const result = this.closeElement();
    const block = this.blocks.at(-1);
    if (block && block.depth === this.depth) {
      this.blocks.pop();
      const outer = this.blocks.at(-1);
      if (block.problem && outer && block.label === 'toevoegingen') outer.problem = true;
      else if (block.problem) this.skipBlock(block.label, null, block.line, block.column);
    }
    return result;
  }

  private closeElement(): { name: string; value: string | null; valid: boolean } {
    if (this.depth === 0) throw new Error('close() without open()');
    const frame = this.pool[--this.depth]!;
    if (frame.type === null) return { name: frame.name, value: null, valid: false };
    if (frame.type.kind === 'simple') {
      if (frame.contentFailed) return { name: frame.name, value: null, valid: false };
      const problem = (frame.check ?? checkerFor(frame.type))(frame.text);
      if (problem) {
        this.report(say.invalidValue(frame.name, frame.text, problem, frame.optional, frame.line, frame.column));
        return { name: frame.name, value: frame.text, valid: false };
      }
      return { name: frame.name, value: frame.text, valid: true };
    }
    if (!frame.contentFailed && frame.state && !frame.state.accepting) {
      this.report(say.missingChild(frame.name, frame.state.expected, frame.line, frame.column));
    }
    return { name: frame.name, value: null, valid: !frame.contentFailed };
  }

  /** End of document: resolves every key reference. Returns all findings in document order. */
  end(): Finding[] {
    for (const s of this.skipped.values()) {
      if (s.count > 1) Object.assign(s.finding, { message: say.extensionSkipped(s.label, s.misplacedIn, s.count, s.finding.line, s.finding.column).message });
    }
    for (const ref of this.refs) {
      const table = ref.constraint.refer ? this.keys.get(ref.constraint.refer) : undefined;
      if (!table?.has(ref.value)) this.report(say.unresolvedReference(ref.constraint, ref.element, ref.value, ref.line, ref.column));
    }
    return this.findings;
  }
}
