/** `npm run cli -- …` in a checkout (the installed app runs the same commands: main/index.ts). */
import { readAppVersion } from '../app/version';
import { runCliProcess } from './run';

process.exitCode = await runCliProcess(process.argv.slice(2), {
  version: readAppVersion(),
  invocation: 'npm run cli --',
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
