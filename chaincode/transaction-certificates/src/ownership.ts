import type { Context } from 'fabric-contract-api';
import {
  alreadyExists,
  emitEvent,
  failedPrecondition,
  forbidden,
  keyExists,
  notFound,
  writeJson,
  type Caller,
  type TxTime,
} from '@ndi/chaincode-common';
import type { DataAsset } from '@ndi/chaincode-data-registry';
import type { ShareBalance, Tokenization } from './model';
import { tokenizationKey } from './keys';
import { findIdentity } from './ports';
import { readPosition, requireAvailable, toBalance, writePosition } from './shares';
import { recordMovements } from './movements';
import { requireTradable } from './guards';

/**
 * Fractional ownership: tokenization (all shares to the registry owner) and transfers. Share
 * conservation: a transfer debits and credits the same quantity, so the balances of an asset
 * always sum to its total shares. Each also appends its share movement record.
 */

/** Splits an asset into `totalShares` shares, all held by its registry owner. */
export async function tokenizeAsset(
  ctx: Context,
  asset: DataAsset,
  totalShares: bigint,
  caller: Caller,
  now: TxTime,
): Promise<Tokenization> {
  if (caller.did !== asset.ownerDid) {
    throw forbidden(`tokenizing data asset '${asset.id}' requires being its owner`);
  }
  requireTradable(asset);
  const key = tokenizationKey(asset.id);
  if (await keyExists(ctx, key)) {
    throw alreadyExists(`data asset '${asset.id}' is already tokenized`);
  }
  const tokenization: Tokenization = {
    assetId: asset.id,
    totalShares: totalShares.toString(),
    tokenizedBy: caller.did,
    tokenizerMsp: caller.mspId,
    tokenizedAt: now.iso,
    txId: ctx.stub.getTxID(),
  };
  await writeJson(ctx, key, tokenization);
  await writePosition(ctx, { assetId: asset.id, holderDid: caller.did, balance: totalShares, listed: 0n });
  await recordMovements(ctx, asset.id, [{ reason: 'tokenize', toDid: caller.did, quantity: totalShares }], now);
  emitEvent(ctx, 'AssetTokenized', { assetId: asset.id, totalShares: tokenization.totalShares, ownerDid: caller.did });
  return tokenization;
}

/** Moves `quantity` unlisted shares from the caller to an active identity. Returns the sender's balance. */
export async function transferShares(
  ctx: Context,
  assetId: string,
  fromDid: string,
  toDid: string,
  quantity: bigint,
  now: TxTime,
): Promise<ShareBalance> {
  const recipient = await findIdentity(ctx, toDid);
  if (recipient === undefined) {
    throw notFound(`toDid: identity '${toDid}' does not exist`);
  }
  if (recipient.status !== 'active') {
    throw failedPrecondition(`toDid: identity '${toDid}' is ${recipient.status}`);
  }
  const from = await readPosition(ctx, assetId, fromDid);
  requireAvailable(from, quantity, 'quantity');
  const to = await readPosition(ctx, assetId, toDid);
  const debited = { ...from, balance: from.balance - quantity };
  await writePosition(ctx, debited);
  await writePosition(ctx, { ...to, balance: to.balance + quantity });
  await recordMovements(ctx, assetId, [{ reason: 'transfer', fromDid, toDid, quantity }], now);
  emitEvent(ctx, 'SharesTransferred', { assetId, fromDid, toDid, quantity: quantity.toString() });
  return toBalance(debited);
}
