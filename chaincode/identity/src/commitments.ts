import { canonicalSha256, sha256Hex } from '@ndi/chaincode-common';
import type { RealNameInput } from './model';

/**
 * Commitments: what the shared ledger keeps instead of personal data. All are salted with a
 * client-chosen secret, because identity numbers, names and phone numbers come from small
 * spaces that an unsalted hash would not protect.
 */

/**
 * The real-name commitment: lowercase hex `sha256(utf8(salt + ":" + idNumber))`. Neither part can
 * contain `:` (see the input schema), so the split is unambiguous; anyone holding the salt and
 * the number can recompute it off-chain.
 */
export function realNameCommitment(input: RealNameInput): string {
  return sha256Hex(`${input.salt}:${input.idNumber}`);
}

/**
 * Hash of a private record as the peers' private data hash gives it: SHA-256 of its canonical
 * JSON, which is exactly the stored bytes. So a public hash can be checked against
 * `getPrivateDataHash` by any peer, member of the collection or not.
 */
export function privateRecordHash(record: object): string {
  return canonicalSha256(record);
}
