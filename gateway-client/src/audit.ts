import type { ValuationHistory, ValuationRequest, ValuationRequestPage } from '@ndi/chaincode-asset-valuation';
import type {
  AccessGrant,
  AccessRecord,
  DataAsset,
  DataAssetHistory,
  DataAssetHistoryEntry,
  DataRegistryPage,
} from '@ndi/chaincode-data-registry';
import type { IdentityHistory } from '@ndi/chaincode-identity';
import type { Certificate, ShareMovement, Tokenization, TradePage } from '@ndi/chaincode-transaction-certificates';
import { blockNumberOf } from './block-events';
import {
  type CertificateVerificationOptions,
  type CertificateVerificationReport,
  checkCertificate,
} from './certificate-verification';
import { ChaincodeError, NotFoundError } from './errors';
import { type BlockSummary, type ChainInfo, QSCC, QsccClient, summarizeBlock, type TransactionSummary } from './qscc';
import {
  type CallOptions,
  type ChaincodeContract,
  ContractCaller,
  type ContractClientOptions,
  pageArguments,
} from './typed-contract';

/** The ndi chaincodes an {@link AuditClient} reads, by their default names. */
export type AuditedChaincode = 'identity' | 'data-registry' | 'asset-valuation' | 'transaction-certificates';

/** What an {@link AuditClient} needs of a channel: fabric-gateway's `Network` provides it. */
export interface AuditNetwork {
  /** The channel name. */
  getName(): string;
  /** A chaincode of the channel (`qscc` included). */
  getContract(chaincodeName: string): ChaincodeContract;
}

/** Options of an {@link AuditClient}. */
export interface AuditClientOptions extends ContractClientOptions {
  /** Names of chaincodes deployed under other names than the defaults. */
  readonly chaincodes?: Partial<Record<AuditedChaincode, string>>;
}

/** The history transaction of each chaincode that has one, and what it answers (newest first, capped). */
export interface HistoryResults {
  /** `GetIdentityHistory(did)`. */
  readonly identity: IdentityHistory;
  /** `GetDataAssetHistory(assetId)`. */
  readonly 'data-registry': DataAssetHistory;
  /** `GetValuationHistory(requestId)`. */
  readonly 'asset-valuation': ValuationHistory;
}

/** The history transaction functions, by chaincode. */
export const HISTORY_TRANSACTIONS: Readonly<Record<keyof HistoryResults, string>> = Object.freeze({
  identity: 'GetIdentityHistory',
  'data-registry': 'GetDataAssetHistory',
  'asset-valuation': 'GetValuationHistory',
});

/** Options of {@link AuditClient.transaction}. */
export interface TransactionLookupOptions {
  /** Also find the block number (qscc `GetBlockByTxID`: one more query, returning the whole block). */
  readonly withBlockNumber?: boolean;
}

/** Changes of the asset record, classified by comparing each version with the one before. */
export type AssetChangeKind =
  'registration' | 'new-version' | 'ownership-transfer' | 'retirement' | 'asset-update' | 'asset-deleted';

/** Steps of a valuation request. */
export type ValuationStepKind =
  'valuation-requested' | 'valuation-disputed' | 'valuation-finalized' | 'valuation-resolved';

/** What certificates tell: a trade settlement (shares moved), a registration certificate, a revocation. */
export type CertificateEventKind = 'share-trade' | 'certificate-issued' | 'certificate-revoked';

/** What a grant record tells: the owner's (or a trade settlement's) consent, and its revocation. */
export type GrantEventKind = 'access-granted' | 'access-revoked';

interface AuditEntryOf<K extends string, R> {
  /** When it happened: the transaction time (ISO-8601 UTC). */
  readonly at: string;
  /** What happened. */
  readonly kind: K;
  /** The chaincode whose record tells it. */
  readonly chaincode: string;
  /** The transaction, when the record names it. */
  readonly txId?: string;
  /** One line for people. */
  readonly summary: string;
  /** The record it was read from. */
  readonly record: R;
}

/** One event of an asset's {@link AuditTrail}; `record` is typed by `kind`. */
export type AuditEntry =
  | AuditEntryOf<AssetChangeKind, DataAssetHistoryEntry>
  | AuditEntryOf<'access', AccessRecord>
  | AuditEntryOf<ValuationStepKind, ValuationRequest>
  | AuditEntryOf<'tokenization', Tokenization>
  | AuditEntryOf<'share-movement', ShareMovement>
  | AuditEntryOf<CertificateEventKind, Certificate>
  | AuditEntryOf<GrantEventKind, AccessGrant>;

/** The kinds of {@link AuditEntry}, in the order entries of the same time and transaction are listed. */
export const AUDIT_ENTRY_KINDS = [
  'registration',
  'new-version',
  'ownership-transfer',
  'asset-update',
  'retirement',
  'asset-deleted',
  'valuation-requested',
  'valuation-disputed',
  'valuation-resolved',
  'valuation-finalized',
  'tokenization',
  'share-trade',
  'share-movement',
  'certificate-issued',
  'certificate-revoked',
  'access-granted',
  'access-revoked',
  'access',
] as const satisfies readonly AuditEntry['kind'][];

/** The kind of an {@link AuditEntry}. */
export type AuditEntryKind = (typeof AUDIT_ENTRY_KINDS)[number];

/** The reads an audit trail is made of. */
export type AuditSource =
  'assetHistory' | 'accessRecords' | 'accessGrants' | 'valuations' | 'tokenization' | 'shareMovements' | 'certificates';

/** How one source of an audit trail went. */
export interface AuditSourceReport {
  /** The chaincode read. */
  readonly chaincode: string;
  /** The transaction function read. */
  readonly transaction: string;
  /** Records read. */
  readonly records: number;
  /** Pages read (1 for unpaginated reads). */
  readonly pages: number;
  /** Whether records were left out: the page cap was reached, or the chaincode capped its history. */
  readonly truncated: boolean;
  /** The chaincode's refusal (e.g. `FORBIDDEN: ...`) if the source could not be read; its entries are missing. */
  readonly error?: string;
}

/** An asset's audit trail: its events from every chaincode, oldest first. */
export interface AuditTrail {
  /** The data asset. */
  readonly assetId: string;
  /** Events, ordered by time, then transaction ID, then kind (see {@link AUDIT_ENTRY_KINDS}), then summary. */
  readonly entries: readonly AuditEntry[];
  /** Whether any source was truncated or refused: the trail is then incomplete. */
  readonly complete: boolean;
  /** How each source went. */
  readonly sources: Readonly<Record<AuditSource, AuditSourceReport>>;
  /** What the chaincodes offer no read for, so no trail can show (see {@link AUDIT_TRAIL_GAPS}). */
  readonly gaps: readonly string[];
}

/** Options of {@link AuditClient.auditTrail}. */
export interface AuditTrailOptions extends CallOptions {
  /** Records per page of the paginated sources (default 100, the chaincodes' maximum). */
  readonly pageSize?: number;
  /** Pages read at most per paginated source (default 20); a source cut there is reported truncated. */
  readonly maxPages?: number;
}

/** Events of an asset that no chaincode read exposes, hence missing from every {@link AuditTrail}. */
export const AUDIT_TRAIL_GAPS: readonly string[] = Object.freeze([
  'access-grant transactions: grant records carry no transaction IDs (ListAccessGrants gives the grant and ' +
    'revocation times; a trade grant names its order as tradeId)',
  'valuation transactions: valuation requests carry no transaction IDs (GetValuationHistory per request has them)',
  'appraisals: per request, through ListAppraisals',
]);

const DEFAULT_PAGE_SIZE = 100;
const DEFAULT_MAX_PAGES = 20;

interface Page<T> {
  readonly items: readonly T[];
  readonly bookmark: string;
}

interface Drained<T> {
  readonly items: T[];
  readonly pages: number;
  readonly truncated: boolean;
}

/** Reads pages until the last (empty bookmark) or `maxPages`, whichever comes first. */
async function drainPages<P extends Page<unknown>>(
  maxPages: number,
  read: (bookmark: string) => Promise<P>,
): Promise<Drained<P['items'][number]>> {
  const items: P['items'][number][] = [];
  let bookmark = '';
  for (let pages = 1; pages <= maxPages; pages++) {
    const page = await read(bookmark);
    items.push(...page.items);
    if (page.bookmark === '' || page.items.length === 0 || page.bookmark === bookmark) {
      return { items, pages, truncated: false };
    }
    bookmark = page.bookmark;
  }
  return { items, pages: maxPages, truncated: true };
}

const KIND_RANK: ReadonlyMap<string, number> = new Map(AUDIT_ENTRY_KINDS.map((kind, i) => [kind, i]));

const byText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

function compareEntries(a: AuditEntry, b: AuditEntry): number {
  const [ta, tb] = [Date.parse(a.at), Date.parse(b.at)];
  const time = Number.isNaN(ta) || Number.isNaN(tb) ? byText(a.at, b.at) : ta - tb;
  return (
    time ||
    byText(a.txId ?? '', b.txId ?? '') ||
    (KIND_RANK.get(a.kind) ?? 0) - (KIND_RANK.get(b.kind) ?? 0) ||
    byText(a.summary, b.summary) ||
    byText(a.at, b.at)
  );
}

/**
 * Sorts audit entries deterministically: by time (as instants, so precisions may differ), then transaction ID
 * (entries without one first), then kind in {@link AUDIT_ENTRY_KINDS} order, then summary.
 */
export function sortAuditEntries(entries: readonly AuditEntry[]): AuditEntry[] {
  return [...entries].sort(compareEntries);
}

function assetChange(previous: DataAsset | undefined, entry: DataAssetHistoryEntry): [AssetChangeKind, string] {
  const asset = entry.asset;
  if (entry.isDelete || !asset) {
    return ['asset-deleted', 'asset record deleted'];
  }
  if (!previous) {
    return asset.registeredAt === entry.timestamp
      ? [
          'registration',
          `registered '${asset.title}' (${asset.classification}, ${asset.category}) by ${asset.registeredBy} ` +
            `for ${asset.ownerDid} (${asset.ownerMsp}), content ${asset.contentHash}`,
        ]
      : ['asset-update', `record at version ${asset.version} (earlier history not returned)`];
  }
  if (asset.status === 'retired' && previous.status !== 'retired') {
    return ['retirement', `retired: ${asset.retiredReason ?? ''}`];
  }
  if (asset.ownerDid !== previous.ownerDid) {
    return ['ownership-transfer', `ownership ${previous.ownerDid} -> ${asset.ownerDid} (${asset.ownerMsp})`];
  }
  if (asset.version !== previous.version) {
    return ['new-version', `content version ${asset.version}: ${asset.contentHash} (${asset.sizeBytes} bytes)`];
  }
  return ['asset-update', `record updated (version ${asset.version})`];
}

function assetEntries(chaincode: string, history: DataAssetHistory): AuditEntry[] {
  let previous: DataAsset | undefined;
  // The chaincode answers newest first; classify oldest first.
  return [...history.entries].reverse().map((entry) => {
    const [kind, summary] = assetChange(previous, entry);
    previous = entry.asset;
    return { at: entry.timestamp, kind, chaincode, txId: entry.txId, summary, record: entry };
  });
}

function accessEntry(chaincode: string, record: AccessRecord): AuditEntry {
  const grant = record.grantId === undefined ? '' : ` under grant ${record.grantId}`;
  return {
    at: record.recordedAt,
    kind: 'access',
    chaincode,
    txId: record.txId,
    summary: `${record.accessorDid} (${record.accessorMsp}) accessed for '${record.purpose}' as ${record.basis}${grant}`,
    record,
  };
}

function valuationEntries(chaincode: string, request: ValuationRequest): AuditEntry[] {
  const entry = (at: string, kind: ValuationStepKind, summary: string): AuditEntry => ({
    at,
    kind,
    chaincode,
    summary: `valuation ${request.id}: ${summary}`,
    record: request,
  });
  const entries = [
    entry(
      request.requestedAt,
      'valuation-requested',
      `requested by ${request.ownerDid} for '${request.purpose}' in ${request.currency}`,
    ),
  ];
  if (request.disputedAt !== undefined) {
    const spread = request.summary === undefined ? '' : `: spread ${request.summary.spreadBp} bp`;
    entries.push(entry(request.disputedAt, 'valuation-disputed', `disputed${spread}`));
  }
  if (request.resolution !== undefined) {
    const { value, resolvedBy, resolvedAt, reason } = request.resolution;
    entries.push(
      entry(resolvedAt, 'valuation-resolved', `resolved by ${resolvedBy} at ${value} ${request.currency}: ${reason}`),
    );
  } else if (request.finalizedAt !== undefined) {
    const until = request.validUntil === undefined ? '' : `, valid until ${request.validUntil}`;
    entries.push(
      entry(
        request.finalizedAt,
        'valuation-finalized',
        `finalized at ${request.value ?? '?'} ${request.currency}${until}`,
      ),
    );
  }
  return entries;
}

function tokenizationEntry(chaincode: string, tokenization: Tokenization): AuditEntry {
  return {
    at: tokenization.tokenizedAt,
    kind: 'tokenization',
    chaincode,
    txId: tokenization.txId,
    summary: `tokenized into ${tokenization.totalShares} shares by ${tokenization.tokenizedBy} (${tokenization.tokenizerMsp})`,
    record: tokenization,
  };
}

function grantEntries(chaincode: string, grant: AccessGrant): AuditEntry[] {
  const grantee = grant.granteeDid ?? `organization ${grant.granteeMsp ?? '?'}`;
  const trade = grant.tradeId === undefined ? '' : ` (trade ${grant.tradeId})`;
  const entries: AuditEntry[] = [
    {
      at: grant.grantedAt,
      kind: 'access-granted',
      chaincode,
      summary:
        `grant ${grant.grantId} to ${grantee} for '${grant.purposes.join("', '")}' until ${grant.expiresAt} ` +
        `by ${grant.grantedBy}${trade}`,
      record: grant,
    },
  ];
  if (grant.revokedAt !== undefined) {
    entries.push({
      at: grant.revokedAt,
      kind: 'access-revoked',
      chaincode,
      summary: `grant ${grant.grantId} revoked by ${grant.revokedBy ?? '?'}`,
      record: grant,
    });
  }
  return entries;
}

function movementEntry(chaincode: string, movement: ShareMovement): AuditEntry {
  const { quantity, fromDid = '?', toDid } = movement;
  let summary: string;
  switch (movement.reason) {
    case 'tokenize':
      summary = `${quantity} shares minted to ${toDid} at tokenization`;
      break;
    case 'settlement':
      summary =
        `${quantity} shares settled ${fromDid} -> ${toDid} ` +
        `(order ${movement.orderId ?? '?'}, certificate ${movement.certificateId ?? '?'})`;
      break;
    case 'transfer':
      summary = `${quantity} shares transferred ${fromDid} -> ${toDid}`;
      break;
    default:
      // A reason this client does not know yet (a newer chaincode): still shown.
      summary = `${quantity} shares moved ${fromDid} -> ${toDid} (${String(movement.reason)})`;
  }
  return { at: movement.at, kind: 'share-movement', chaincode, txId: movement.txId, summary, record: movement };
}

function party(cert: Certificate, role: string): string {
  const found = cert.parties.find((p) => p.role === role);
  return found === undefined ? '?' : `${found.did} (${found.mspId})`;
}

function certificateEntries(chaincode: string, cert: Certificate): AuditEntry[] {
  const terms = cert.terms;
  const issued: AuditEntry =
    cert.type === 'transaction' && terms !== undefined
      ? {
          at: cert.issuedAt,
          kind: 'share-trade',
          chaincode,
          txId: cert.txId,
          summary:
            `${terms.shares} of ${terms.totalShares} shares sold by ${party(cert, 'seller')} to ` +
            `${party(cert, 'buyer')} for ${terms.price} ${terms.currency} (order ${terms.orderId}, certificate ${cert.id}` +
            `${terms.grantId === undefined ? '' : `, grant ${terms.grantId}`})`,
          record: cert,
        }
      : {
          at: cert.issuedAt,
          kind: 'certificate-issued',
          chaincode,
          txId: cert.txId,
          summary: `${cert.type} certificate ${cert.id} issued for version ${cert.assetVersion} to ${party(cert, 'owner')}`,
          record: cert,
        };
  const entries = [issued];
  if (cert.revocation !== undefined) {
    const { revokedAt, revokedBy, reason } = cert.revocation;
    entries.push({
      at: revokedAt,
      kind: 'certificate-revoked',
      chaincode,
      summary: `certificate ${cert.id} revoked by ${revokedBy}: ${reason}`,
      record: cert,
    });
  }
  return entries;
}

interface SourceResult {
  readonly entries: AuditEntry[];
  readonly report: AuditSourceReport;
}

/**
 * The regulator's view of the ledger: key histories of the chaincodes, transactions and blocks straight from the
 * ledger (through the query system chaincode `qscc`), an asset's merged audit trail, and certificate verification.
 * Everything here only reads. Obtain with `client.audit()`.
 *
 * @example
 * ```typescript
 * const audit = client.audit();
 * const trail = await audit.auditTrail('loans-2024');
 * const tx = await audit.transaction(trail.entries[0].txId!, { withBlockNumber: true });
 * const report = await audit.verifyCertificate(certificateFromFile);
 * ```
 */
export class AuditClient {
  /** The query system chaincode of the channel. */
  public readonly ledger: QsccClient;
  readonly #network: AuditNetwork;
  readonly #options: AuditClientOptions;
  readonly #callers = new Map<string, ContractCaller>();

  /**
   * @param network - the channel (`client.network()`)
   * @param options - chaincode names, retry policy and hook
   */
  constructor(network: AuditNetwork, options: AuditClientOptions = {}) {
    this.#network = network;
    this.#options = options;
    const { retry, onRetry } = options;
    this.ledger = new QsccClient(network.getContract(QSCC), network.getName(), {
      ...(retry !== undefined && { retry }),
      ...(onRetry !== undefined && { onRetry }),
    });
  }

  /**
   * The deployed name of an audited chaincode.
   *
   * @param chaincode - its default name
   */
  public chaincodeName(chaincode: AuditedChaincode): string {
    return this.#options.chaincodes?.[chaincode] ?? chaincode;
  }

  #caller(chaincode: AuditedChaincode): ContractCaller {
    const name = this.chaincodeName(chaincode);
    let caller = this.#callers.get(name);
    if (!caller) {
      const { retry, onRetry } = this.#options;
      caller = new ContractCaller(this.#network.getContract(name), {
        ...(retry !== undefined && { retry }),
        ...(onRetry !== undefined && { onRetry }),
      });
      this.#callers.set(name, caller);
    }
    return caller;
  }

  /**
   * The versions of a record, from the peer's history database, through the chaincode's history transaction
   * (see {@link HISTORY_TRANSACTIONS}): newest first, capped by the chaincode (`truncated` then says so).
   *
   * @param chaincode - `identity` (an identity's DID), `data-registry` (an asset ID) or `asset-valuation`
   *   (a valuation request ID)
   * @param id - the record's ID
   * @param call - retry, endorsing organizations
   * @throws {@link NotFoundError} if there is no such record
   */
  public history<C extends keyof HistoryResults>(
    chaincode: C,
    id: string,
    call?: CallOptions,
  ): Promise<HistoryResults[C]> {
    return this.#caller(chaincode).evaluate<HistoryResults[C]>(HISTORY_TRANSACTIONS[chaincode], [id], call);
  }

  /**
   * A transaction from the ledger (qscc `GetTransactionByID`): validation code, submitter's MSP, time, chaincode
   * and function. Invalid transactions are on the ledger too: check `valid`.
   *
   * @param txId - the transaction ID
   * @param options - `withBlockNumber` to find its block too
   * @throws {@link NotFoundError} if the ledger holds no such transaction
   */
  public async transaction(txId: string, options: TransactionLookupOptions = {}): Promise<TransactionSummary> {
    const transaction = await this.ledger.transaction(txId);
    if (!options.withBlockNumber) {
      return transaction;
    }
    return { ...transaction, blockNumber: blockNumberOf(await this.ledger.blockByTxId(txId)) };
  }

  /**
   * A block from the ledger (qscc `GetBlockByNumber`), summarised with its transactions' validation codes.
   *
   * @param blockNumber - the block number (0 = genesis)
   * @throws {@link NotFoundError} if there is no such block yet
   */
  public async block(blockNumber: bigint | number): Promise<BlockSummary> {
    return summarizeBlock(await this.ledger.blockByNumber(blockNumber));
  }

  /** The channel ledger's height and newest block hash (qscc `GetChainInfo`). */
  public chainInfo(): Promise<ChainInfo> {
    return this.ledger.chainInfo();
  }

  /**
   * An asset's audit trail: the changes of its registration record (registration, new content versions,
   * ownership transfers, retirement), its access grants and their revocations, its recorded accesses, its
   * valuation requests and their outcomes, its tokenization, every movement of its shares (minted, transferred
   * directly, settled), its trades and certificates (with revocations), merged and ordered by time (ties:
   * transaction ID, then kind). Paginated sources are read up to `maxPages` pages; a source cut short, capped by
   * its chaincode or refused (e.g. access records and grants need the owner, its org's admins or a regulator)
   * makes the trail incomplete, which {@link AuditTrail.sources} details. What no chaincode read offers is listed in
   * {@link AuditTrail.gaps}.
   *
   * @param assetId - the data asset
   * @param options - page size, page cap, retry
   * @throws {@link NotFoundError} if the asset is not registered; connection and gateway failures of any source
   */
  public async auditTrail(assetId: string, options: AuditTrailOptions = {}): Promise<AuditTrail> {
    const { pageSize = DEFAULT_PAGE_SIZE, maxPages = DEFAULT_MAX_PAGES, ...call } = options;
    if (!Number.isInteger(maxPages) || maxPages < 1) {
      throw new RangeError(`maxPages must be a positive integer, got ${maxPages}`);
    }
    const registry = this.chaincodeName('data-registry');
    const pageArgs = (bookmark: string): [string, string] => pageArguments({ pageSize, bookmark });

    const assetHistory = async (): Promise<SourceResult> => {
      const history = await this.history('data-registry', assetId, call);
      return {
        entries: assetEntries(registry, history),
        report: this.#report(registry, 'GetDataAssetHistory', history.entries.length, 1, history.truncated),
      };
    };
    // P: the chaincode's own page type, so a changed page shape fails compilation here.
    const paged = <P extends Page<unknown>>(
      chaincode: AuditedChaincode,
      transaction: string,
      args: (bookmark: string) => string[],
      toEntries: (name: string, item: P['items'][number]) => AuditEntry[],
    ) =>
      this.#source(chaincode, transaction, async (name) => {
        const caller = this.#caller(chaincode);
        const drained = await drainPages(maxPages, (bookmark) => caller.evaluate<P>(transaction, args(bookmark), call));
        return {
          entries: drained.items.flatMap((item) => toEntries(name, item)),
          report: this.#report(name, transaction, drained.items.length, drained.pages, drained.truncated),
        };
      });
    const tokenization = this.#source('transaction-certificates', 'GetTokenization', async (name) => {
      try {
        const record = await this.#caller('transaction-certificates').evaluate<Tokenization>(
          'GetTokenization',
          [assetId],
          call,
        );
        return { entries: [tokenizationEntry(name, record)], report: this.#report(name, 'GetTokenization', 1, 1) };
      } catch (err) {
        if (err instanceof NotFoundError) {
          // Not tokenized: nothing to tell.
          return { entries: [], report: this.#report(name, 'GetTokenization', 0, 1) };
        }
        throw err;
      }
    });
    // Movements exist only for a tokenized asset: read them once GetTokenization has said it is (an untokenized
    // asset answers NOT_FOUND, which would otherwise read as a refusal).
    const shareMovements = tokenization.then((tokenized): Promise<SourceResult> | SourceResult =>
      tokenized.report.records === 0 && tokenized.report.error === undefined
        ? {
            entries: [],
            report: this.#report(this.chaincodeName('transaction-certificates'), 'ListShareMovements', 0, 0),
          }
        : paged<TradePage<ShareMovement>>(
            'transaction-certificates',
            'ListShareMovements',
            (b) => [assetId, ...pageArgs(b)],
            (name, movement) => [movementEntry(name, movement)],
          ),
    );

    const results = await Promise.all([
      assetHistory(),
      paged<DataRegistryPage<AccessRecord>>(
        'data-registry',
        'ListAccessRecords',
        (b) => [assetId, ...pageArgs(b)],
        (name, r) => [accessEntry(name, r)],
      ),
      paged<DataRegistryPage<AccessGrant>>(
        'data-registry',
        'ListAccessGrants',
        (b) => [assetId, ...pageArgs(b)],
        grantEntries,
      ),
      paged<ValuationRequestPage>(
        'asset-valuation',
        'ListValuations',
        (b) => [assetId, ...pageArgs(b)],
        valuationEntries,
      ),
      tokenization,
      shareMovements,
      paged<TradePage<Certificate>>(
        'transaction-certificates',
        'ListCertificates',
        (b) => [JSON.stringify({ assetId }), ...pageArgs(b)],
        certificateEntries,
      ),
    ]);
    const [history, access, grants, valuations, tokenized, movements, certificates] = results;
    const sources: Record<AuditSource, AuditSourceReport> = {
      assetHistory: history.report,
      accessRecords: access.report,
      accessGrants: grants.report,
      valuations: valuations.report,
      tokenization: tokenized.report,
      shareMovements: movements.report,
      certificates: certificates.report,
    };
    return {
      assetId,
      entries: sortAuditEntries(results.flatMap((r) => r.entries)),
      complete: Object.values(sources).every((s) => !s.truncated && s.error === undefined),
      sources,
      gaps: AUDIT_TRAIL_GAPS,
    };
  }

  #report(chaincode: string, transaction: string, records: number, pages: number, truncated = false) {
    return { chaincode, transaction, records, pages, truncated };
  }

  /** Runs a secondary source of a trail: a chaincode's refusal leaves it empty with the error reported. */
  async #source(
    chaincode: AuditedChaincode,
    transaction: string,
    read: (name: string) => Promise<SourceResult>,
  ): Promise<SourceResult> {
    const name = this.chaincodeName(chaincode);
    try {
      return await read(name);
    } catch (err) {
      if (err instanceof ChaincodeError) {
        return {
          entries: [],
          report: { ...this.#report(name, transaction, 0, 0, false), error: `${err.code}: ${err.detail}` },
        };
      }
      throw err;
    }
  }

  /**
   * Verifies a certificate three ways: its hash recomputed offline, the chaincode's `VerifyCertificate`, and the
   * ledger's record of the transaction that issued it. See {@link checkCertificate}.
   *
   * @param cert - the certificate as held (e.g. a copy received from a party)
   * @param options - retry, endorsing organizations
   */
  public verifyCertificate(
    cert: Certificate,
    options: CertificateVerificationOptions = {},
  ): Promise<CertificateVerificationReport> {
    return checkCertificate(
      {
        certificates: this.#caller('transaction-certificates'),
        chaincode: this.chaincodeName('transaction-certificates'),
        ledger: this.ledger,
      },
      cert,
      options,
    );
  }
}
