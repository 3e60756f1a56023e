/**
 * What to do when the window's page crashed or main hit an uncaught exception: reload with a Dutch message, but not
 * in an endless loop — after `limit` crashes within `windowMs` the console says so and stops reloading. Pure (the
 * clock is passed in), so it is tested in Node; main/index.ts shows the dialogs.
 */
export class CrashGuard {
  private readonly times: number[] = [];

  constructor(
    private readonly limit = 3,
    private readonly windowMs = 60_000,
  ) {}

  record(now: number): 'reload' | 'give-up' {
    this.times.push(now);
    while (this.times.length > 0 && now - this.times[0]! > this.windowMs) this.times.shift();
    return this.times.length >= this.limit ? 'give-up' : 'reload';
  }
}

/** The Dutch lines of the crash dialogs. Nothing is lost: every change is in the local database before it is shown. */
export function crashMessage(what: 'renderer' | 'main', decision: 'reload' | 'give-up', logFile: string): { title: string; message: string; detail: string } {
  const title = 'Beheerconsole';
  const message =
    what === 'renderer' ? 'Het venster van de Beheerconsole liep vast.' : 'Er ging iets onverwachts mis in de Beheerconsole.';
  const detail =
    decision === 'reload'
      ? `Je werk is bewaard; het venster wordt opnieuw geladen. Blijft dit gebeuren, stuur dan het logbestand naar support: ${logFile}`
      : `Dit gebeurde meerdere keren kort na elkaar, dus het venster wordt niet opnieuw geladen. Je werk is bewaard. Sluit de console en start haar opnieuw; stuur het logbestand naar support: ${logFile}`;
  return { title, message, detail };
}
