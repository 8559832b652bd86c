import { execFile } from 'node:child_process';

/** A program that exited non-zero; carries its output for diagnosis (never logged by default). */
export class CommandError extends Error {
  constructor(
    readonly program: string,
    readonly exitCode: number | null,
    readonly stdout: string,
    readonly stderr: string,
    summary: string,
  ) {
    super(summary);
    this.name = 'CommandError';
  }
}

/** Options of {@link exec}. */
export interface ExecOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly timeoutMs?: number;
  /** Shown instead of the arguments in error messages, so secrets in arguments never leak. */
  readonly describe?: string;
}

/**
 * Runs a short-lived program and returns its stdout. On failure the error names the program,
 * what it was doing and the last lines of its stderr.
 */
export function exec(program: string, args: readonly string[], options: ExecOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      program,
      [...args],
      {
        env: options.env ?? process.env,
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve(stdout);
          return;
        }
        const what = options.describe ?? `${program.split('/').pop() ?? program} ${args[0] ?? ''}`;
        const tail = lastLines(stderr || stdout || error.message, 3);
        const code = typeof error.code === 'number' ? error.code : null;
        reject(new CommandError(program, code, stdout, stderr, `${what} failed: ${tail}`));
      },
    );
  });
}

/** The last `count` non-empty lines of `text`, joined by ` | `. */
export function lastLines(text: string, count: number): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .slice(-count)
    .join(' | ');
}
