/**
 * Single-change mutants of an EDEXML file, for the differential suite against xmllint. Each mutant changes one
 * line (or swaps two), so the finding's line is well defined.
 */
export interface Mutant {
  readonly name: string;
  readonly text: string;
}

const VALUE_EDITS: ReadonlyArray<[string, (v: string) => string]> = [
  ['empty', () => ''],
  ['spaces', (v) => ` ${v} `],
  ['long', (v) => v + 'x'.repeat(300)],
  ['letters', () => 'abc'],
  ['digits', () => '12345678901'],
  ['date-invalid', () => '2014-02-30'],
  ['date-ok', () => '2012-02-29'],
  ['jaar-next', () => '2025-2026'],
  ['jaar-gap', () => '2025-2027'],
  ['upper', (v) => v.toUpperCase()],
  ['lower', (v) => v.toLowerCase()],
  ['num-17', () => '17'],
  ['num-00', () => '00'],
  ['amp', (v) => `${v} &amp; co`],
];

export function mutate(text: string, options: { maxPerKind?: number } = {}): Mutant[] {
  const lines = text.split('\n');
  const out: Mutant[] = [];
  const max = options.maxPerKind ?? Infinity;
  const withLines = (name: string, changed: string[]) => out.push({ name, text: changed.join('\n') });
  const count = new Map<string, number>();
  const allow = (kind: string) => {
    const n = (count.get(kind) ?? 0) + 1;
    count.set(kind, n);
    return n <= max;
  };

  lines.forEach((line, i) => {
    const valueMatch = /^(\s*)<([\w-]+)>([^<]*)<\/\2>\s*$/.exec(line);
    const emptyMatch = /^(\s*)<([\w-]+)((?:\s+[\w:-]+="[^"]*")*)\s*\/>\s*$/.exec(line);
    const openMatch = /^(\s*)<([\w-]+)((?:\s+[\w:-]+="[^"]*")*)>\s*$/.exec(line);
    const tag = valueMatch?.[2] ?? emptyMatch?.[2] ?? openMatch?.[2];
    if (!tag) return;
    const at = `L${i + 1}:${tag}`;
    if ((valueMatch || emptyMatch) && allow(`delete:${tag}`)) {
      withLines(`${at} delete`, lines.filter((_, k) => k !== i));
    }
    if ((valueMatch || emptyMatch) && allow(`dup:${tag}`)) {
      withLines(`${at} duplicate`, [...lines.slice(0, i + 1), line, ...lines.slice(i + 1)]);
    }
    if (valueMatch && allow(`swap:${tag}`)) {
      const next = lines[i + 1];
      if (next && /^\s*<[\w-]+>[^<]*<\/[\w-]+>\s*$/.test(next)) {
        const swapped = [...lines];
        swapped[i] = next;
        swapped[i + 1] = line;
        withLines(`${at} swap-with-next`, swapped);
      }
    }
    if (valueMatch) {
      for (const [edit, fn] of VALUE_EDITS) {
        if (!allow(`value:${tag}:${edit}`)) continue;
        const changed = [...lines];
        changed[i] = `${valueMatch[1]}<${tag}>${fn(valueMatch[3]!)}</${tag}>`;
        withLines(`${at} value ${edit}`, changed);
      }
      if (allow(`rename:${tag}`)) {
        const changed = [...lines];
        changed[i] = `${valueMatch[1]}<${tag}x>${valueMatch[3]}</${tag}x>`;
        withLines(`${at} rename`, changed);
      }
      if (allow(`child:${tag}`)) {
        const changed = [...lines];
        changed[i] = `${valueMatch[1]}<${tag}><b/>${valueMatch[3]}</${tag}>`;
        withLines(`${at} child-in-value`, changed);
      }
    }
    const attrs = emptyMatch?.[3] ?? openMatch?.[3] ?? '';
    for (const m of attrs.matchAll(/\s+([\w:-]+)="([^"]*)"/g)) {
      const [whole, name, value] = m;
      const replaceAttr = (edit: string, replacement: string) => {
        if (!allow(`attr:${tag}:${name}:${edit}`)) return;
        const changed = [...lines];
        changed[i] = line.replace(whole!, replacement);
        withLines(`${at} @${name} ${edit}`, changed);
      };
      replaceAttr('remove', '');
      replaceAttr('empty', ` ${name}=""`);
      replaceAttr('unknown-ref', ` ${name}="ZZ-ONBEKEND"`);
      replaceAttr('long', ` ${name}="${value}${'k'.repeat(300)}"`);
      if (name === 'xsi:type') replaceAttr('other-type', ` ${name}="GroepType"`);
    }
    if ((openMatch || emptyMatch) && allow(`extra-attr:${tag}`)) {
      const changed = [...lines];
      changed[i] = line.replace(`<${tag}`, `<${tag} onbekend="1"`);
      withLines(`${at} extra-attribute`, changed);
    }
    if (openMatch && allow(`text:${tag}`)) {
      const changed = [...lines];
      changed[i] = `${line}losse tekst`;
      withLines(`${at} text-in-element`, changed);
    }
    if (emptyMatch && allow(`space:${tag}`)) {
      const changed = [...lines];
      changed[i] = line.replace(/\s*\/>\s*$/, `> </${tag}>`);
      withLines(`${at} space-in-empty`, changed);
    }
  });
  return out;
}
