import type { Context } from 'fabric-contract-api';
import {
  emitEvent,
  failedPrecondition,
  forbidden,
  formatDecimalInteger,
  insertJson,
  readJsonOrThrow,
  writeJson,
  type Caller,
  type TxTime,
} from '@ndi/chaincode-common';
import type { DataAsset } from '@ndi/chaincode-data-registry';
import type { Certificate, Listing, ListingInput, Order, OrderInput, PriceReference, Tokenization } from './model';
import { listingKey, orderKey } from './keys';
import { priceBandViolation } from './pricing';
import { readPosition, requireAvailable, writePosition } from './shares';
import { requireTradable } from './guards';
import { currentValuation, grantAccessForTrade } from './ports';
import { deriveId, issueCertificate } from './certificates';
import { recordMovements } from './movements';

/**
 * The market: listings lock the seller's shares, orders reserve a listing's shares, settlement
 * moves them, grants the buyer access through the data registry and certifies the trade, all in
 * one transaction. Every step reads and rewrites the listing record, so two transactions racing
 * for the same shares conflict on that key at validation (MVCC): one commits, the other is
 * invalidated, and nothing is ever oversold.
 */

/** How long a trade's access grant lasts, unless the asset's policy expires earlier: 365 days. */
export const GRANT_PERIOD_MILLIS = 365 * 24 * 60 * 60 * 1000;

/** The listing record, or `NOT_FOUND`. */
export async function requireListing(ctx: Context, id: string): Promise<Listing> {
  return readJsonOrThrow<Listing>(ctx, listingKey(id), `listing '${id}'`);
}

/** The order record, or `NOT_FOUND`. */
export async function requireOrder(ctx: Context, id: string): Promise<Order> {
  return readJsonOrThrow<Order>(ctx, orderKey(id), `order '${id}'`);
}

function requirePurposesInPolicy(purposes: readonly string[], asset: DataAsset): void {
  const index = purposes.findIndex((purpose) => !asset.policy.purposes.includes(purpose));
  if (index >= 0) {
    throw failedPrecondition(`purposes[${index}]: '${purposes[index]}' is not a purpose of the asset's policy`);
  }
}

function requireOpen(listing: Listing, nowMillis: number): void {
  if (listing.status !== 'open') {
    throw failedPrecondition(`listing '${listing.id}' is ${listing.status}`);
  }
  if (Date.parse(listing.expiresAt) <= nowMillis) {
    throw failedPrecondition(`listing '${listing.id}' expired at ${listing.expiresAt}`);
  }
}

/** Creates a listing and locks its shares in the seller's holding. */
export async function createListing(
  ctx: Context,
  input: ListingInput,
  asset: DataAsset,
  tokenization: Tokenization,
  seller: Caller,
  now: TxTime,
): Promise<Listing> {
  requireTradable(asset);
  requirePurposesInPolicy(input.purposes, asset);
  const shares = BigInt(input.shares);
  const position = await readPosition(ctx, asset.id, seller.did);
  requireAvailable(position, shares, 'shares');
  const valuation = await currentValuation(ctx, asset.id, now.epochMillis);
  const reference: PriceReference | undefined = valuation && {
    requestId: valuation.requestId,
    value: valuation.value,
    currency: valuation.currency,
  };
  const violation = priceBandViolation(
    BigInt(input.pricePerShare),
    input.currency,
    BigInt(tokenization.totalShares),
    reference,
  );
  if (violation !== undefined) {
    throw failedPrecondition(violation);
  }
  const listing: Listing = {
    id: input.id,
    assetId: asset.id,
    sellerDid: seller.did,
    sellerMsp: seller.mspId,
    shares: input.shares,
    remaining: input.shares,
    reserved: '0',
    sold: '0',
    pricePerShare: input.pricePerShare,
    currency: input.currency,
    purposes: input.purposes,
    expiresAt: input.expiresAt,
    status: 'open',
    priceReference: reference,
    createdAt: now.iso,
    updatedAt: now.iso,
  };
  await insertJson(ctx, listingKey(listing.id), listing, `listing '${listing.id}'`);
  await writePosition(ctx, { ...position, listed: position.listed + shares });
  emitEvent(ctx, 'ListingCreated', {
    listingId: listing.id,
    assetId: asset.id,
    sellerDid: seller.did,
    shares: listing.shares,
    pricePerShare: listing.pricePerShare,
    currency: listing.currency,
    expiresAt: listing.expiresAt,
  });
  return listing;
}

/**
 * Withdraws an open listing (seller only, also after expiry): every unsold share (remaining and
 * reserved) is unlocked. Pending orders on it can then no longer settle; buyer or seller cancel them.
 */
export async function cancelListing(ctx: Context, id: string, caller: Caller, now: TxTime): Promise<Listing> {
  const listing = await requireListing(ctx, id);
  if (listing.sellerDid !== caller.did) {
    throw forbidden(`cancelling listing '${id}' requires being its seller`);
  }
  if (listing.status !== 'open') {
    throw failedPrecondition(`listing '${id}' is ${listing.status}`);
  }
  const unlocked = BigInt(listing.remaining) + BigInt(listing.reserved);
  const position = await readPosition(ctx, listing.assetId, listing.sellerDid);
  await writePosition(ctx, { ...position, listed: position.listed - unlocked });
  const cancelled: Listing = { ...listing, status: 'cancelled', updatedAt: now.iso };
  await writeJson(ctx, listingKey(id), cancelled);
  emitEvent(ctx, 'ListingCancelled', { listingId: id, assetId: listing.assetId, unlockedShares: unlocked.toString() });
  return cancelled;
}

/** Places an order: reserves shares from the listing's remaining quantity. */
export async function placeOrder(
  ctx: Context,
  input: OrderInput,
  asset: DataAsset,
  listing: Listing,
  buyer: Caller,
  now: TxTime,
): Promise<Order> {
  if (listing.sellerDid === buyer.did) {
    throw forbidden(`the seller may not order from its own listing '${listing.id}'`);
  }
  requireOpen(listing, now.epochMillis);
  requireTradable(asset);
  if (asset.policy.allowedMsps !== undefined && !asset.policy.allowedMsps.includes(buyer.mspId)) {
    throw failedPrecondition(`organization ${buyer.mspId} is not in the policy's allowedMsps of '${asset.id}'`);
  }
  const shares = BigInt(input.shares);
  const remaining = BigInt(listing.remaining);
  if (shares > remaining) {
    throw failedPrecondition(`shares: ${shares} requested but listing '${listing.id}' has only ${remaining} left`);
  }
  const order: Order = {
    id: input.id,
    listingId: listing.id,
    assetId: listing.assetId,
    buyerDid: buyer.did,
    buyerMsp: buyer.mspId,
    sellerDid: listing.sellerDid,
    shares: input.shares,
    pricePerShare: listing.pricePerShare,
    totalPrice: formatDecimalInteger(shares * BigInt(listing.pricePerShare), 'totalPrice'),
    currency: listing.currency,
    status: 'pending',
    placedAt: now.iso,
    updatedAt: now.iso,
  };
  await insertJson(ctx, orderKey(order.id), order, `order '${order.id}'`);
  await writeJson(ctx, listingKey(listing.id), {
    ...listing,
    remaining: (remaining - shares).toString(),
    reserved: (BigInt(listing.reserved) + shares).toString(),
    updatedAt: now.iso,
  });
  emitEvent(ctx, 'OrderPlaced', {
    orderId: order.id,
    listingId: listing.id,
    assetId: order.assetId,
    buyerDid: buyer.did,
    shares: order.shares,
    totalPrice: order.totalPrice,
    currency: order.currency,
  });
  return order;
}

/** Cancels a pending order (buyer or seller); its reservation returns to an open listing. */
export async function cancelOrder(ctx: Context, id: string, caller: Caller, now: TxTime): Promise<Order> {
  const order = await requireOrder(ctx, id);
  if (caller.did !== order.buyerDid && caller.did !== order.sellerDid) {
    throw forbidden(`cancelling order '${id}' requires being its buyer or seller`);
  }
  if (order.status !== 'pending') {
    throw failedPrecondition(`order '${id}' is ${order.status}`);
  }
  const listing = await requireListing(ctx, order.listingId);
  // A cancelled listing already unlocked the reservation in the seller's holding.
  if (listing.status === 'open') {
    const shares = BigInt(order.shares);
    await writeJson(ctx, listingKey(listing.id), {
      ...listing,
      remaining: (BigInt(listing.remaining) + shares).toString(),
      reserved: (BigInt(listing.reserved) - shares).toString(),
      updatedAt: now.iso,
    });
  }
  const cancelled: Order = { ...order, status: 'cancelled', cancelledBy: caller.did, updatedAt: now.iso };
  await writeJson(ctx, orderKey(id), cancelled);
  emitEvent(ctx, 'OrderCancelled', { orderId: id, listingId: order.listingId, cancelledBy: caller.did });
  return cancelled;
}

/** Result of a settlement. */
export interface Settlement {
  /** The settled order. */
  order: Order;
  /** The transaction certificate. */
  certificate: Certificate;
}

/** The end of a trade's access grant: the grant period, capped by the policy's expiry. */
export function accessExpiry(asset: DataAsset, now: TxTime): string {
  const end = now.epochMillis + GRANT_PERIOD_MILLIS;
  const policyEnd = asset.policy.expiresAt === undefined ? end : Date.parse(asset.policy.expiresAt);
  return new Date(Math.min(end, policyEnd)).toISOString();
}

/**
 * Settles a pending order (seller only): shares move from the seller (balance and listed down)
 * to the buyer, the buyer gets access for the listing's purposes through the data registry, the
 * order closes (and the listing when fully sold), a transaction certificate is issued, and the
 * movement is logged with the order and certificate.
 */
export async function settleTrade(
  ctx: Context,
  orderId: string,
  paymentRef: string,
  asset: DataAsset,
  tokenization: Tokenization,
  seller: Caller,
  now: TxTime,
): Promise<Settlement> {
  const order = await requireOrder(ctx, orderId);
  if (order.sellerDid !== seller.did) {
    throw forbidden(`settling order '${orderId}' requires being its seller`);
  }
  if (order.status !== 'pending') {
    throw failedPrecondition(`order '${orderId}' is ${order.status}`);
  }
  const listing = await requireListing(ctx, order.listingId);
  if (listing.status !== 'open') {
    throw failedPrecondition(`listing '${listing.id}' is ${listing.status}`);
  }
  if (asset.policy.expiresAt !== undefined && Date.parse(asset.policy.expiresAt) <= now.epochMillis) {
    throw failedPrecondition(`the policy of data asset '${asset.id}' expired at ${asset.policy.expiresAt}`);
  }
  const shares = BigInt(order.shares);
  const from = await readPosition(ctx, asset.id, seller.did);
  const to = await readPosition(ctx, asset.id, order.buyerDid);
  await writePosition(ctx, { ...from, balance: from.balance - shares, listed: from.listed - shares });
  await writePosition(ctx, { ...to, balance: to.balance + shares });

  const reserved = BigInt(listing.reserved) - shares;
  const soldOut = reserved === 0n && listing.remaining === '0';
  await writeJson(ctx, listingKey(listing.id), {
    ...listing,
    reserved: reserved.toString(),
    sold: (BigInt(listing.sold) + shares).toString(),
    status: soldOut ? 'sold' : 'open',
    updatedAt: now.iso,
  });

  const txId = ctx.stub.getTxID();
  let grantId: string | undefined;
  let accessExpiresAt: string | undefined;
  // The registry owner needs no grant (and the registry refuses one).
  if (order.buyerDid !== asset.ownerDid) {
    accessExpiresAt = accessExpiry(asset, now);
    const grant = await grantAccessForTrade(ctx, asset.id, {
      grantId: deriveId(txId, 'grant', 'trade'),
      granteeDid: order.buyerDid,
      purposes: listing.purposes,
      expiresAt: accessExpiresAt,
      tradeId: order.id,
    });
    grantId = grant.grantId;
  }
  const certificate = await issueCertificate(
    ctx,
    asset,
    {
      type: 'transaction',
      parties: [
        { role: 'seller', did: seller.did, mspId: seller.mspId },
        { role: 'buyer', did: order.buyerDid, mspId: order.buyerMsp },
      ],
      terms: {
        orderId: order.id,
        listingId: listing.id,
        shares: order.shares,
        totalShares: tokenization.totalShares,
        pricePerShare: order.pricePerShare,
        price: order.totalPrice,
        currency: order.currency,
        purposes: listing.purposes,
        paymentRef,
        grantId,
        accessExpiresAt,
      },
      issuer: seller,
    },
    now,
  );
  const settled: Order = {
    ...order,
    status: 'settled',
    paymentRef,
    certificateId: certificate.id,
    grantId,
    updatedAt: now.iso,
  };
  await writeJson(ctx, orderKey(order.id), settled);
  await recordMovements(
    ctx,
    asset.id,
    [
      {
        reason: 'settlement',
        fromDid: seller.did,
        toDid: order.buyerDid,
        quantity: shares,
        orderId: order.id,
        certificateId: certificate.id,
      },
    ],
    now,
  );
  emitEvent(ctx, 'TradeSettled', {
    orderId: order.id,
    listingId: listing.id,
    assetId: asset.id,
    sellerDid: seller.did,
    buyerDid: order.buyerDid,
    shares: order.shares,
    price: order.totalPrice,
    currency: order.currency,
    certificateId: certificate.id,
    certHash: certificate.certHash,
    grantId,
  });
  return { order: settled, certificate };
}
