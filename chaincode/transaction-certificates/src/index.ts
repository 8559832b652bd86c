/**
 * `@ndi/chaincode-transaction-certificates`: the transaction node chaincode. The model types and
 * the certificate hash rule are exported so that the gateway client imports them instead of
 * copying them.
 *
 * @packageDocumentation
 * @module @ndi/chaincode-transaction-certificates
 */
import { TransactionCertificatesContract } from './transaction-certificates-contract';

export { TransactionCertificatesContract };
export * from './model';
export { computeCertificateHash, UNHASHED_CERTIFICATE_FIELDS } from './certificate-hash';
export {
  priceBand,
  priceBandViolation,
  PRICE_BAND_MIN_PERCENT,
  PRICE_BAND_MAX_PERCENT,
  type PriceBand,
} from './pricing';
export { GRANT_PERIOD_MILLIS } from './market';
export { KEY_TYPES } from './keys';

/** The contracts fabric-chaincode-node starts. */
export const contracts = [TransactionCertificatesContract];
