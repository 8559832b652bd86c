import type { Context } from 'fabric-contract-api';
import { deleteKey, failedPrecondition, readJson, writeJson } from '@ndi/chaincode-common';
import type { ShareBalance, ShareHolding } from './model';
import { holdingKey } from './keys';

/**
 * Share holdings. A holding's `balance` counts all its shares, `listed` those locked in open
 * listings (`listed ≤ balance`). A holding whose balance reaches zero is deleted, so the
 * shareholder listing names holders only. All arithmetic is bigint on decimal strings.
 */

/** A holding in bigint form; zero balance when the holder has none. */
export interface Position {
  /** The data asset. */
  assetId: string;
  /** The holder. */
  holderDid: string;
  /** Shares held. */
  balance: bigint;
  /** Shares locked in open listings. */
  listed: bigint;
}

/** The holder's position (zero if it holds nothing). */
export async function readPosition(ctx: Context, assetId: string, holderDid: string): Promise<Position> {
  const holding = await readJson<ShareHolding>(ctx, holdingKey(assetId, holderDid));
  return {
    assetId,
    holderDid,
    balance: BigInt(holding?.balance ?? '0'),
    listed: BigInt(holding?.listed ?? '0'),
  };
}

/**
 * Stores a position: deletes the key at zero balance.
 *
 * @throws Error if the position breaks `0 ≤ listed ≤ balance` (a bug, never a client error)
 */
export async function writePosition(ctx: Context, position: Position): Promise<void> {
  if (position.listed < 0n || position.listed > position.balance) {
    throw new Error(`share invariant broken for ${position.holderDid} on ${position.assetId}`);
  }
  const key = holdingKey(position.assetId, position.holderDid);
  if (position.balance === 0n) {
    await deleteKey(ctx, key);
    return;
  }
  const holding: ShareHolding = {
    assetId: position.assetId,
    holderDid: position.holderDid,
    balance: position.balance.toString(),
    listed: position.listed.toString(),
  };
  await writeJson(ctx, key, holding);
}

/** The public view of a position. */
export function toBalance(position: Position): ShareBalance {
  return {
    assetId: position.assetId,
    holderDid: position.holderDid,
    balance: position.balance.toString(),
    listed: position.listed.toString(),
    available: (position.balance - position.listed).toString(),
  };
}

/** The view of a stored holding (for listings of shareholders). */
export function holdingToBalance(holding: ShareHolding): ShareBalance {
  return toBalance({
    assetId: holding.assetId,
    holderDid: holding.holderDid,
    balance: BigInt(holding.balance),
    listed: BigInt(holding.listed),
  });
}

/**
 * Requires `quantity` unlisted shares.
 *
 * @throws ChaincodeError `FAILED_PRECONDITION` naming what is available
 */
export function requireAvailable(position: Position, quantity: bigint, field: string): void {
  const available = position.balance - position.listed;
  if (available < quantity) {
    throw failedPrecondition(
      `${field}: ${quantity} shares of '${position.assetId}' requested but only ${available} available ` +
        `(balance ${position.balance}, listed ${position.listed})`,
    );
  }
}
