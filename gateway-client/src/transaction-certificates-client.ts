import type {
  Certificate,
  CertificateFilter,
  CertificateVerification,
  Listing,
  ListingInput,
  Order,
  OrderInput,
  ShareBalance,
  ShareMovement,
  Tokenization,
  TradePage,
} from '@ndi/chaincode-transaction-certificates';
import {
  type CallOptions,
  type ChaincodeContract,
  ContractCaller,
  type ContractClientOptions,
  pageArguments,
  type PageRequest,
  type Submitted,
} from './typed-contract';

/**
 * The `transaction-certificates` chaincode (the transaction node), typed: one method per transaction function.
 * Data assets are tokenized into shares, listed, ordered and settled; a settlement moves the shares, grants the
 * buyer access in `data-registry` and issues a transaction certificate that anyone can verify and only a regulator
 * can revoke. Share quantities and money are integers as decimal strings (money in minor units); methods taking
 * one as a plain argument also accept a `bigint`. Writes are submitted and retried per the retry policy and resolve
 * to {@link Submitted}; reads are evaluated and resolve to the parsed result. Business refusals reject with the
 * typed errors (`NotFoundError`, `ForbiddenError`, `FailedPreconditionError`, ...).
 *
 * @example
 * ```typescript
 * const market = client.transactionCertificates();
 * await market.tokenizeAsset('loans-2024', 1000n);
 * await market.createListing({
 *     id: 'lst-1', assetId: 'loans-2024', shares: '100', pricePerShare: '12500', currency: 'CNY',
 *     expiresAt: '2026-12-31T00:00:00Z', purposes: ['credit-scoring'],
 * });
 * // the buyer: await market.placeOrder({ id: 'ord-1', listingId: 'lst-1', shares: '40' });
 * const { result: certificate } = await market.settleTrade('ord-1', 'bank-transfer-20260301-0042');
 * const { valid } = await market.verifyCertificate(certificate.id, certificate.certHash);
 * ```
 */
export class TransactionCertificatesClient {
  /** The chaincode's default name. */
  public static readonly CHAINCODE = 'transaction-certificates';
  readonly #calls: ContractCaller;

  /**
   * @param contract - the `transaction-certificates` chaincode, e.g. `ndiClient.contract('transaction-certificates')`
   * @param options - retry policy and hook for every call
   */
  constructor(contract: ChaincodeContract, options?: ContractClientOptions) {
    this.#calls = new ContractCaller(contract, options);
  }

  // --- fractional ownership ------------------------------------------------------------------

  /**
   * Splits a data asset the caller owns into shares, all credited to the caller. Once per asset; the asset must
   * be active, tradable and not core data.
   *
   * @param assetId - the data asset
   * @param totalShares - 1..10^18 (decimal string or bigint)
   * @throws `ForbiddenError` unless the caller owns it, `AlreadyExistsError` if tokenized,
   *   `FailedPreconditionError` if core, not tradable or retired
   */
  public tokenizeAsset(
    assetId: string,
    totalShares: string | bigint,
    options?: CallOptions,
  ): Promise<Submitted<Tokenization>> {
    return this.#calls.submit('TokenizeAsset', [assetId, String(totalShares)], options);
  }

  /**
   * Moves some of the caller's unlisted shares to another active identity.
   *
   * @param assetId - the data asset
   * @param toDid - the recipient (not the caller)
   * @param quantity - shares to move (decimal string or bigint)
   * @returns the caller's balance afterwards
   * @throws `FailedPreconditionError` if the caller has too few available shares or the recipient is not active
   */
  public transferShares(
    assetId: string,
    toDid: string,
    quantity: string | bigint,
    options?: CallOptions,
  ): Promise<Submitted<ShareBalance>> {
    return this.#calls.submit('TransferShares', [assetId, toDid, String(quantity)], options);
  }

  /**
   * A holder's shares of an asset (zero if it holds none).
   *
   * @param assetId - the data asset
   * @param holderDid - the holder
   * @throws `NotFoundError` if the asset is not tokenized
   */
  public getBalance(assetId: string, holderDid: string, options?: CallOptions): Promise<ShareBalance> {
    return this.#calls.evaluate('GetBalance', [assetId, holderDid], options);
  }

  /**
   * How an asset was tokenized.
   *
   * @param assetId - the data asset
   * @throws `NotFoundError` if it is not tokenized
   */
  public getTokenization(assetId: string, options?: CallOptions): Promise<Tokenization> {
    return this.#calls.evaluate('GetTokenization', [assetId], options);
  }

  /**
   * One page of an asset's holders, in DID order.
   *
   * @param assetId - the data asset
   * @param page - page size and the previous page's bookmark
   * @throws `NotFoundError` if it is not tokenized
   */
  public listShareholders(
    assetId: string,
    page?: PageRequest,
    options?: CallOptions,
  ): Promise<TradePage<ShareBalance>> {
    return this.#calls.evaluate('ListShareholders', [assetId, ...pageArguments(page)], options);
  }

  /**
   * One page of an asset's share movements, oldest first: the shares minted to the owner at tokenization
   * (`tokenize`), direct transfers (`transfer`) and trade settlements (`settlement`, with the order and certificate).
   * Readable by anyone, like the shareholders.
   *
   * @param assetId - the data asset
   * @param page - page size and the previous page's bookmark
   * @throws `NotFoundError` if it is not tokenized
   */
  public listShareMovements(
    assetId: string,
    page?: PageRequest,
    options?: CallOptions,
  ): Promise<TradePage<ShareMovement>> {
    return this.#calls.evaluate('ListShareMovements', [assetId, ...pageArguments(page)], options);
  }

  // --- market --------------------------------------------------------------------------------

  /**
   * Offers some of the caller's unlisted shares, for purposes of the asset's policy, priced within the band
   * around its current valuation if it has one.
   *
   * @param listing - listing ID, asset, shares, price per share (minor units), currency, expiry, purposes
   * @throws `AlreadyExistsError` if the ID is taken, `FailedPreconditionError` for too few available shares,
   *   a purpose outside the policy, or a currency or price outside the band
   */
  public createListing(listing: ListingInput, options?: CallOptions): Promise<Submitted<Listing>> {
    return this.#calls.submit('CreateListing', [JSON.stringify(listing)], options);
  }

  /**
   * Withdraws an open listing (seller only), unlocking its unsold shares.
   *
   * @param id - the listing
   * @throws `FailedPreconditionError` if it is sold or cancelled
   */
  public cancelListing(id: string, options?: CallOptions): Promise<Submitted<Listing>> {
    return this.#calls.submit('CancelListing', [id], options);
  }

  /**
   * A listing.
   *
   * @param id - the listing
   * @throws `NotFoundError` if unknown
   */
  public getListing(id: string, options?: CallOptions): Promise<Listing> {
    return this.#calls.evaluate('GetListing', [id], options);
  }

  /**
   * Orders shares of an open listing, reserving them (an active `data-consumer`, not the seller).
   *
   * @param order - order ID (also the trade's ID), listing, shares
   * @throws `ForbiddenError` without the role or for the seller, `FailedPreconditionError` if the listing is not
   *   open or has fewer shares remaining
   */
  public placeOrder(order: OrderInput, options?: CallOptions): Promise<Submitted<Order>> {
    return this.#calls.submit('PlaceOrder', [JSON.stringify(order)], options);
  }

  /**
   * Cancels a pending order (buyer or seller), releasing its reservation.
   *
   * @param orderId - the order
   * @throws `FailedPreconditionError` if it is settled or cancelled
   */
  public cancelOrder(orderId: string, options?: CallOptions): Promise<Submitted<Order>> {
    return this.#calls.submit('CancelOrder', [orderId], options);
  }

  /**
   * An order.
   *
   * @param orderId - the order
   * @throws `NotFoundError` if unknown
   */
  public getOrder(orderId: string, options?: CallOptions): Promise<Order> {
    return this.#calls.evaluate('GetOrder', [orderId], options);
  }

  /**
   * Settles a pending order (seller only) against an off-chain payment: moves the shares, grants the buyer access
   * in `data-registry`, and issues the transaction certificate.
   *
   * @param orderId - the order
   * @param paymentRef - the seller's reference of the payment (1..128 characters)
   * @returns the transaction certificate
   * @throws `FailedPreconditionError` if the order is not pending, the listing cancelled, or the registry refuses
   *   the grant
   */
  public settleTrade(orderId: string, paymentRef: string, options?: CallOptions): Promise<Submitted<Certificate>> {
    return this.#calls.submit('SettleTrade', [orderId, paymentRef], options);
  }

  // --- certificates --------------------------------------------------------------------------

  /**
   * Issues the registration certificate of an asset's current content version (an active `exchange-operator`).
   *
   * @param assetId - the data asset
   * @throws `AlreadyExistsError` if this version has a valid one, `FailedPreconditionError` if the asset is retired
   */
  public issueRegistrationCertificate(assetId: string, options?: CallOptions): Promise<Submitted<Certificate>> {
    return this.#calls.submit('IssueRegistrationCertificate', [assetId], options);
  }

  /**
   * A certificate.
   *
   * @param id - the certificate
   * @throws `NotFoundError` if unknown
   */
  public getCertificate(id: string, options?: CallOptions): Promise<Certificate> {
    return this.#calls.evaluate('GetCertificate', [id], options);
  }

  /**
   * Whether a hash is the certificate's and the certificate is not revoked (`reason` says why not).
   *
   * @param id - the certificate
   * @param certHash - the `certHash` of the copy presented (SHA-256 hex)
   * @throws `NotFoundError` if the certificate is unknown
   */
  public verifyCertificate(id: string, certHash: string, options?: CallOptions): Promise<CertificateVerification> {
    return this.#calls.evaluate('VerifyCertificate', [id, certHash], options);
  }

  /**
   * Revokes a valid certificate (an active `regulator` only).
   *
   * @param id - the certificate
   * @param reason - public reason (no personal data)
   * @throws `ForbiddenError` without the role, `FailedPreconditionError` if already revoked
   */
  public revokeCertificate(id: string, reason: string, options?: CallOptions): Promise<Submitted<Certificate>> {
    return this.#calls.submit('RevokeCertificate', [id, reason], options);
  }

  /**
   * One page of the certificates of one asset or one party, in certificate-ID order.
   *
   * @param filter - exactly one of `assetId`, `partyDid`
   * @param page - page size and the previous page's bookmark
   */
  public listCertificates(
    filter: CertificateFilter,
    page?: PageRequest,
    options?: CallOptions,
  ): Promise<TradePage<Certificate>> {
    return this.#calls.evaluate('ListCertificates', [JSON.stringify(filter), ...pageArguments(page)], options);
  }
}
