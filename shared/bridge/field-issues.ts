import type { z } from 'zod';
import type { FieldIssue } from './contract';

/*
 * From a zod refusal to the fields it concerns, in Dutch: shared so that main's dispatcher and a form's own check
 * before sending (the same schema) build exactly the same `issues`.
 */

/**
 * Each problem as the field it concerns (its keys inside the input) and a Dutch sentence for that field. The contract's
 * own Dutch messages are used as they are; zod's English defaults become Dutch sentences.
 */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: [...issue.path.map(pathKey), key], message: 'Dit veld kent de console niet; laad het venster opnieuw.' });
      continue;
    }
    const path = issue.path.map(pathKey);
    if (issues.some((known) => samePath(known.path, path))) continue;
    // The input as a whole is missing or of the wrong shape: a screen out of date, not a field to fix.
    const message = path.length === 0 && issue.code === 'invalid_type' ? WHOLE_INPUT : translateIssue(issue);
    issues.push({ path, message });
  }
  return issues;
}

const WHOLE_INPUT = 'De gegevens voor deze opdracht ontbreken of kloppen niet. Laad het venster opnieuw.';
const pathKey = (key: PropertyKey): string | number => (typeof key === 'number' ? key : String(key));
const samePath = (a: readonly (string | number)[], b: readonly (string | number)[]) => a.length === b.length && a.every((k, i) => k === b[i]);

function translateIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      // A message the contract wrote itself wins (zod's own start "Invalid input").
      if (!/^Invalid input/.test(issue.message)) return issue.message;
      return issue.input === undefined ? 'Vul dit veld in.' : `Vul hier ${dutchType(issue.expected)} in.`;
    case 'custom':
      return issue.message;
    // The contract's own Dutch message when it gives one (zod's default messages are English: "Too big: …").
    case 'too_big':
      return /^Too big/.test(issue.message) ? 'Dit is te lang; maak het korter.' : issue.message;
    case 'too_small':
      return /^Too small/.test(issue.message) ? 'Dit is te kort of leeg; vul het aan.' : issue.message;
    default:
      return isEnglishDefault(issue.message) ? 'Deze waarde klopt niet; kies of vul een geldige waarde in.' : issue.message;
  }
}

function dutchType(expected: string): string {
  const names: Record<string, string> = {
    string: 'tekst',
    number: 'een getal',
    object: 'gegevens',
    array: 'een lijst',
    boolean: 'ja of nee',
    undefined: 'niets',
  };
  return names[expected] ?? 'een geldige waarde';
}

/** zod's built-in messages are English ("Invalid option: expected one of …", "Invalid string: must match …"). */
function isEnglishDefault(message: string): boolean {
  return /^(Invalid|Too |Unrecognized|Expected|Required|String must|Number must)/.test(message);
}
