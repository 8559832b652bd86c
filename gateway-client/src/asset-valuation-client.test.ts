import { StatusCode } from '@hyperledger/fabric-gateway';
import {
  type AppraisalInput,
  type Valuation,
  ValuationContract,
  type ValuationRequestInput,
} from '@ndi/chaincode-asset-valuation';
import type { z } from 'zod';
// Type-only, checked by `tsc -p tsconfig.tests.json`: the chaincode's input schemas are not part of its package API.
import type {
  appraisalInputSchema,
  evidenceSchema,
  valuationRequestInputSchema,
} from '../../chaincode/asset-valuation/src/inputs';
import { type AppraisalTransient, AssetValuationClient } from './asset-valuation-client';
import {
  AlreadyExistsError,
  CommitFailedError,
  FailedPreconditionError,
  ForbiddenError,
  InvalidArgumentError,
  NotFoundError,
} from './errors';
import { type Case, clientMethods, FakeContract, gatewayError, runCase, transactionNames } from './test-helpers';

// The input types the client takes from the model must stay what the chaincode's schemas accept; the evidence the
// chaincode accepts (JSON values) must be sendable as the client's evidence type.
type Assignable<From, To> = [From] extends [To] ? true : false;
const inputTypesMatch: [
  Assignable<ValuationRequestInput, z.input<typeof valuationRequestInputSchema>>,
  Assignable<z.input<typeof valuationRequestInputSchema>, ValuationRequestInput>,
  Assignable<AppraisalInput, z.input<typeof appraisalInputSchema>>,
  Assignable<z.input<typeof appraisalInputSchema>, AppraisalInput>,
  Assignable<z.input<typeof evidenceSchema>, AppraisalTransient['evidence']>,
] = [true, true, true, true, true];

const owner = 'did:ndi:EnterpriseMSP:0123456789abcdef0123456789abcdef';
const valuer = 'did:ndi:ValuerMSP:fedcba9876543210fedcba9876543210';
const hash = 'ab'.repeat(32);
const requestInput: ValuationRequestInput = { id: 'val-1', assetId: 'loans-2024', purpose: 'listing' };
const request = {
  ...requestInput,
  ownerDid: owner,
  ownerMsp: 'EnterpriseMSP',
  currency: 'CNY',
  minAppraisals: 2,
  maxSpreadBp: 3000,
  status: 'open',
  requestedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const appraisalInput: AppraisalInput = {
  method: 'market',
  value: '1250000',
  currency: 'CNY',
  evidenceHash: hash,
  validUntil: '2027-01-01T00:00:00.000Z',
};
const appraisal = {
  ...appraisalInput,
  requestId: 'val-1',
  assetId: 'loans-2024',
  valuerDid: valuer,
  valuerMsp: 'ValuerMSP',
  evidenceDetailHash: 'cd'.repeat(32),
  status: 'submitted',
  submittedAt: '2026-01-02T00:00:00.000Z',
};
const evidence = { comparables: ['deal-17', 'deal-42'], discountRate: '0.08', analyst: { team: 'B' } };
const receipt = {
  requestId: 'val-1',
  assetId: 'loans-2024',
  valuerDid: valuer,
  valuerMsp: 'ValuerMSP',
  collection: '_implicit_org_ValuerMSP',
  evidenceHash: hash,
  evidenceDetailHash: 'cd'.repeat(32),
  storedAt: '2026-01-01T23:59:00.000Z',
};
const methodCounts = { cost: 0, market: 2, income: 0 };
const valuation = {
  assetId: 'loans-2024',
  requestId: 'val-1',
  value: '1250000',
  currency: 'CNY',
  validUntil: '2027-01-01T00:00:00.000Z',
  finalizedAt: '2026-01-03T00:00:00.000Z',
  basis: 'consensus',
  purpose: 'listing',
  appraisalCount: 2,
  methodCounts,
  medianValue: '1250000',
  spreadBp: '400',
};
const finalized = { ...request, status: 'finalized', value: '1250000', validUntil: valuation.validUntil };

const cases: Case<AssetValuationClient>[] = [
  {
    call: (c) => c.requestValuation(requestInput),
    kind: 'submit',
    name: 'RequestValuation',
    args: ['{"id":"val-1","assetId":"loans-2024","purpose":"listing"}'],
    result: request,
  },
  {
    call: (c) =>
      c.requestValuation({ ...requestInput, currency: 'USD', minAppraisals: 3, maxSpreadBp: 1500 }, { retry: {} }),
    kind: 'submit',
    name: 'RequestValuation',
    args: [
      '{"id":"val-1","assetId":"loans-2024","purpose":"listing","currency":"USD","minAppraisals":3,"maxSpreadBp":1500}',
    ],
    result: { ...request, currency: 'USD', minAppraisals: 3, maxSpreadBp: 1500 },
  },
  {
    call: (c) => c.getValuationRequest('val-1'),
    kind: 'evaluate',
    name: 'GetValuationRequest',
    args: ['val-1'],
    result: request,
  },
  {
    call: (c) => c.getValuationHistory('val-1'),
    kind: 'evaluate',
    name: 'GetValuationHistory',
    args: ['val-1'],
    result: {
      entries: [{ txId: 'tx-9', timestamp: '2026-01-01T00:00:00.000Z', isDelete: false, value: request }],
      truncated: false,
    },
  },
  {
    call: (c) => c.listValuations('loans-2024'),
    kind: 'evaluate',
    name: 'ListValuations',
    args: ['loans-2024', '', ''],
    result: { items: [request], bookmark: '', fetchedCount: 1 },
  },
  {
    call: (c) => c.listValuations('loans-2024', { pageSize: 20, bookmark: 'bm' }),
    kind: 'evaluate',
    name: 'ListValuations',
    args: ['loans-2024', '20', 'bm'],
    result: { items: [], bookmark: '', fetchedCount: 0 },
  },
  {
    call: (c) => c.storeAppraisalEvidence('val-1', appraisalInput.evidenceHash, { transient: { evidence } }),
    kind: 'submit',
    name: 'StoreAppraisalEvidence',
    args: ['val-1', appraisalInput.evidenceHash],
    transient: { evidence },
    result: receipt,
  },
  {
    call: (c) => c.submitAppraisal('val-1', appraisalInput),
    kind: 'submit',
    name: 'SubmitAppraisal',
    args: ['val-1', JSON.stringify(appraisalInput)],
    result: appraisal,
  },
  {
    call: (c) => c.withdrawAppraisal('val-1'),
    kind: 'submit',
    name: 'WithdrawAppraisal',
    args: ['val-1'],
    result: { ...appraisal, status: 'withdrawn', withdrawnAt: '2026-01-02T12:00:00.000Z' },
  },
  {
    call: (c) => c.listAppraisals('val-1'),
    kind: 'evaluate',
    name: 'ListAppraisals',
    args: ['val-1'],
    result: { requestId: 'val-1', items: [appraisal] },
  },
  {
    call: (c) => c.finalizeValuation('val-1'),
    kind: 'submit',
    name: 'FinalizeValuation',
    args: ['val-1'],
    result: finalized,
  },
  {
    call: (c) => c.resolveValuation('val-1', '1300000', 'median of the two market appraisals'),
    kind: 'submit',
    name: 'ResolveValuation',
    args: ['val-1', '1300000', 'median of the two market appraisals'],
    result: { ...finalized, value: '1300000' },
  },
  {
    // Money as bigint: exact, whatever its size (never a float on the way).
    call: (c) => c.resolveValuation('val-1', 123456789012345678901234567890n, 'regulator decision'),
    kind: 'submit',
    name: 'ResolveValuation',
    args: ['val-1', '123456789012345678901234567890', 'regulator decision'],
    result: { ...finalized, value: '123456789012345678901234567890' },
  },
  {
    call: (c) => c.getCurrentValuation('loans-2024'),
    kind: 'evaluate',
    name: 'GetCurrentValuation',
    args: ['loans-2024'],
    result: valuation,
  },
];

const endorseFailure = (message: string) =>
  gatewayError('endorse', 10, 'failed to endorse', [{ address: 'peer0:7051', mspId: 'ValuerMSP', message }]);

describe('AssetValuationClient', () => {
  it('takes the input types the chaincode schemas accept (checked at compile time)', () => {
    expect(inputTypesMatch.every(Boolean)).toBe(true);
  });

  it.each(cases.map((c) => [`${c.name}(${c.args.join(', ')})`, c] as const))(
    '%s sends the transaction and parses the result',
    async (_title, testCase) => {
      await runCase((contract) => new AssetValuationClient(contract), testCase);
    },
  );

  it('has one method per transaction of the chaincode, each tested above, and `appraise` doing both steps', () => {
    expect(clientMethods(AssetValuationClient)).toEqual(['Appraise', ...transactionNames(ValuationContract)].sort());
    expect(new Set(cases.map((c) => c.name))).toEqual(new Set(transactionNames(ValuationContract)));
  });

  it('maps chaincode refusals of writes to the typed errors, without retrying them', async () => {
    const refusals: [string, (c: AssetValuationClient) => Promise<unknown>, new (...args: never[]) => Error][] = [
      [
        'FORBIDDEN: conflict of interest: valuers of EnterpriseMSP cannot appraise assets of their own organization',
        (c) => c.submitAppraisal('val-1', appraisalInput),
        ForbiddenError,
      ],
      [
        `ALREADY_EXISTS: appraisal of ${valuer} for valuation request 'val-1' already exists`,
        (c) => c.submitAppraisal('val-1', appraisalInput),
        AlreadyExistsError,
      ],
      [
        "FAILED_PRECONDITION: valuation request 'val-1' needs 2 usable appraisals, has 1",
        (c) => c.finalizeValuation('val-1'),
        FailedPreconditionError,
      ],
      [
        'INVALID_ARGUMENT: value: must be a decimal integer',
        (c) => c.resolveValuation('val-1', '12.5', 'x'),
        InvalidArgumentError,
      ],
    ];
    for (const [message, call, type] of refusals) {
      const contract = new FakeContract([{ endorse: endorseFailure(`chaincode response 500, ${message}`) }]);
      const error = await call(new AssetValuationClient(contract)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(type);
      expect(contract.transactionIds).toEqual(['tx-1']);
    }
  });

  it('maps a chaincode refusal of a read to the typed error', async () => {
    const message = "chaincode response 500, NOT_FOUND: data asset 'loans-2024' has no finalized valuation";
    const contract = new FakeContract([], [gatewayError('evaluate', 2, message)]);
    const error = await new AssetValuationClient(contract).getCurrentValuation('loans-2024').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).detail).toBe("data asset 'loans-2024' has no finalized valuation");
  });

  it('retries conflicting evidence, resending it to the same endorsers, per the client policy', async () => {
    const conflict = { validationCode: StatusCode.PHANTOM_READ_CONFLICT };
    const contract = new FakeContract([conflict, { result: JSON.stringify(receipt) }]);
    const client = new AssetValuationClient(contract, { mspId: 'ValuerMSP', retry: { baseDelayMs: 0 } });
    const outcome = await client.storeAppraisalEvidence('val-1', appraisalInput.evidenceHash, {
      transient: { evidence },
    });
    expect(outcome).toMatchObject({ transactionId: 'tx-2', attempts: 2, result: receipt });
    for (const proposal of contract.proposals) {
      expect(proposal.options?.endorsingOrganizations).toEqual(['ValuerMSP']);
      expect(Object.keys(proposal.options?.transientData ?? {})).toEqual(['evidence']);
    }
    const once = new AssetValuationClient(new FakeContract([conflict]), { retry: { baseDelayMs: 0 } });
    await expect(once.finalizeValuation('val-1', { retry: { maxAttempts: 1 } })).rejects.toBeInstanceOf(
      CommitFailedError,
    );
  });

  it("sends evidence to the valuer's own organization only, and the appraisal anywhere", async () => {
    const contract = new FakeContract([
      { result: JSON.stringify(receipt) },
      { result: JSON.stringify(appraisal) },
      { result: JSON.stringify(receipt) },
    ]);
    const client = new AssetValuationClient(contract, { mspId: 'ValuerMSP' });
    const both = await client.appraise('val-1', appraisalInput, { transient: { evidence } });
    expect(both.evidence.result).toEqual(receipt);
    expect(both.appraisal.result).toEqual(appraisal);
    await client.storeAppraisalEvidence('val-1', appraisalInput.evidenceHash, {
      transient: { evidence },
      endorsingOrganizations: ['ValuerMSP', 'EnterpriseMSP'], // the caller's choice stands
    });
    expect(contract.proposals.map((p) => [p.name, p.options?.endorsingOrganizations])).toEqual([
      ['StoreAppraisalEvidence', ['ValuerMSP']],
      ['SubmitAppraisal', undefined],
      ['StoreAppraisalEvidence', ['ValuerMSP', 'EnterpriseMSP']],
    ]);
    expect(contract.proposals[1]?.options?.transientData).toBeUndefined();
  });

  it('tries the appraisal again while an endorser has not seen the evidence yet, and only then', async () => {
    const noEvidence = endorseFailure(
      `chaincode response 500, FAILED_PRECONDITION: no evidence of ${valuer} for report ${hash} of valuation request 'val-1': store it first`,
    );
    const contract = new FakeContract([
      { result: JSON.stringify(receipt) },
      { endorse: noEvidence },
      { result: JSON.stringify(appraisal) },
    ]);
    const both = await new AssetValuationClient(contract, { mspId: 'ValuerMSP' }).appraise('val-1', appraisalInput, {
      transient: { evidence },
    });
    expect(both.appraisal.result).toEqual(appraisal);
    expect(contract.proposals.map((p) => p.name)).toEqual([
      'StoreAppraisalEvidence',
      'SubmitAppraisal',
      'SubmitAppraisal',
    ]);

    const notOpen = endorseFailure(
      "chaincode response 500, FAILED_PRECONDITION: valuation request 'val-1' is finalized",
    );
    const refused = new FakeContract([{ result: JSON.stringify(receipt) }, { endorse: notOpen }]);
    await expect(
      new AssetValuationClient(refused).appraise('val-1', appraisalInput, { transient: { evidence } }),
    ).rejects.toBeInstanceOf(FailedPreconditionError);
    expect(refused.proposals).toHaveLength(2);
  });

  it('types results as the chaincode model', async () => {
    const contract = new FakeContract([], [JSON.stringify(valuation)]);
    const current: Valuation = await new AssetValuationClient(contract).getCurrentValuation('loans-2024');
    expect(current.methodCounts.market).toBe(2);
  });
});
