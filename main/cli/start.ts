import { readAppVersion } from '../app/version';
import { runCli } from './cli';

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  version: readAppVersion(),
});
process.exitCode = code;
