import { sha256Hex } from '@ndi/chaincode-common';
import { createIdentity, InMemoryLedger, type TestIdentity } from '@ndi/chaincode-common/testing';
import { contracts as identityContracts } from '@ndi/chaincode-identity';
import { contracts as registryContracts } from '@ndi/chaincode-data-registry';
import { contracts as valuationContracts } from '@ndi/chaincode-asset-valuation';
import { contracts, TransactionCertificatesContract } from './index';
import type { Listing } from './model';
import {
  alice,
  assetInput,
  carol,
  CC,
  exAdmin,
  expectRefused,
  grantRole,
  listingJson,
  regAdmin,
  registerIdentity,
  REGISTRY,
  regina,
  START,
  submit,
  VALUATION,
} from './testing/fixtures';

const TRANSACTIONS = {
  submit: [
    'TokenizeAsset',
    'TransferShares',
    'CreateListing',
    'CancelListing',
    'PlaceOrder',
    'CancelOrder',
    'SettleTrade',
    'IssueRegistrationCertificate',
    'RevokeCertificate',
  ],
  evaluate: [
    'GetBalance',
    'GetTokenization',
    'ListShareholders',
    'ListShareMovements',
    'GetListing',
    'GetOrder',
    'GetCertificate',
    'VerifyCertificate',
    'ListCertificates',
  ],
};

describe('the transaction-certificates package', () => {
  it('exports one contract whose metadata describes every transaction', async () => {
    expect(contracts).toEqual([TransactionCertificatesContract]);
    const ledger = new InMemoryLedger();
    ledger.deploy(CC, contracts);
    const metadata = (await ledger.evaluate(CC, 'org.hyperledger.fabric:GetMetadata')).result as {
      contracts: Record<string, { transactions: { name: string; tag: string[]; returns?: unknown }[] }>;
      components: { schemas: Record<string, unknown> };
    };
    const contract = metadata.contracts[CC];
    const byTag = (tag: string): string[] =>
      (contract?.transactions ?? []).filter((t) => t.tag.includes(tag)).map((t) => t.name);
    expect(byTag('SUBMIT').sort()).toEqual([...TRANSACTIONS.submit].sort());
    expect(byTag('EVALUATE').sort()).toEqual([...TRANSACTIONS.evaluate].sort());
    expect(contract?.transactions.find((t) => t.name === 'SettleTrade')?.returns).toEqual({
      $ref: '#/components/schemas/Certificate',
    });
    expect(Object.keys(metadata.components.schemas)).toEqual(
      expect.arrayContaining([
        'Certificate',
        'Listing',
        'Order',
        'ShareBalance',
        'Tokenization',
        'CertificateVerification',
        'ShareMovement',
      ]),
    );
  });
});

describe('with the real asset-valuation chaincode', () => {
  const v1 = createIdentity({ mspId: 'ValuerAMSP', commonName: 'v1' });
  const v2 = createIdentity({ mspId: 'ValuerBMSP', commonName: 'v2' });

  async function appraise(ledger: InMemoryLedger, valuer: TestIdentity, value: string): Promise<void> {
    const appraisal = {
      method: 'market',
      value,
      currency: 'CNY',
      evidenceHash: sha256Hex('report'),
      validUntil: '2026-03-01T00:00:00.000Z',
    };
    await ledger.submit(VALUATION, 'StoreAppraisalEvidence', ['r1', appraisal.evidenceHash], {
      caller: valuer,
      transient: { evidence: { comparables: ['deal-17'] } },
    });
    await ledger.submit(VALUATION, 'SubmitAppraisal', ['r1', JSON.stringify(appraisal)], { caller: valuer });
  }

  it('checks listing prices against the consensus valuation', async () => {
    const ledger = new InMemoryLedger({ startTime: START, stepMillis: 1000 });
    ledger.deploy('identity', identityContracts);
    ledger.deploy(REGISTRY, registryContracts);
    ledger.deploy(VALUATION, valuationContracts);
    ledger.deploy(CC, contracts);
    for (const who of [alice, carol, regina, v1, v2]) await registerIdentity(ledger, who);
    await grantRole(ledger, exAdmin, alice, 'data-provider');
    await grantRole(ledger, regAdmin, regina, 'regulator');
    await grantRole(ledger, regina, v1, 'valuer');
    await grantRole(ledger, regina, v2, 'valuer');
    await ledger.submit(REGISTRY, 'RegisterDataAsset', [JSON.stringify(assetInput('loans'))], { caller: alice });
    await submit(ledger, 'TokenizeAsset', ['loans', '1000']);
    // No valuation yet: any price.
    await submit(ledger, 'CreateListing', [listingJson('free', { shares: '1', pricePerShare: '1' })]);

    const request = { id: 'r1', assetId: 'loans', purpose: 'listing' };
    await ledger.submit(VALUATION, 'RequestValuation', [JSON.stringify(request)], { caller: alice });
    await appraise(ledger, v1, '100000');
    await appraise(ledger, v2, '100000');
    await ledger.submit(VALUATION, 'FinalizeValuation', ['r1'], { caller: alice });

    await expectRefused(
      ledger,
      'CreateListing',
      [listingJson('cheap', { pricePerShare: '49' })],
      /between 50000 and 200000 inclusive, i.e. pricePerShare between 50 and 200$/,
    );
    const fair = (await submit(ledger, 'CreateListing', [listingJson('fair', { pricePerShare: '100' })]))
      .result as Listing;
    expect(fair.priceReference).toEqual({ requestId: 'r1', value: '100000', currency: 'CNY' });
  });
});
