import { z } from 'zod';
import { invalidArgument } from './errors';

/** Default cap on the raw length of a JSON argument: 64 KiB of UTF-16 code units. */
export const MAX_JSON_ARGUMENT_LENGTH = 64 * 1024;

/** Options for {@link parseJsonArgument}. */
export interface ParseJsonOptions {
  /** How to name the argument in error messages when an issue has no field path. Default `input`. */
  name?: string;
  /** Cap on the raw JSON length. Default {@link MAX_JSON_ARGUMENT_LENGTH}. */
  maxLength?: number;
  /** Prefix for field paths in error messages, e.g. `transient.person` gives `transient.person.name`. */
  pathPrefix?: string;
}

/**
 * Formats a zod issue path the way a JavaScript reader writes it: `policy.purposes[0]`.
 * An empty path is rendered as `fallback`.
 */
export function formatIssuePath(path: readonly PropertyKey[], fallback = 'input', prefix = ''): string {
  let out = prefix;
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else {
      const name = String(segment);
      out += out.length === 0 ? name : `.${name}`;
    }
  }
  return out.length === 0 ? fallback : out;
}

/**
 * Turns a zod error into one `INVALID_ARGUMENT` message naming every failing field, e.g.
 * `INVALID_ARGUMENT: policy.purposes[0]: Invalid input; name: Too small`.
 */
export function zodErrorMessage(error: z.ZodError, fallback = 'input', prefix = ''): string {
  return error.issues.map((issue) => `${formatIssuePath(issue.path, fallback, prefix)}: ${issue.message}`).join('; ');
}

/**
 * Validates an already-parsed value against `schema`.
 *
 * @param schema - the zod schema
 * @param value - the value to validate
 * @param name - how to name the value in error messages when an issue has no path
 * @param pathPrefix - prepended to every field path (see {@link ParseJsonOptions.pathPrefix})
 * @throws ChaincodeError `INVALID_ARGUMENT` naming each failing field path
 */
export function parseArgument<S extends z.ZodType>(
  schema: S,
  value: unknown,
  name = 'input',
  pathPrefix = '',
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw invalidArgument(zodErrorMessage(result.error, name, pathPrefix));
  }
  return result.data;
}

/**
 * Parses a JSON string transaction argument and validates it against `schema`. Use strict
 * object schemas (`z.strictObject`) so that unknown fields are refused rather than silently
 * dropped: a client sending a misspelt field must learn about it.
 *
 * @throws ChaincodeError `INVALID_ARGUMENT` for a non-string, over-long or malformed JSON
 *   argument, or a value the schema rejects
 */
export function parseJsonArgument<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  options: ParseJsonOptions = {},
): z.output<S> {
  const name = options.name ?? 'input';
  const maxLength = options.maxLength ?? MAX_JSON_ARGUMENT_LENGTH;
  if (typeof raw !== 'string') {
    throw invalidArgument(`${name}: expected a JSON string`);
  }
  if (raw.length > maxLength) {
    throw invalidArgument(`${name}: JSON exceeds ${maxLength} characters`);
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw invalidArgument(`${name}: malformed JSON (${(error as Error).message})`);
  }
  return parseArgument(schema, value, name, options.pathPrefix);
}
