import { z } from 'zod';
import { invalidArgument } from './errors';
import { PageRequest, resolvePageSize } from './pagination';
import { bookmarkSchema } from './schemas';
import { parseArgument } from './validation';

/** A page size as a transaction argument: a decimal string, or `''` for the default. */
const pageSizeArgument = z.string().regex(/^(|[1-9][0-9]{0,3})$/, 'must be a positive integer or empty');

/**
 * The paging arguments of a listing whose keys start with `prefix` (its partial composite key):
 * the page size as a decimal string (`''` for the default, larger than the maximum capped to it)
 * and a bookmark (`''` for the first page). On LevelDB a bookmark is simply the key to resume
 * from, so a bookmark taken from another listing would page through someone else's index: it is
 * refused.
 *
 * @throws ChaincodeError `INVALID_ARGUMENT` naming `pageSize` or `bookmark`
 */
export function parsePageArguments(pageSize: unknown, bookmark: unknown, prefix: string): Required<PageRequest> {
  const size = parseArgument(pageSizeArgument, pageSize, 'pageSize');
  const from = parseArgument(bookmarkSchema, bookmark, 'bookmark');
  if (from !== '' && !from.startsWith(prefix)) {
    throw invalidArgument('bookmark: does not belong to this listing');
  }
  return { pageSize: resolvePageSize(size === '' ? undefined : Number(size)), bookmark: from };
}
