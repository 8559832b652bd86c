/**
 * Progress display on stderr while a transaction is endorsed, ordered and committed: an ora spinner on a
 * terminal, one plain line per step otherwise, nothing in tests. Kept behind this interface because ora is
 * ESM-only and does not load under jest.
 */
export interface Spinner {
  /** Shows a step under way. */
  start(text: string): void;
  /** Changes the text of the step under way (e.g. a retry). */
  update(text: string): void;
  /** Ends the step as done. */
  succeed(text: string): void;
  /** Ends the step as failed. */
  fail(text: string): void;
}

/** Where progress goes. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** Terminal width, when a terminal. */
  readonly columns?: number;
}

/** A spinner that shows nothing. */
export const silentSpinner: Spinner = Object.freeze({
  start: () => undefined,
  update: () => undefined,
  succeed: () => undefined,
  fail: () => undefined,
});

/** One line per start/update, for logs and pipes; the outcome is left to the command's own output. */
export function lineSpinner(stream: ProgressStream): Spinner {
  return {
    start: (text) => void stream.write(`${text}...\n`),
    update: (text) => void stream.write(`${text}\n`),
    succeed: () => undefined,
    fail: () => undefined,
  };
}

/**
 * An ora spinner on a terminal, a {@link lineSpinner} otherwise (or if ora cannot be loaded).
 *
 * @param stream - stderr, usually
 */
export async function terminalSpinner(stream: ProgressStream & NodeJS.WritableStream): Promise<Spinner> {
  // A terminal of unknown or tiny width (some pseudo-terminals report 0 columns) makes ora redraw endlessly.
  const columns = stream.columns ?? 0;
  if (!stream.isTTY || columns < 20) {
    return lineSpinner(stream);
  }
  let ora: typeof import('ora').default;
  try {
    ora = (await import('ora')).default;
  } catch {
    return lineSpinner(stream);
  }
  const spinner = ora({ stream });
  // One line only: a text wider than the terminal would leave wrapped remnants behind.
  const fit = (text: string) => (text.length > columns - 4 ? `${text.slice(0, columns - 5)}…` : text);
  return {
    start: (text) => void spinner.start(fit(text)),
    update: (text) => void (spinner.text = fit(text)),
    succeed: (text) => void spinner.succeed(text),
    fail: (text) => void spinner.fail(text),
  };
}
