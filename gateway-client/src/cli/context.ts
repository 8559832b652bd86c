import * as path from 'node:path';
import type { Command } from 'commander';
import { type ConnectOptions, type Deadlines, NdiClient } from '../client';
import type { RetryEvent } from '../retry';
import type { Submitted } from '../typed-contract';
import { formatRecord, toJson } from './format';
import { type ProgressStream, type Spinner, terminalSpinner } from './spinner';

/** Something text is written to: `process.stdout`, or a buffer in tests. */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * What the CLI takes from its environment. Every field has a default (the real process, a real connection);
 * tests replace them: a fake `connect` returning a fake client, buffers for stdout and stderr, a silent spinner.
 */
export interface CliDeps {
  /** Connects to the gateway (default {@link NdiClient.connect}). */
  readonly connect?: (options: ConnectOptions) => Promise<NdiClient>;
  /** Where results go (default `process.stdout`). */
  readonly stdout?: TextSink;
  /** Where progress, messages and errors go (default `process.stderr`). */
  readonly stderr?: ProgressStream;
  /** Environment variables (default `process.env`): `NDI_PROFILE`, `NDI_ORG`, `NDI_USER`, `NDI_RUNTIME_DIR`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Folder relative paths are resolved against (default `process.cwd()`). */
  readonly cwd?: string;
  /** The progress display (default: ora on a terminal, plain lines otherwise). */
  readonly spinner?: Spinner;
  /**
   * Subscribes to an interrupt (Ctrl-C, SIGTERM) for long-running commands; returns the unsubscribe function
   * (default: the process's SIGINT and SIGTERM).
   */
  readonly onInterrupt?: (handler: () => void) => () => void;
  /** The current time in ms (default `Date.now`), for relative `--expires-at +90d`. */
  readonly now?: () => number;
}

/** The options every command accepts (defined on the root program). */
export interface GlobalOptions {
  readonly profile?: string;
  readonly org: string;
  readonly user: string;
  readonly peer?: number | string;
  readonly json?: boolean;
  readonly timeout?: number;
}

/** How a record is shown to humans; default: aligned `key  value` lines. */
export type Render<T> = (value: T) => string;

/**
 * A command group of the CLI (`identity`, `data`, ...): one module per group, listed in `registry.ts`.
 * `register` adds the group's subcommands to the group's command.
 */
export interface CommandGroup {
  /** The group's name on the command line. */
  readonly name: string;
  /** One line for `ndi --help`. */
  readonly description: string;
  /**
   * Adds the subcommands.
   *
   * @param group - the group's command (`ndi <name>`), global options inherited
   * @param ctx - connection, output and progress helpers for the actions
   */
  register(group: Command, ctx: CliContext): void;
}

const defaultInterrupt = (handler: () => void): (() => void) => {
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
};

/**
 * What command actions share: the global options, one lazily opened connection (closed by the runner), output in
 * the chosen format (human tables or one JSON document), and a progress display for writes.
 */
export class CliContext {
  readonly #program: Command;
  readonly #deps: CliDeps;
  readonly stdout: TextSink;
  readonly stderr: ProgressStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly now: () => number;
  readonly onInterrupt: (handler: () => void) => () => void;
  #client: Promise<NdiClient> | undefined;
  #spinner: Promise<Spinner> | undefined;

  /**
   * @param program - the root command, holding the global options
   * @param deps - the environment
   */
  constructor(program: Command, deps: CliDeps = {}) {
    this.#program = program;
    this.#deps = deps;
    this.stdout = deps.stdout ?? process.stdout;
    this.stderr = deps.stderr ?? process.stderr;
    this.env = deps.env ?? process.env;
    this.cwd = deps.cwd ?? process.cwd();
    this.now = deps.now ?? Date.now;
    this.onInterrupt = deps.onInterrupt ?? defaultInterrupt;
  }

  /** The global options as parsed. */
  public get options(): GlobalOptions {
    return this.#program.opts<GlobalOptions>();
  }

  /** Whether `--json` was given. */
  public get json(): boolean {
    return this.options.json === true;
  }

  /** Resolves a path given on the command line against the working folder. */
  public resolve(file: string): string {
    return path.resolve(this.cwd, file);
  }

  /**
   * The connection profile to use: `--profile`, else `$NDI_PROFILE`, else
   * `<runtime>/connection/<org>.json` with `<runtime>` = `$NDI_RUNTIME_DIR` or `network/.runtime`.
   */
  public profilePath(): string {
    const { profile, org } = this.options;
    if (profile !== undefined) {
      return this.resolve(profile);
    }
    const runtime = this.env.NDI_RUNTIME_DIR ?? path.join('network', '.runtime');
    return this.resolve(path.join(runtime, 'connection', `${org}.json`));
  }

  /** The options the connection is opened with. */
  public connectOptions(): ConnectOptions {
    const { user, peer, timeout } = this.options;
    const deadlines: Partial<Deadlines> | undefined =
      timeout === undefined
        ? undefined
        : { evaluateMs: timeout, endorseMs: timeout, submitMs: timeout, commitStatusMs: timeout };
    return {
      profile: this.profilePath(),
      identity: user,
      ...(peer !== undefined && { peer }),
      ...(deadlines !== undefined && { deadlines }),
    };
  }

  /** The connection, opened on first use. */
  public client(): Promise<NdiClient> {
    this.#client ??= (this.#deps.connect ?? NdiClient.connect)(this.connectOptions());
    return this.#client;
  }

  /** Options for the typed chaincode clients: show retries on the progress display. */
  public get clientOptions(): { readonly onRetry: (event: RetryEvent) => void } {
    return {
      onRetry: (event) => {
        void this.spinner().then((spinner) =>
          spinner.update(
            `attempt ${event.attempt} failed (${event.error.message}); retrying in ${Math.round(event.delayMs)} ms`,
          ),
        );
      },
    };
  }

  /** Closes the connection if one was opened. */
  public async close(): Promise<void> {
    const pending = this.#client;
    this.#client = undefined;
    if (pending !== undefined) {
      try {
        (await pending).close();
      } catch {
        // connecting failed: nothing to close, and the failure is reported already
      }
    }
  }

  /** The progress display. */
  public spinner(): Promise<Spinner> {
    this.#spinner ??= this.#deps.spinner
      ? Promise.resolve(this.#deps.spinner)
      : terminalSpinner(this.stderr as ProgressStream & NodeJS.WritableStream);
    return this.#spinner;
  }

  /** Writes to stdout. */
  public out(text: string): void {
    this.stdout.write(text);
  }

  /** Writes a line to stderr (messages that must not pollute `--json` output). */
  public note(text: string): void {
    this.stderr.write(`${text}\n`);
  }

  /**
   * Tells about the private step of a two-step write (details stored in the caller organization's collection
   * before the public write named them), if there was one: on stderr, so that `--json` output stays one document.
   *
   * @param step - the private step's outcome, e.g. `DataAssetSubmitted.privateMetadata`
   * @param what - what it stored, e.g. `private metadata`
   */
  public notePrivateStep(step: Submitted<{ readonly collection: string }> | undefined, what: string): void {
    if (step !== undefined) {
      this.note(
        `${what} stored first in ${step.result.collection} by transaction ${step.transactionId} ` +
          `(block ${step.blockNumber}), endorsed by the caller's organization alone`,
      );
    }
  }

  /**
   * Prints a read's result: the value as JSON with `--json`, else as rendered for humans.
   *
   * @param value - the result
   * @param render - the human form (default: aligned key/value lines)
   */
  public print<T>(value: T, render: Render<T> = formatRecord): void {
    this.out(this.json ? toJson(value) : render(value));
  }

  /**
   * Runs a write with a progress display, then prints its result, transaction ID and block number:
   * `{ transactionId, blockNumber, attempts, result }` with `--json`.
   *
   * @param label - what is being done, e.g. `registering data asset asset-1`
   * @param call - the typed client call
   * @param render - the human form of the result (default: aligned key/value lines)
   * @param extra - more fields of the JSON document (and lines for humans), e.g. a generated salt
   */
  public async submit<T, S extends Submitted<T> = Submitted<T>>(
    label: string,
    call: () => Promise<S>,
    render: Render<T> = formatRecord,
    extra: Record<string, string> = {},
  ): Promise<S> {
    const spinner = await this.spinner();
    spinner.start(label);
    let submitted: S;
    try {
      submitted = await call();
    } catch (err) {
      spinner.fail(`${label}: failed`);
      throw err;
    }
    const { transactionId, blockNumber, attempts, result } = submitted;
    spinner.succeed(`${label}: committed in block ${blockNumber}`);
    if (this.json) {
      this.out(toJson({ transactionId, blockNumber, attempts, ...extra, result }));
    } else {
      const notes = Object.entries(extra).map(([key, value]) => `${key}: ${value}\n`);
      const retried = attempts > 1 ? ` after ${attempts} attempts` : '';
      this.out(
        `${render(result)}${notes.join('')}transaction ${transactionId} committed in block ${blockNumber}${retried}\n`,
      );
    }
    return submitted;
  }
}
