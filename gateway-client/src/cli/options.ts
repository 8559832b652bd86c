import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { InvalidArgumentError as InvalidOptionValue } from 'commander';
import { UsageError } from './exit-codes';

// Option value parsers for commander: they throw commander's InvalidArgumentError, which it reports as a usage
// error naming the option.

/** A non-negative integer (`--page-size`, `--depth`, block numbers as number). */
export function parseInteger(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidOptionValue('must be a non-negative integer');
  }
  return Number(value);
}

/** A positive integer. */
export function parsePositiveInteger(value: string): number {
  const n = parseInteger(value);
  if (n === 0) {
    throw new InvalidOptionValue('must be a positive integer');
  }
  return n;
}

/** A block number (`--start-block`), exact beyond 2^53. */
export function parseBlockNumber(value: string): bigint {
  if (!/^\d+$/.test(value)) {
    throw new InvalidOptionValue('must be a block number (a non-negative integer)');
  }
  return BigInt(value);
}

/** An amount of money in integer minor units (the ledger's only money format): a decimal integer string. */
export function parseMinorUnits(value: string): string {
  if (!/^(0|[1-9]\d{0,29})$/.test(value)) {
    throw new InvalidOptionValue('must be an integer amount in minor units (e.g. cents), without separators');
  }
  return value;
}

/** A SHA-256 digest; upper-case hex is accepted and lower-cased (the ledger's form). */
export function parseSha256(value: string): string {
  if (!/^[0-9a-fA-F]{64}$/.test(value)) {
    throw new InvalidOptionValue('must be a SHA-256 digest: 64 hex characters');
  }
  return value.toLowerCase();
}

const UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration: `500ms`, `30s`, `2m`; a bare number means seconds. Returns milliseconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  const ms = match ? Number(match[1]) * (UNITS_MS[match[2] ?? 's'] ?? 1_000) : NaN;
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new InvalidOptionValue('must be a positive duration, e.g. 30s, 2m or 500ms (a bare number is seconds)');
  }
  return Math.round(ms);
}

/**
 * An instant, normalised to ISO-8601 UTC (what the chaincodes store): an ISO date or date-time
 * (`2026-12-31`, `2026-12-31T18:00:00+08:00`), or a time from now: `+90d`, `+12h`, `+30m`.
 *
 * @param value - the option value
 * @param now - the current time (a test seam)
 */
export function parseInstant(value: string, now: () => number = Date.now): string {
  const relative = /^\+(\d+)([mhd])$/.exec(value);
  if (relative) {
    return new Date(now() + Number(relative[1]) * (UNITS_MS[relative[2] as string] as number)).toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    throw new InvalidOptionValue('must be an ISO-8601 date or date-time (2026-12-31T00:00:00Z) or +<n>d|h|m');
  }
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new InvalidOptionValue('is not a valid date');
  }
  return new Date(time).toISOString();
}

/** The `--peer` option: an index into the profile's peers, or a peer name. */
export function parsePeer(value: string): number | string {
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Collects a repeatable option into an array (`--purpose a --purpose b`); comma lists are split too. */
export function collect(value: string, previous: string[] | undefined): string[] {
  const parts = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  return [...(previous ?? []), ...parts];
}

/**
 * Reads a JSON file.
 *
 * @param file - its path
 * @param what - what it should hold, for messages
 * @throws {@link UsageError} if it cannot be read, is not JSON, or (with `object`) not a JSON object
 */
export async function readJsonFile<T = unknown>(file: string, what: string, object = true): Promise<T> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} file ${file}: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${what} file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (object && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new UsageError(`${what} file ${file} must hold a JSON object`);
  }
  return value as T;
}

/** A fresh salt for hash commitments: 32 characters of base64url, within the chaincodes' 16..128 `[A-Za-z0-9_-]`. */
export function randomSalt(): string {
  return randomBytes(24).toString('base64url');
}

/** A fresh client-chosen ID in the chaincodes' ID alphabet, e.g. `grant-3f9a0c1d2b4e`. */
export function randomId(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/** Exactly one of the named options must be given. */
export function exactlyOne(options: Record<string, unknown>, names: readonly string[]): void {
  const given = names.filter((name) => options[name] !== undefined);
  if (given.length !== 1) {
    const flags = names.map((name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    throw new UsageError(`give exactly one of ${flags.join(', ')}`);
  }
}

/** A share quantity: a positive decimal integer string (quantities may exceed 2^53). */
export function parseQuantity(value: string): string {
  if (!/^[1-9]\d{0,29}$/.test(value)) {
    throw new InvalidOptionValue('must be a positive integer');
  }
  return value;
}
