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
