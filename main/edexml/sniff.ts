import fs from 'node:fs';
import { toBrin6 } from '../../shared/domain/brin';

/** How much of a file's start is read to find its school: EDEXML puts `<school>` first, a few hundred bytes in. */
const HEAD_BYTES = 64 * 1024;

export interface FileSchool {
  readonly brin6: string;
  /** The first vestiging's name, to suggest as the location's name when the BRIN6 is not in the console yet. */
  readonly vestiging: string | null;
}

function text(head: string, element: string): string | null {
  const m = new RegExp(`<(?:\\w+:)?${element}(?:\\s[^>]*)?>([^<]*)</(?:\\w+:)?${element}>`).exec(head);
  return m ? m[1]!.trim() : null;
}

/**
 * Which location a file is for, from its `<school>` block (brincode + dependancecode), without reading the rest:
 * how several dropped files are routed. Null when the start of the file names no valid BRIN6 (then the full read
 * says why). The full import still checks the whole file against the location it is routed to.
 */
export function sniffSchool(file: string): FileSchool | null {
  let head: string;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(HEAD_BYTES);
      const read = fs.readSync(fd, buffer, 0, HEAD_BYTES, 0);
      head = buffer.subarray(0, read).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null;
  }
  const school = /<(?:\w+:)?school(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?school>/.exec(head)?.[1];
  if (!school) return null;
  const brincode = text(school, 'brincode');
  const brin6 = brincode ? toBrin6(brincode, text(school, 'dependancecode') ?? '00') : null;
  if (!brin6) return null;
  const vestiging = /<(?:\w+:)?vestiging(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?vestiging>/.exec(head)?.[1];
  return { brin6, vestiging: vestiging ? text(vestiging, 'naam') : null };
}
