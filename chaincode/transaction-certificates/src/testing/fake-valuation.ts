import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { z } from 'zod';
import {
  canonicalJson,
  compositeKey,
  currencySchema,
  decimalIntegerSchema,
  deleteKey,
  emitEvent,
  idSchema,
  isoTimestampSchema,
  notFound,
  parseJsonArgument,
  readJson,
  txTime,
  writeJson,
} from '@ndi/chaincode-common';
import type { ValuationSummary } from '../ports';

/**
 * A stand-in for the `asset-valuation` chaincode in unit tests: `GetCurrentValuation` over
 * valuations a test seeds with `Seed` (and removes with `Clear`). Test-only: it lives under
 * `testing/`, which the package build excludes.
 */

const valuationSchema = z.strictObject({
  assetId: idSchema,
  requestId: idSchema.default('vr-1'),
  value: decimalIntegerSchema,
  currency: currencySchema.default('CNY'),
  validUntil: isoTimestampSchema.default('2030-01-01T00:00:00.000Z'),
});

const valuationKey = (assetId: string): string => compositeKey('currentValuation', [assetId]);

/** The fake valuation chaincode; deploy it as `asset-valuation`. */
@Info({ title: 'asset-valuation', description: 'test double of the asset-valuation chaincode' })
export class FakeValuationContract extends Contract {
  constructor() {
    super('asset-valuation');
  }

  /** Creates or replaces the current valuation of an asset (test seeding, no access control). */
  @Transaction()
  public async Seed(ctx: Context, valuationJson: string): Promise<void> {
    const valuation = parseJsonArgument(valuationSchema, valuationJson, { name: 'valuation' });
    await writeJson(ctx, valuationKey(valuation.assetId), valuation);
    emitEvent(ctx, 'ValuationSeeded', { assetId: valuation.assetId });
  }

  /** Removes the current valuation of an asset. */
  @Transaction()
  public async Clear(ctx: Context, assetId: string): Promise<void> {
    await deleteKey(ctx, valuationKey(assetId));
    emitEvent(ctx, 'ValuationCleared', { assetId });
  }

  /** The current valuation; `NOT_FOUND` if there is none or it expired (as the real one). */
  @Transaction(false)
  @Returns('string')
  public async GetCurrentValuation(ctx: Context, assetId: string): Promise<string> {
    const valuation = await readJson<ValuationSummary>(ctx, valuationKey(assetId));
    if (valuation === undefined || Date.parse(valuation.validUntil) <= txTime(ctx).epochMillis) {
      throw notFound(`data asset '${assetId}' has no current valuation`);
    }
    return canonicalJson(valuation);
  }
}
