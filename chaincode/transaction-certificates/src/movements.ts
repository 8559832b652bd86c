import type { Context } from 'fabric-contract-api';
import { queryPageByPartialKey, writeJson, type Page, type TxTime } from '@ndi/chaincode-common';
import type { ShareMovement, ShareMovementReason } from './model';
import { KEY_TYPES, movementKey } from './keys';

/**
 * The share movement log: every transaction that moves shares (tokenization mints them to the
 * owner, transfers, settlements) appends one immutable record per movement, keyed by asset, time,
 * transaction ID and position within the transaction. Balances say who holds what now; the log
 * says how it got there, which the regulator's audit trail reads.
 */

/** One movement as a transaction describes it; the record adds the transaction, its time and position. */
export interface MovementInput {
  /** Why the shares moved. */
  reason: ShareMovementReason;
  /** The holder they leave (absent when minted). */
  fromDid?: string;
  /** The holder they go to. */
  toDid: string;
  /** How many. */
  quantity: bigint;
  /** The settled order, for settlements. */
  orderId?: string;
  /** The settlement's certificate, for settlements. */
  certificateId?: string;
}

/**
 * Appends the movements of the current transaction, indexed in the order given (so every endorser
 * writes the same keys). The transaction ID makes each key unique: no existence check (and no
 * extra read) is needed.
 *
 * @returns the records written
 */
export async function recordMovements(
  ctx: Context,
  assetId: string,
  movements: readonly MovementInput[],
  now: TxTime,
): Promise<ShareMovement[]> {
  const txId = ctx.stub.getTxID();
  const records: ShareMovement[] = [];
  for (const [index, movement] of movements.entries()) {
    const record: ShareMovement = {
      assetId,
      reason: movement.reason,
      fromDid: movement.fromDid,
      toDid: movement.toDid,
      quantity: movement.quantity.toString(),
      txId,
      index,
      at: now.iso,
      orderId: movement.orderId,
      certificateId: movement.certificateId,
    };
    await writeJson(ctx, movementKey(assetId, now.iso, txId, index), record);
    records.push(record);
  }
  return records;
}

/** One page of an asset's share movements, oldest first. Read-only transactions only. */
export async function queryMovements(
  ctx: Context,
  assetId: string,
  pageSize: number,
  bookmark: string,
): Promise<Page<ShareMovement>> {
  return queryPageByPartialKey<ShareMovement>(ctx, KEY_TYPES.movement, [assetId], { pageSize, bookmark });
}
