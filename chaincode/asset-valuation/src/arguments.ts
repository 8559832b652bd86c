import { invalidArgument, isoTimestampSchema, parseArgument, type TxTime } from '@ndi/chaincode-common';

/**
 * Parsing of plain-string transaction arguments on top of the kernel's validation. Nothing here
 * touches the ledger, so a transaction can validate everything before its first read.
 */

/**
 * A timestamp strictly after the transaction time, returned normalized to millisecond ISO form.
 *
 * @throws ChaincodeError `INVALID_ARGUMENT` naming `name` for a malformed or past timestamp
 */
export function parseFutureTime(value: unknown, name: string, now: TxTime): string {
  const iso = parseArgument(isoTimestampSchema, value, name);
  const millis = Date.parse(iso);
  if (millis <= now.epochMillis) {
    throw invalidArgument(`${name}: must be after the transaction time ${now.iso}`);
  }
  return new Date(millis).toISOString();
}
