import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import {
  canonicalJson,
  getCaller,
  invalidArgument,
  NdiContract,
  parseArgument,
  compositeKey,
  parseJsonArgument,
  parsePageArguments,
  queryPageByPartialKey,
  txTime,
} from '@ndi/chaincode-common';
import type { CertificateVerification, ShareHolding, TradePage, ShareBalance } from './model';
import { parseDid, parseHash, parseId, requireFuture } from './arguments';
import {
  certificateFilterSchema,
  listingInputSchema,
  orderInputSchema,
  paymentRefSchema,
  reasonSchema,
  sharesSchema,
} from './schemas';
import { KEY_TYPES } from './keys';
import { getDataAsset } from './ports';
import { requireActiveCaller, requireCallerRole, requireTokenization } from './guards';
import { tokenizeAsset, transferShares } from './ownership';
import { queryMovements } from './movements';
import { holdingToBalance, readPosition, toBalance } from './shares';
import {
  cancelListing,
  cancelOrder,
  createListing,
  placeOrder,
  requireListing,
  requireOrder,
  settleTrade,
} from './market';
import {
  issueRegistrationCertificate,
  queryCertificates,
  requireCertificate,
  revokeCertificate,
  verifyCertificate,
} from './certificates';

/**
 * The transaction node: fractional ownership of data assets (tokenization, transfers), the
 * market (listings, orders, settlement with an access grant) and certificates (of trades and of
 * registrations), verifiable by anyone and revocable by regulators only.
 *
 * Every transaction validates all its arguments first, then reads state, then checks the caller,
 * and hands the change to the operation modules. Results are canonical JSON strings; `@Returns`
 * names the model class they encode. Every state-changing transaction emits exactly one event.
 */
@Info({
  title: 'transaction-certificates',
  description: 'Fractional ownership, market and transaction/registration certificates of data assets',
})
export class TransactionCertificatesContract extends NdiContract {
  constructor() {
    super('transaction-certificates');
  }

  // --- fractional ownership --------------------------------------------------------------------

  /**
   * Splits a data asset into `totalShares` shares (1..10^18), all credited to the caller, who must
   * be its registry owner and active; the asset must be active, tradable and not core data. Once
   * per asset. Returns the {@link Tokenization}.
   */
  @Transaction()
  @Returns('Tokenization')
  public async TokenizeAsset(ctx: Context, assetId: string, totalShares: string): Promise<string> {
    const id = parseId(assetId, 'assetId');
    const total = BigInt(parseArgument(sharesSchema, totalShares, 'totalShares'));
    const caller = await requireActiveCaller(ctx, 'tokenizing a data asset');
    const asset = await getDataAsset(ctx, id);
    return canonicalJson(await tokenizeAsset(ctx, asset, total, caller, txTime(ctx)));
  }

  /**
   * Moves `quantity` of the caller's unlisted shares to `toDid` (an active identity, not the
   * caller). Returns the caller's {@link ShareBalance} afterwards.
   */
  @Transaction()
  @Returns('ShareBalance')
  public async TransferShares(ctx: Context, assetId: string, toDid: string, quantity: string): Promise<string> {
    const id = parseId(assetId, 'assetId');
    const to = parseDid(toDid, 'toDid');
    const amount = BigInt(parseArgument(sharesSchema, quantity, 'quantity'));
    const caller = getCaller(ctx);
    if (to === caller.did) {
      throw invalidArgument('toDid: must not be the caller');
    }
    await requireActiveCaller(ctx, 'transferring shares');
    await requireTokenization(ctx, id);
    return canonicalJson(await transferShares(ctx, id, caller.did, to, amount, txTime(ctx)));
  }

  /** The {@link ShareBalance} of `holderDid` (zero if it holds none); `NOT_FOUND` if the asset is not tokenized. */
  @Transaction(false)
  @Returns('ShareBalance')
  public async GetBalance(ctx: Context, assetId: string, holderDid: string): Promise<string> {
    const id = parseId(assetId, 'assetId');
    const did = parseDid(holderDid, 'holderDid');
    await requireTokenization(ctx, id);
    return canonicalJson(toBalance(await readPosition(ctx, id, did)));
  }

  /** The asset's {@link Tokenization}; `NOT_FOUND` if it is not tokenized. */
  @Transaction(false)
  @Returns('Tokenization')
  public async GetTokenization(ctx: Context, assetId: string): Promise<string> {
    return canonicalJson(await requireTokenization(ctx, parseId(assetId, 'assetId')));
  }

  /** One page of the asset's holders (DID order): a {@link TradePage} of {@link ShareBalance}. */
  @Transaction(false)
  @Returns('string')
  public async ListShareholders(ctx: Context, assetId: string, pageSize: string, bookmark: string): Promise<string> {
    const id = parseId(assetId, 'assetId');
    const request = parsePageArguments(pageSize, bookmark, compositeKey(KEY_TYPES.holding, [id]));
    await requireTokenization(ctx, id);
    const page: TradePage<ShareBalance> = await queryPageByPartialKey<ShareBalance>(
      ctx,
      KEY_TYPES.holding,
      [id],
      request,
      (value) => holdingToBalance(value as ShareHolding),
    );
    return canonicalJson(page);
  }

  /**
   * One page of the asset's share movements, oldest first (ties: transaction ID, then position in
   * the transaction): the shares minted at tokenization, direct transfers and trade settlements,
   * each written once by the transaction that made it. Readable by anyone, like the shareholders
   * it explains; `NOT_FOUND` if the asset is not tokenized. A {@link TradePage} of
   * {@link ShareMovement}.
   */
  @Transaction(false)
  @Returns('string')
  public async ListShareMovements(ctx: Context, assetId: string, pageSize: string, bookmark: string): Promise<string> {
    const id = parseId(assetId, 'assetId');
    const request = parsePageArguments(pageSize, bookmark, compositeKey(KEY_TYPES.movement, [id]));
    await requireTokenization(ctx, id);
    return canonicalJson(await queryMovements(ctx, id, request.pageSize, request.bookmark));
  }

  // --- market ----------------------------------------------------------------------------------

  /**
   * Offers some of the caller's unlisted shares (`ListingInput`), for purposes of the asset's
   * policy, priced within the band around its current valuation if it has one. Returns the
   * {@link Listing}.
   */
  @Transaction()
  @Returns('Listing')
  public async CreateListing(ctx: Context, listingJson: string): Promise<string> {
    const input = parseJsonArgument(listingInputSchema, listingJson, { name: 'listing' });
    const now = txTime(ctx);
    requireFuture(input.expiresAt, now, 'expiresAt');
    const seller = await requireActiveCaller(ctx, 'creating a listing');
    const tokenization = await requireTokenization(ctx, input.assetId);
    const asset = await getDataAsset(ctx, input.assetId);
    return canonicalJson(await createListing(ctx, input, asset, tokenization, seller, now));
  }

  /** Withdraws an open listing (seller only), unlocking its unsold shares. Returns the {@link Listing}. */
  @Transaction()
  @Returns('Listing')
  public async CancelListing(ctx: Context, id: string): Promise<string> {
    const listingId = parseId(id, 'id');
    return canonicalJson(await cancelListing(ctx, listingId, getCaller(ctx), txTime(ctx)));
  }

  /** The {@link Listing}; `NOT_FOUND` if there is none. */
  @Transaction(false)
  @Returns('Listing')
  public async GetListing(ctx: Context, id: string): Promise<string> {
    return canonicalJson(await requireListing(ctx, parseId(id, 'id')));
  }

  /**
   * Orders shares of an open, unexpired listing (`OrderInput`), reserving them; the caller must
   * be an active `data-consumer` and not the seller. Returns the {@link Order}.
   */
  @Transaction()
  @Returns('Order')
  public async PlaceOrder(ctx: Context, orderJson: string): Promise<string> {
    const input = parseJsonArgument(orderInputSchema, orderJson, { name: 'order' });
    const now = txTime(ctx);
    const buyer = await requireCallerRole(ctx, 'data-consumer', 'placing an order');
    const listing = await requireListing(ctx, input.listingId);
    const asset = await getDataAsset(ctx, listing.assetId);
    return canonicalJson(await placeOrder(ctx, input, asset, listing, buyer, now));
  }

  /** Cancels a pending order (buyer or seller), releasing its reservation. Returns the {@link Order}. */
  @Transaction()
  @Returns('Order')
  public async CancelOrder(ctx: Context, orderId: string): Promise<string> {
    const id = parseId(orderId, 'orderId');
    return canonicalJson(await cancelOrder(ctx, id, getCaller(ctx), txTime(ctx)));
  }

  /** The {@link Order}; `NOT_FOUND` if there is none. */
  @Transaction(false)
  @Returns('Order')
  public async GetOrder(ctx: Context, orderId: string): Promise<string> {
    return canonicalJson(await requireOrder(ctx, parseId(orderId, 'orderId')));
  }

  /**
   * Settles a pending order (seller only) against the off-chain payment `paymentRef`: moves the
   * shares, grants the buyer access through the data registry, closes the order (and the listing
   * when sold out) and issues a transaction certificate. Returns the {@link Certificate}.
   */
  @Transaction()
  @Returns('Certificate')
  public async SettleTrade(ctx: Context, orderId: string, paymentRef: string): Promise<string> {
    const id = parseId(orderId, 'orderId');
    const reference = parseArgument(paymentRefSchema, paymentRef, 'paymentRef');
    const seller = await requireActiveCaller(ctx, 'settling a trade');
    const order = await requireOrder(ctx, id);
    const tokenization = await requireTokenization(ctx, order.assetId);
    const asset = await getDataAsset(ctx, order.assetId);
    const { certificate } = await settleTrade(ctx, id, reference, asset, tokenization, seller, txTime(ctx));
    return canonicalJson(certificate);
  }

  // --- certificates ----------------------------------------------------------------------------

  /**
   * Issues the registration certificate of the asset's current content version (an active
   * `exchange-operator` only; one valid certificate per version). Returns the {@link Certificate}.
   */
  @Transaction()
  @Returns('Certificate')
  public async IssueRegistrationCertificate(ctx: Context, assetId: string): Promise<string> {
    const id = parseId(assetId, 'assetId');
    const operator = await requireCallerRole(ctx, 'exchange-operator', 'issuing a registration certificate');
    const asset = await getDataAsset(ctx, id);
    return canonicalJson(await issueRegistrationCertificate(ctx, asset, operator, txTime(ctx)));
  }

  /** The {@link Certificate}; `NOT_FOUND` if there is none. */
  @Transaction(false)
  @Returns('Certificate')
  public async GetCertificate(ctx: Context, id: string): Promise<string> {
    return canonicalJson(await requireCertificate(ctx, parseId(id, 'id')));
  }

  /** Whether `certHash` is the certificate's and it is not revoked: a {@link CertificateVerification}. */
  @Transaction(false)
  @Returns('CertificateVerification')
  public async VerifyCertificate(ctx: Context, id: string, certHash: string): Promise<string> {
    const certificateId = parseId(id, 'id');
    const hash = parseHash(certHash, 'certHash');
    const result: CertificateVerification = verifyCertificate(await requireCertificate(ctx, certificateId), hash);
    return canonicalJson(result);
  }

  /** Revokes a valid certificate (an active `regulator` only). Returns the revoked {@link Certificate}. */
  @Transaction()
  @Returns('Certificate')
  public async RevokeCertificate(ctx: Context, id: string, reason: string): Promise<string> {
    const certificateId = parseId(id, 'id');
    const why = parseArgument(reasonSchema, reason, 'reason');
    const regulator = await requireCallerRole(ctx, 'regulator', 'revoking a certificate');
    return canonicalJson(await revokeCertificate(ctx, certificateId, why, regulator, txTime(ctx)));
  }

  /**
   * One page of the certificates of one asset (`{"assetId": ...}`) or one party
   * (`{"partyDid": ...}`), in certificate-ID order: a {@link TradePage} of {@link Certificate}.
   */
  @Transaction(false)
  @Returns('string')
  public async ListCertificates(ctx: Context, filterJson: string, pageSize: string, bookmark: string): Promise<string> {
    const filter = parseJsonArgument(certificateFilterSchema, filterJson, { name: 'filter' });
    const [objectType, attributes] =
      filter.assetId !== undefined
        ? [KEY_TYPES.certificateByAsset, [filter.assetId]]
        : [KEY_TYPES.certificateByParty, [filter.partyDid as string]];
    const page = parsePageArguments(pageSize, bookmark, compositeKey(objectType, attributes));
    return canonicalJson(await queryCertificates(ctx, objectType, attributes, page.pageSize, page.bookmark));
  }
}
