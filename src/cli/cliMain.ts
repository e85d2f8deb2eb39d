/**
 * The shared entry of the line-printing commands (predict, generate): run with argv, print the lines, or print
 * the error's message (without a stack: these are a user's mistakes far more often than bugs) and exit 1.
 */
import path from 'node:path';

/** Run `command` when `moduleUrl` is the script Node was started with (not when a test imports it). */
export function runAsScript(moduleUrl: string, command: (argv: string[]) => Promise<string[]>): void {
  if (!process.argv[1] || path.resolve(process.argv[1]) !== path.resolve(new URL(moduleUrl).pathname)) return;
  void (async () => {
    try {
      const lines = await command(process.argv.slice(2));
      process.stdout.write(`${lines.join('\n')}\n`);
    } catch (error) {
      const message = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
      process.stderr.write(`${message}\n`);
      process.exitCode = 1;
    }
  })();
}

/** A whole-number option (`--steps 8`): `fallback` when absent; a fraction or a negative is the user's mistake. */
export function wholeNumberOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} ${value}: give a whole number.`);
  return parsed;
}
