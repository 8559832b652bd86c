import { StatusCode } from '@hyperledger/fabric-gateway';
import {
  type Certificate,
  type CertificateFilter,
  computeCertificateHash,
  type ListingInput,
  type OrderInput,
  type ShareMovement,
  TransactionCertificatesContract,
} from '@ndi/chaincode-transaction-certificates';
import type { z } from 'zod';
// Type-only, checked by `tsc -p tsconfig.tests.json`: the chaincode's input schemas are not part of its package API.
import type {
  certificateFilterSchema,
  listingInputSchema,
  orderInputSchema,
} from '../../chaincode/transaction-certificates/src/schemas';
import {
  AlreadyExistsError,
  CommitFailedError,
  FailedPreconditionError,
  ForbiddenError,
  InvalidArgumentError,
  NotFoundError,
} from './errors';
import { type Case, clientMethods, FakeContract, gatewayError, runCase, transactionNames } from './test-helpers';
import { TransactionCertificatesClient } from './transaction-certificates-client';

// The input types the client takes from the model must stay what the chaincode's schemas accept.
type Assignable<From, To> = [From] extends [To] ? true : false;
const inputTypesMatch: [
  Assignable<ListingInput, z.input<typeof listingInputSchema>>,
  Assignable<z.input<typeof listingInputSchema>, ListingInput>,
  Assignable<OrderInput, z.input<typeof orderInputSchema>>,
  Assignable<z.input<typeof orderInputSchema>, OrderInput>,
  Assignable<CertificateFilter, z.input<typeof certificateFilterSchema>>,
  Assignable<z.input<typeof certificateFilterSchema>, CertificateFilter>,
] = [true, true, true, true, true, true];

const seller = 'did:ndi:EnterpriseMSP:0123456789abcdef0123456789abcdef';
const buyer = 'did:ndi:BankMSP:fedcba9876543210fedcba9876543210';
const hash = 'ab'.repeat(32);
const tokenization = {
  assetId: 'loans-2024',
  totalShares: '1000',
  tokenizedBy: seller,
  tokenizerMsp: 'EnterpriseMSP',
  tokenizedAt: '2026-01-01T00:00:00.000Z',
  txId: 'tx-0',
};
const balance = { assetId: 'loans-2024', holderDid: seller, balance: '900', listed: '100', available: '800' };
const mint: ShareMovement = {
  assetId: 'loans-2024',
  reason: 'tokenize',
  toDid: seller,
  quantity: '1000',
  txId: 'tx-0',
  index: 0,
  at: '2026-01-01T00:00:00.000Z',
};
const movement: ShareMovement = {
  assetId: 'loans-2024',
  reason: 'transfer',
  fromDid: seller,
  toDid: buyer,
  quantity: '25',
  txId: 'tx-7',
  index: 0,
  at: '2026-01-02T00:00:00.000Z',
};
const listingInput: ListingInput = {
  id: 'lst-1',
  assetId: 'loans-2024',
  shares: '100',
  pricePerShare: '12500',
  currency: 'CNY',
  expiresAt: '2026-12-31T00:00:00.000Z',
  purposes: ['credit-scoring'],
};
const listing = {
  ...listingInput,
  sellerDid: seller,
  sellerMsp: 'EnterpriseMSP',
  remaining: '100',
  reserved: '0',
  sold: '0',
  status: 'open',
  createdAt: '2026-01-02T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
};
const orderInput: OrderInput = { id: 'ord-1', listingId: 'lst-1', shares: '40' };
const order = {
  ...orderInput,
  assetId: 'loans-2024',
  buyerDid: buyer,
  buyerMsp: 'BankMSP',
  sellerDid: seller,
  pricePerShare: '12500',
  totalPrice: '500000',
  currency: 'CNY',
  status: 'pending',
  placedAt: '2026-01-03T00:00:00.000Z',
  updatedAt: '2026-01-03T00:00:00.000Z',
};
const certificateBody = {
  id: 'cert-0123456789abcdef0123456789abcdef',
  type: 'transaction' as const,
  assetId: 'loans-2024',
  assetVersion: 1,
  contentHash: hash,
  parties: [
    { role: 'seller' as const, did: seller, mspId: 'EnterpriseMSP' },
    { role: 'buyer' as const, did: buyer, mspId: 'BankMSP' },
  ],
  issuedAt: '2026-01-04T00:00:00.000Z',
  txId: 'tx-settle',
  issuerMsp: 'EnterpriseMSP',
  issuerDid: seller,
};
const certificate: Certificate = {
  ...certificateBody,
  status: 'valid',
  certHash: computeCertificateHash(certificateBody),
};
const revoked = {
  ...certificate,
  status: 'revoked',
  revocation: { revokedBy: 'did:ndi:RegulatorMSP:1', revokedAt: '2026-02-01T00:00:00.000Z', reason: 'fraud' },
};
const page = <T>(items: T[], bookmark = '') => ({ items, bookmark, fetchedCount: items.length });

const cases: Case<TransactionCertificatesClient>[] = [
  {
    call: (c) => c.tokenizeAsset('loans-2024', '1000'),
    kind: 'submit',
    name: 'TokenizeAsset',
    args: ['loans-2024', '1000'],
    result: tokenization,
  },
  {
    // Share counts as bigint: exact up to the 10^18 limit and beyond (the chaincode judges the range).
    call: (c) => c.tokenizeAsset('loans-2024', 10n ** 18n),
    kind: 'submit',
    name: 'TokenizeAsset',
    args: ['loans-2024', '1000000000000000000'],
    result: { ...tokenization, totalShares: '1000000000000000000' },
  },
  {
    call: (c) => c.transferShares('loans-2024', buyer, 25n),
    kind: 'submit',
    name: 'TransferShares',
    args: ['loans-2024', buyer, '25'],
    result: balance,
  },
  {
    call: (c) => c.getBalance('loans-2024', seller),
    kind: 'evaluate',
    name: 'GetBalance',
    args: ['loans-2024', seller],
    result: balance,
  },
  {
    call: (c) => c.getTokenization('loans-2024'),
    kind: 'evaluate',
    name: 'GetTokenization',
    args: ['loans-2024'],
    result: tokenization,
  },
  {
    call: (c) => c.listShareholders('loans-2024'),
    kind: 'evaluate',
    name: 'ListShareholders',
    args: ['loans-2024', '', ''],
    result: page([balance]),
  },
  {
    call: (c) => c.listShareholders('loans-2024', { pageSize: 50, bookmark: 'bm' }),
    kind: 'evaluate',
    name: 'ListShareholders',
    args: ['loans-2024', '50', 'bm'],
    result: page([balance], 'next'),
  },
  {
    call: (c) => c.listShareMovements('loans-2024', { pageSize: 2 }),
    kind: 'evaluate',
    name: 'ListShareMovements',
    args: ['loans-2024', '2', ''],
    result: page([mint, movement], 'next'),
  },
  {
    call: (c) => c.createListing(listingInput),
    kind: 'submit',
    name: 'CreateListing',
    args: [JSON.stringify(listingInput)],
    result: listing,
  },
  {
    call: (c) => c.cancelListing('lst-1'),
    kind: 'submit',
    name: 'CancelListing',
    args: ['lst-1'],
    result: { ...listing, status: 'cancelled' },
  },
  { call: (c) => c.getListing('lst-1'), kind: 'evaluate', name: 'GetListing', args: ['lst-1'], result: listing },
  {
    call: (c) => c.placeOrder(orderInput),
    kind: 'submit',
    name: 'PlaceOrder',
    args: ['{"id":"ord-1","listingId":"lst-1","shares":"40"}'],
    result: order,
  },
  {
    call: (c) => c.cancelOrder('ord-1'),
    kind: 'submit',
    name: 'CancelOrder',
    args: ['ord-1'],
    result: { ...order, status: 'cancelled', cancelledBy: buyer },
  },
  { call: (c) => c.getOrder('ord-1'), kind: 'evaluate', name: 'GetOrder', args: ['ord-1'], result: order },
  {
    call: (c) => c.settleTrade('ord-1', 'bank-transfer-20260301-0042'),
    kind: 'submit',
    name: 'SettleTrade',
    args: ['ord-1', 'bank-transfer-20260301-0042'],
    result: certificate,
  },
  {
    call: (c) => c.issueRegistrationCertificate('loans-2024'),
    kind: 'submit',
    name: 'IssueRegistrationCertificate',
    args: ['loans-2024'],
    result: { ...certificate, type: 'registration', parties: [{ role: 'owner', did: seller, mspId: 'EnterpriseMSP' }] },
  },
  {
    call: (c) => c.getCertificate(certificate.id),
    kind: 'evaluate',
    name: 'GetCertificate',
    args: [certificate.id],
    result: certificate,
  },
  {
    call: (c) => c.verifyCertificate(certificate.id, certificate.certHash),
    kind: 'evaluate',
    name: 'VerifyCertificate',
    args: [certificate.id, certificate.certHash],
    result: { valid: true, status: 'valid', reason: 'valid' },
  },
  {
    call: (c) => c.revokeCertificate(certificate.id, 'fraud'),
    kind: 'submit',
    name: 'RevokeCertificate',
    args: [certificate.id, 'fraud'],
    result: revoked,
  },
  {
    call: (c) => c.listCertificates({ assetId: 'loans-2024' }),
    kind: 'evaluate',
    name: 'ListCertificates',
    args: ['{"assetId":"loans-2024"}', '', ''],
    result: page([certificate]),
  },
  {
    call: (c) => c.listCertificates({ partyDid: buyer }, { pageSize: 10, bookmark: 'bm' }),
    kind: 'evaluate',
    name: 'ListCertificates',
    args: [`{"partyDid":"${buyer}"}`, '10', 'bm'],
    result: page([certificate, revoked]),
  },
];

const endorseFailure = (message: string) =>
  gatewayError('endorse', 10, 'failed to endorse', [{ address: 'peer0:7051', mspId: 'EnterpriseMSP', message }]);

describe('TransactionCertificatesClient', () => {
  it('takes the input types the chaincode schemas accept (checked at compile time)', () => {
    expect(inputTypesMatch.every(Boolean)).toBe(true);
  });

  it.each(cases.map((c) => [`${c.name}(${c.args.join(', ')})`, c] as const))(
    '%s sends the transaction and parses the result',
    async (_title, testCase) => {
      await runCase((contract) => new TransactionCertificatesClient(contract), testCase);
    },
  );

  it('has one method per transaction of the chaincode, each tested above', () => {
    const transactions = transactionNames(TransactionCertificatesContract);
    expect(clientMethods(TransactionCertificatesClient)).toEqual(transactions);
    expect(new Set(cases.map((c) => c.name))).toEqual(new Set(transactions));
  });

  it('maps chaincode refusals of writes to the typed errors, without retrying them', async () => {
    const refusals: [string, (c: TransactionCertificatesClient) => Promise<unknown>, new (...a: never[]) => Error][] = [
      [
        "FORBIDDEN: revoking a certificate requires an active identity with role 'regulator'",
        (c) => c.revokeCertificate(certificate.id, 'fraud'),
        ForbiddenError,
      ],
      [
        "ALREADY_EXISTS: data asset 'loans-2024' is already tokenized",
        (c) => c.tokenizeAsset('loans-2024', 1000n),
        AlreadyExistsError,
      ],
      [
        'FAILED_PRECONDITION: pricePerShare: 20000 is outside the price band 8000..15000 of the current valuation',
        (c) => c.createListing({ ...listingInput, pricePerShare: '20000' }),
        FailedPreconditionError,
      ],
      ["FAILED_PRECONDITION: order 'ord-1' is settled", (c) => c.settleTrade('ord-1', 'ref'), FailedPreconditionError],
      [
        'INVALID_ARGUMENT: quantity: must be a positive integer',
        (c) => c.transferShares('a', buyer, 0n),
        InvalidArgumentError,
      ],
    ];
    for (const [message, call, type] of refusals) {
      const contract = new FakeContract([{ endorse: endorseFailure(`chaincode response 500, ${message}`) }]);
      const error = await call(new TransactionCertificatesClient(contract)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(type);
      expect(contract.transactionIds).toEqual(['tx-1']);
    }
  });

  it('maps a chaincode refusal of a read to the typed error', async () => {
    const message = "chaincode response 500, NOT_FOUND: certificate 'cert-x' does not exist";
    const contract = new FakeContract([], [gatewayError('evaluate', 2, message)]);
    const error = await new TransactionCertificatesClient(contract).getCertificate('cert-x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).detail).toBe("certificate 'cert-x' does not exist");
  });

  it('retries a settlement that lost an MVCC race, per the client policy, per-call overrides winning', async () => {
    const conflict = { validationCode: StatusCode.MVCC_READ_CONFLICT };
    const retries: number[] = [];
    const contract = new FakeContract([conflict, { result: JSON.stringify(certificate) }]);
    const client = new TransactionCertificatesClient(contract, {
      retry: { baseDelayMs: 0 },
      onRetry: (e) => retries.push(e.attempt),
    });
    const outcome = await client.settleTrade('ord-1', 'ref');
    expect(outcome).toMatchObject({ transactionId: 'tx-2', blockNumber: 11n, attempts: 2, result: certificate });
    expect(retries).toEqual([1]);
    const once = new TransactionCertificatesClient(new FakeContract([conflict]), { retry: { baseDelayMs: 0 } });
    await expect(once.placeOrder(orderInput, { retry: { maxAttempts: 1 } })).rejects.toBeInstanceOf(CommitFailedError);
  });

  it('types results as the chaincode model: a fetched certificate checks against its own hash', async () => {
    const contract = new FakeContract([], [JSON.stringify(certificate)]);
    const fetched: Certificate = await new TransactionCertificatesClient(contract).getCertificate(certificate.id);
    expect(computeCertificateHash(fetched)).toBe(fetched.certHash);
  });
});
