import { isNotCommitted } from './deploy';
import { checkOsnadminJoin } from './network';

describe('replies of the Fabric CLIs', () => {
  it('takes only osnadmin status 201 as joined, whatever its exit code said', () => {
    expect(() =>
      checkOsnadminJoin('Status: 201\n{\n\t"name": "ndi",\n\t"status": "active"\n}\n', 'orderer0'),
    ).not.toThrow();
    expect(() =>
      checkOsnadminJoin('Status: 405\n{\n\t"error": "cannot join: channel already exists"\n}\n', 'orderer1'),
    ).toThrow(
      /^osnadmin channel join on orderer1 answered status 405: \{\n\t"error": "cannot join: channel already exists"\n\}$/,
    );
    expect(() => checkOsnadminJoin('', 'orderer2')).toThrow(/answered no status$/);
  });

  it('reads a never-committed chaincode from querycommitted, and nothing else', () => {
    expect(isNotCommitted('Error: query failed with status: 404 - namespace identity is not defined')).toBe(true);
    expect(isNotCommitted('namespace data-registry is not defined')).toBe(true);
    expect(isNotCommitted('Error: failed to connect to 127.0.0.1:27022: context deadline exceeded')).toBe(false);
    expect(isNotCommitted('Error: query failed with status: 500 - could not load channel config')).toBe(false);
  });
});
