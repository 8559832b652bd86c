/**
 * Output formatting of the `ndi` CLI: JSON that survives bigints, and small plain-text tables for humans.
 */

/** `JSON.stringify` replacer: bigints become numbers when exact, decimal strings beyond 2^53. */
function bigintReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  return value;
}

/** One JSON document, pretty-printed (or on one line for JSON Lines), with a trailing newline. */
export function toJson(value: unknown, compact = false): string {
  return JSON.stringify(value, bigintReplacer, compact ? undefined : 2) + '\n';
}

/** A table column: its header and how to get a cell from a row. */
export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => unknown;
}

/** A cell as text: nothing for absent values, arrays comma-joined, objects as compact JSON. */
export function cell(value: unknown): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (Array.isArray(value)) {
    return value.every((v) => typeof v !== 'object' || v === null)
      ? value.map(cell).join(', ')
      : toJson(value, true).trim();
  }
  if (typeof value === 'object') {
    return toJson(value, true).trim();
  }
  // Control characters from the ledger must not reach the terminal.
  // eslint-disable-next-line no-control-regex
  return String(value).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** Pads to a width, counting code points (good enough for the ASCII the ledger mostly holds). */
function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

/** Lays out rows under headers, columns separated by two spaces, with no trailing blanks. */
export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((column) => cell(column.value(row))));
  const headers = columns.map((column) => column.header.toUpperCase());
  const widths = headers.map((header, i) =>
    Math.max([...header].length, ...cells.map((r) => [...(r[i] ?? '')].length)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => (i === values.length - 1 ? value : pad(value, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...cells.map(line)].join('\n') + '\n';
}

/**
 * Flattens a record into `key: value` pairs: nested objects become dotted keys, arrays of objects indexed keys
 * (`entries[0].txId`), arrays of plain values one comma-joined value.
 */
export function flatten(value: unknown, prefix = ''): [string, string][] {
  if (value === null || typeof value !== 'object') {
    return [[prefix || 'value', cell(value)]];
  }
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) {
      return [[prefix || 'value', cell(value)]];
    }
    return value.flatMap((item, i) => flatten(item, `${prefix}[${i}]`));
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) {
    return [[prefix || 'value', '{}']];
  }
  return entries.flatMap(([key, v]) => flatten(v, prefix ? `${prefix}.${key}` : key));
}

/** A record as aligned `key  value` lines. */
export function formatRecord(value: unknown): string {
  const pairs = flatten(value);
  const width = Math.max(...pairs.map(([key]) => key.length));
  return pairs.map(([key, v]) => `${pad(key, width)}  ${v}`.trimEnd()).join('\n') + '\n';
}
