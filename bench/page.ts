import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * What a bench in Chromium needs: the built renderer and Debian's Chromium. Returns the renderer folder, or null
 * after saying why the bench is skipped.
 */
export function rendererForBench(): string | null {
  const rendererDir = fileURLToPath(new URL('../out/renderer', import.meta.url));
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    process.stdout.write('skipped: the renderer is not built; run "npm run build" first\n');
    return null;
  }
  if (!fs.existsSync(CHROMIUM)) {
    process.stdout.write(`skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)\n`);
    return null;
  }
  return rendererDir;
}

/** The reference of the page benches: one bridge round trip from the page (app:get-info), `runs` times, in ms. */
export async function bridgeRoundTrips(page: { evaluate<T>(script: string): Promise<T> }, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    samples.push(
      await page.evaluate<number>(`(async () => {
        const token = sessionStorage.getItem('beheerconsole.token');
        const start = performance.now();
        await fetch('/bridge/app:get-info', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token }, body: '{"input":null}' }).then((r) => r.json());
        return performance.now() - start;
      })()`),
    );
  }
  return samples;
}

/**
 * Page code (a string: the benches are type-checked for Node, the page runs it as is) that switches location the
 * way an administrator does with the switcher: open it, type the BRIN6, and — from the moment Enter is pressed —
 * resolves with the milliseconds until `done` (a JS expression) holds in an animation frame. Not a bench itself.
 */
export function switchInPage(brin6: string, done: string): string {
  return `new Promise((resolve, reject) => {
    const target = ${JSON.stringify(brin6)};
    const deadline = performance.now() + 10000;
    document.querySelector('[data-testid="location-switcher"]').click();
    let start = null;
    const frame = () => {
      if (performance.now() > deadline) return reject(new Error('switch to ' + target + ' did not finish'));
      const input = document.querySelector('[data-testid="switcher-input"]');
      if (start === null) {
        if (!input) return requestAnimationFrame(frame);
        if (input.value !== target) {
          Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, target);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          return requestAnimationFrame(frame);
        }
        const first = document.querySelector('[data-testid="switcher-list"] [role="option"]');
        if (!first || first.getAttribute('data-brin6') !== target) return requestAnimationFrame(frame);
        start = performance.now();
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        return requestAnimationFrame(frame);
      }
      const finished = document.querySelector('.nav-heading')?.textContent?.includes(target) && (${done});
      return finished ? resolve(performance.now() - start) : requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  })`;
}
