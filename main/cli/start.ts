import { readAppVersion } from '../app/version';
import { EXIT, runCli } from './cli';

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    version: readAppVersion(),
  });
} catch (error) {
  process.stderr.write(
    `Er ging iets onverwachts mis; er is niets gewijzigd. Meld dit met de volgende regel erbij:\n${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = EXIT.usage;
}
