import { runCliProcess } from '../../main/cli/run';
import { NO_POLICY } from '../../main/policy/policy';

/**
 * One CLI command in this test's own process, exactly as `npm run cli --` runs it (main/cli/run.ts: the command, its
 * line in cli.log, a Dutch line for anything unexpected), without paying for a Node process and tsx per command.
 * Tests that are about processes (a second process, the environment of a real one) use cliProcess instead.
 */
export async function runCliHere(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runCliProcess(args, {
    version: '0.1.0',
    invocation: 'npm run cli --',
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: { ...cleanEnvironment(), ...env },
    // The machine's own policy (/etc/beheerconsole) never reaches a test.
    policy: NO_POLICY,
  });
  return { status, stdout, stderr };
}

/** The machine's proxy variables and sign-in of the CLI stay out unless a test names them. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(https?|no)_proxy$/i.test(name) && !name.startsWith('BEHEERCONSOLE_')));
}
