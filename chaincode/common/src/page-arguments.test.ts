import { compositeKey } from './keys';
import { parsePageArguments } from './page-arguments';

describe('parsePageArguments', () => {
  const prefix = compositeKey('asset', ['alice']);

  it('defaults, caps and keeps a bookmark of the same listing', () => {
    expect(parsePageArguments('', '', prefix)).toEqual({ pageSize: 20, bookmark: '' });
    expect(parsePageArguments('7', `${prefix}x\u0000`, prefix)).toEqual({ pageSize: 7, bookmark: `${prefix}x\u0000` });
    expect(parsePageArguments('500', '', prefix).pageSize).toBe(100);
  });

  it('refuses malformed sizes and bookmarks of other listings, naming the field', () => {
    for (const size of ['0', '-1', '1.5', 'ten', '10000', 5]) {
      expect(() => parsePageArguments(size, '', prefix)).toThrow(/^INVALID_ARGUMENT: pageSize: /);
    }
    expect(() => parsePageArguments('10', compositeKey('asset', ['bob']), prefix)).toThrow(
      'INVALID_ARGUMENT: bookmark: does not belong to this listing',
    );
    expect(() => parsePageArguments('10', 'b'.repeat(2049), prefix)).toThrow(/^INVALID_ARGUMENT: bookmark: /);
  });
});
