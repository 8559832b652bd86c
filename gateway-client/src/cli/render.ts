import { type Column, formatRecord, formatTable } from './format';

/** A page of a listing, as the chaincodes answer it. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly bookmark: string;
  readonly fetchedCount?: number;
}

/** A list as a table, or a note that it is empty. */
export function renderRows<T>(rows: readonly T[], columns: readonly Column<T>[], empty = '(none)'): string {
  return rows.length === 0 ? `${empty}\n` : formatTable(rows, columns);
}

/** A page as a table, followed by how to fetch the next page. */
export function renderPage<T>(columns: readonly Column<T>[]): (page: Page<T>) => string {
  return (page) =>
    renderRows(page.items, columns, '(no records)') + (page.bookmark ? `more: add --bookmark ${page.bookmark}\n` : '');
}

/** A record without some fields (shown separately), as key/value lines. */
export function renderWithout<T extends object>(value: T, omit: readonly (keyof T)[]): string {
  const rest = Object.fromEntries(Object.entries(value).filter(([key]) => !omit.includes(key as keyof T)));
  return formatRecord(rest);
}

/** A boolean for humans. */
export function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}
