import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STEP_HELP } from '../../shared/domain/step-help';
import { steps } from '../../shared/domain/steps';

const seeds = path.resolve(import.meta.dirname, '../../../shared/seeds');

describe('"Hoe werkt deze stap?"', () => {
  it('every step of the plan has help in Dutch, and links only to places the seeds name', () => {
    const seedText = fs.existsSync(seeds) ? fs.readdirSync(seeds).map((f) => fs.readFileSync(path.join(seeds, f), 'utf8')).join('\n') : null;
    for (const step of steps) {
      const help = STEP_HELP[step.id];
      expect(help.text.length, step.id).toBeGreaterThan(0);
      for (const line of help.text) expect(line, step.id).toMatch(/^[A-Z‘'"]/);
      for (const link of help.links) {
        expect(link.href, step.id).toMatch(/^(https:\/\/[a-z.]+\.cito\.nl|mailto:klantenservice@cito\.nl)$/);
        // Where the reference seeds are beside the checkout, each link is one of theirs.
        if (seedText) expect(seedText, link.href).toContain(link.href.replace('mailto:', '').replace('https://', ''));
      }
    }
  });
});
