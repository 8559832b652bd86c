import { createHash } from 'node:crypto';
import * as path from 'node:path';
import {
  AlreadyExistsError,
  type EventStream,
  FailedPreconditionError,
  ForbiddenError,
  InvalidArgumentError,
  type NdiClient,
  type NdiEvent,
  NotFoundError,
  type Submitted,
} from '../../gateway-client/src';
import { ClientPool, type ScenarioBackend } from './backend';

/** What the scenario leaves for its caller to look at. */
export interface MarketScenarioOutcome {
  /** Every transaction the scenario committed, in commit order, with the event it must have emitted. */
  readonly committed: readonly { readonly transactionId: string; readonly event: string }[];
  /** The events the consumer saw: before it stopped, then after it resumed from its checkpoint. */
  readonly seen: readonly NdiEvent[];
  /** How many of them the first consumer saw before it was stopped. */
  readonly seenBeforeStop: number;
}

/** Options of {@link runMarketScenario}. */
export interface MarketScenarioOptions {
  /** Makes IDs and user names unique on a network that keeps state between runs. */
  readonly run: string;
  /** A folder for the event consumer's checkpoint file. */
  readonly workDir: string;
  /** Transaction timestamps come from the submitting host's clock: expiries are set this far ahead. */
  readonly now?: () => number;
}

const DAY = 24 * 3600 * 1000;
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Consumes every event of the four chaincodes into `seen` until `stop()`; each is checkpointed once handled. */
class EventConsumer {
  readonly seen: NdiEvent[] = [];
  #stream: EventStream | undefined;
  #done: Promise<void> = Promise.resolve();
  #failure: { error: unknown } | undefined;

  async start(client: NdiClient, checkpoint: string, startBlock: bigint): Promise<void> {
    const stream = await client.events({
      chaincodes: ['identity', 'data-registry', 'asset-valuation', 'transaction-certificates'],
      checkpoint,
      startBlock,
    });
    this.#stream = stream;
    this.#done = (async () => {
      for await (const event of stream) {
        this.seen.push(event);
      }
    })().catch((error: unknown) => {
      this.#failure = { error };
    });
  }

  /**
   * Waits until the events of all of `transactionIds` have been seen (other clients' events may come between),
   * then stops; rejects with the stream's own error if it failed, or if they do not arrive within `timeoutMs`.
   */
  async stopAfterSeeing(transactionIds: readonly string[], timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const missing = () => {
      const seen = new Set(this.seen.map((event) => event.transactionId));
      return transactionIds.filter((id) => !seen.has(id));
    };
    while (missing().length > 0 && this.#failure === undefined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await this.stop();
    if (this.#failure !== undefined) throw this.#failure.error;
    const left = missing();
    if (left.length > 0) {
      throw new Error(
        `the event consumer missed ${left.length} of ${transactionIds.length} events within ${timeoutMs} ms`,
      );
    }
  }

  /** Ends the stream; the events seen so far are checkpointed. */
  async stop(): Promise<void> {
    this.#stream?.close();
    await this.#done;
  }
}

/**
 * The suite end to end, through the library only, across the three peer organizations: the regulator's admin
 * bootstraps a regulator, who accredits valuers and an exchange operator; a provider of `ExchangeMSP` registers its
 * organization and a healthcare dataset with private metadata and a derived dataset; a consumer of `EnterpriseMSP`
 * is refused, granted and records an access; two valuers of other organizations appraise and the valuation is
 * finalized; the dataset is tokenized, listed, ordered and settled; the transaction certificate verifies offline and
 * on chain and the regulator revokes it, then the consumer's role; an event consumer stopped in the middle and resumed from its checkpoint
 * has seen every event exactly once, in order; the audit trail tells the whole story. Refusals arrive as typed errors.
 */
export async function runMarketScenario(
  backend: ScenarioBackend,
  options: MarketScenarioOptions,
): Promise<MarketScenarioOutcome> {
  const { run } = options;
  const now = options.now ?? Date.now;
  const pool = new ClientPool(backend);
  const committed: { transactionId: string; event: string }[] = [];
  const commit = async <T>(event: string, submitted: Promise<Submitted<T>>): Promise<T> => {
    const done = await submitted;
    committed.push({ transactionId: done.transactionId, event });
    return done.result;
  };
  const consumer = new EventConsumer();
  const resumed = new EventConsumer();
  try {
    // --- the actors ---------------------------------------------------------------------------------------------
    const regulatorAdmin = await pool.admin('regulator');
    const exchangeAdmin = await pool.admin('exchange');
    const enterpriseAdmin = await pool.admin('enterprise');
    const inspector = await pool.connect('regulator', `inspector-${run}`);
    const provider = await pool.connect('exchange', `hospital-${run}`);
    const operator = await pool.connect('exchange', `operator-${run}`);
    const consumerClient = await pool.connect('enterprise', `analyst-${run}`);
    const valuerA = await pool.connect('enterprise', `valuer-a-${run}`);
    const valuerB = await pool.connect('regulator', `valuer-b-${run}`);

    // The event consumer starts before anything happens, on the regulator's peer.
    const checkpoint = path.join(options.workDir, `events-${run}.json`);
    const startBlock = (await inspector.audit().chainInfo()).height;
    await consumer.start(inspector, checkpoint, startBlock);

    const register = async (client: NdiClient, displayName: string) =>
      commit('IdentityRegistered', client.identity().registerIdentity({ kind: 'service', displayName }));
    const inspectorId = await register(inspector, 'Data inspection office');
    const providerId = await register(provider, 'City hospital data desk');
    const operatorId = await register(operator, 'Exchange listing desk');
    const consumerId = await register(consumerClient, 'Credit analytics');
    const valuerAId = await register(valuerA, 'Appraisal firm A');
    const valuerBId = await register(valuerB, 'State appraisal centre');

    // Roles: the regulator's admin bootstraps the regulator, who accredits; org admins grant provider/consumer.
    await expect(exchangeAdmin.identity().grantRole(inspectorId.did, 'regulator')).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await commit('RoleGranted', regulatorAdmin.identity().grantRole(inspectorId.did, 'regulator'));
    await commit('RoleGranted', inspector.identity().grantRole(valuerAId.did, 'valuer'));
    await commit('RoleGranted', inspector.identity().grantRole(valuerBId.did, 'valuer'));
    await commit('RoleGranted', inspector.identity().grantRole(operatorId.did, 'exchange-operator'));
    await commit('RoleGranted', exchangeAdmin.identity().grantRole(providerId.did, 'data-provider'));
    await commit('RoleGranted', enterpriseAdmin.identity().grantRole(consumerId.did, 'data-consumer'));
    expect(await provider.identity().hasRole(valuerAId.did, 'valuer')).toBe(true);

    // The provider's organization, with a valid unified social credit code (one record per MSP: a network that
    // ran the scenario before has it already).
    await expect(
      exchangeAdmin
        .identity()
        .registerOrganization({ name: 'City Hospital', creditCode: '91350100M000100Y44', sector: 'healthcare' }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    try {
      await commit(
        'OrganizationRegistered',
        exchangeAdmin
          .identity()
          .registerOrganization({ name: 'City Hospital', creditCode: '91350100M000100Y43', sector: 'healthcare' }),
      );
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
    }
    expect((await consumerClient.identity().getOrganization('ExchangeMSP')).sector).toBeDefined();

    // --- registration, with private metadata, and lineage ----------------------------------------------------------
    const assetId = `emr-${run}`;
    const derivedId = `emr-stats-${run}`;
    const contentHash = sha256(`outpatient records ${run}`);
    const registration = await provider.dataRegistry().registerDataAsset(
      {
        id: assetId,
        title: 'Outpatient records 2025 (de-identified)',
        category: 'healthcare',
        classification: 'important',
        contentHash,
        sizeBytes: '1073741824',
        format: 'parquet',
        storageUri: `s3://city-hospital/emr-${run}.parquet`,
        policy: {
          purposes: ['research', 'credit-scoring'],
          allowedMsps: ['EnterpriseMSP', 'RegulatorMSP'],
          tradable: true,
          crossBorder: false,
        },
      },
      { transient: { privateMetadata: { dataSteward: 'records office', retentionYears: 30 } } },
    );
    // Two transactions: the private metadata (endorsed by ExchangeMSP alone), then the record naming it.
    expect(registration.privateMetadata?.result.mspId).toBe('ExchangeMSP');
    committed.push({
      transactionId: registration.privateMetadata?.transactionId ?? '',
      event: 'PrivateMetadataStored',
    });
    committed.push({ transactionId: registration.transactionId, event: 'DataAssetRegistered' });
    const asset = registration.result;
    expect(asset.ownerDid).toBe(providerId.did);
    expect(asset.privateMetadataHash).toMatch(/^[0-9a-f]{64}$/);
    await commit(
      'DataAssetRegistered',
      provider.dataRegistry().registerDataAsset({
        id: derivedId,
        title: 'Outpatient visit statistics 2025',
        category: 'healthcare',
        classification: 'general',
        contentHash: sha256(`statistics ${run}`),
        sizeBytes: '52428800',
        format: 'csv',
        storageUri: `s3://city-hospital/emr-stats-${run}.csv`,
        derivedFrom: [assetId],
        policy: { purposes: ['research'], tradable: false, crossBorder: false },
      }),
    );
    const lineage = await inspector.dataRegistry().getLineage(assetId, 2);
    expect(lineage.descendants.map((node) => node.id)).toEqual([derivedId]);
    expect((await provider.dataRegistry().getPrivateMetadata(assetId)).metadata).toMatchObject({
      dataSteward: 'records office',
    });
    await expect(consumerClient.dataRegistry().getPrivateMetadata(assetId)).rejects.toBeInstanceOf(ForbiddenError);
    const again = {
      id: assetId,
      title: asset.title,
      category: asset.category,
      classification: asset.classification,
      contentHash,
      sizeBytes: asset.sizeBytes,
      format: asset.format,
      storageUri: asset.storageUri,
      policy: asset.policy,
    };
    await expect(provider.dataRegistry().registerDataAsset(again)).rejects.toBeInstanceOf(AlreadyExistsError);
    await expect(
      provider
        .dataRegistry()
        .registerDataAsset({ ...again, id: `other-${run}`, contentHash: contentHash.toUpperCase() }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    expect((await inspector.dataRegistry().verifyDataIntegrity(assetId, contentHash)).match).toBe('current');
    expect((await inspector.dataRegistry().verifyDataIntegrity(assetId, sha256('forged'))).match).toBe('none');

    // A registration certificate from the exchange operator.
    const registrationCert = await commit(
      'CertificateIssued',
      operator.transactionCertificates().issueRegistrationCertificate(assetId),
    );
    expect(registrationCert.type).toBe('registration');

    // --- consent: refused, granted, recorded ---------------------------------------------------------------------
    const refused = await consumerClient.dataRegistry().checkAccess(assetId, consumerId.did, 'research');
    expect(refused.allowed).toBe(false);
    await expect(
      consumerClient.dataRegistry().recordAccess(assetId, 'research', sha256('query 1')),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await commit(
      'AccessGranted',
      provider.dataRegistry().grantAccess(assetId, {
        grantId: `grant-${run}`,
        granteeDid: consumerId.did,
        purposes: ['research'],
        expiresAt: new Date(now() + 30 * DAY).toISOString(),
      }),
    );
    expect((await consumerClient.dataRegistry().checkAccess(assetId, consumerId.did, 'research')).allowed).toBe(true);
    await commit('AccessRecorded', consumerClient.dataRegistry().recordAccess(assetId, 'research', sha256('query 1')));

    // The event consumer stops in the middle of the story...
    const committedBeforeStop = committed.length;
    await consumer.stopAfterSeeing(committed.map((c) => c.transactionId));

    // --- valuation by two valuers of other organizations ----------------------------------------------------------
    const requestId = `val-${run}`;
    await commit(
      'ValuationRequested',
      provider.assetValuation().requestValuation({ id: requestId, assetId, purpose: 'listing' }),
    );
    const appraisal = (value: string) => ({
      method: 'market' as const,
      value,
      currency: 'CNY',
      evidenceHash: sha256(`report ${value} ${run}`),
      validUntil: new Date(now() + 180 * DAY).toISOString(),
    });
    const evidence = { transient: { evidence: { comparables: 3, discountRateBp: 800 } } };
    await expect(
      provider.assetValuation().storeAppraisalEvidence(requestId, sha256('own report'), evidence),
    ).rejects.toBeInstanceOf(ForbiddenError);
    // Each valuer first stores its evidence, endorsed by its own organization alone, then appraises.
    const appraise = async (client: NdiClient, value: string) => {
      const both = await client.assetValuation().appraise(requestId, appraisal(value), evidence);
      committed.push({ transactionId: both.evidence.transactionId, event: 'AppraisalEvidenceStored' });
      committed.push({ transactionId: both.appraisal.transactionId, event: 'AppraisalSubmitted' });
    };
    await expect(valuerA.assetValuation().submitAppraisal(requestId, appraisal('1000000'))).rejects.toBeInstanceOf(
      FailedPreconditionError,
    );
    await appraise(valuerA, '1000000');
    await expect(provider.assetValuation().finalizeValuation(requestId)).rejects.toBeInstanceOf(
      FailedPreconditionError,
    );
    await appraise(valuerB, '1100000'); // of RegulatorMSP: its evidence is endorsed by the regulator alone
    const finalized = await commit('ValuationFinalized', provider.assetValuation().finalizeValuation(requestId));
    expect(finalized.status).toBe('finalized');
    expect(finalized.value).toBe('1000000'); // the lower middle of two: the documented tie rule
    expect((await consumerClient.assetValuation().getCurrentValuation(assetId)).value).toBe('1000000');

    // --- tokenize, list, order, settle ---------------------------------------------------------------------------
    await commit('AssetTokenized', provider.transactionCertificates().tokenizeAsset(assetId, '1000'));
    const listing = {
      id: `lst-${run}`,
      assetId,
      shares: '100',
      pricePerShare: '1000',
      currency: 'CNY',
      expiresAt: new Date(now() + 7 * DAY).toISOString(),
      purposes: ['research'],
    };
    // 5,000 a share values the asset at 5,000,000: above 200% of the valuation.
    await expect(
      provider.transactionCertificates().createListing({ ...listing, pricePerShare: '5000' }),
    ).rejects.toBeInstanceOf(FailedPreconditionError);
    await commit('ListingCreated', provider.transactionCertificates().createListing(listing));
    const orderId = `ord-${run}`;
    await expect(
      provider.transactionCertificates().placeOrder({ id: orderId, listingId: listing.id, shares: '40' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await commit(
      'OrderPlaced',
      consumerClient.transactionCertificates().placeOrder({ id: orderId, listingId: listing.id, shares: '40' }),
    );

    await expect(consumerClient.transactionCertificates().settleTrade(orderId, `pay-${run}`)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const certificate = await commit(
      'TradeSettled',
      provider.transactionCertificates().settleTrade(orderId, `pay-${run}`),
    );
    expect(certificate.type).toBe('transaction');
    expect((await consumerClient.transactionCertificates().getBalance(assetId, consumerId.did)).balance).toBe('40');
    expect((await provider.transactionCertificates().getBalance(assetId, providerId.did)).balance).toBe('960');
    // Settlement granted the buyer access for the listing's purposes.
    expect((await consumerClient.dataRegistry().checkAccess(assetId, consumerId.did, 'research')).allowed).toBe(true);

    // --- the certificate: verified offline and on chain, then revoked by the regulator --------------------------
    const verified = await consumerClient.audit().verifyCertificate(certificate);
    expect(verified.reasons).toEqual([]);
    expect(verified).toMatchObject({
      valid: true,
      offlineHashMatches: true,
      onChain: { valid: true },
      transaction: { valid: true },
    });
    const tampered = await consumerClient.audit().verifyCertificate({ ...certificate, assetVersion: 99 });
    expect(tampered.valid).toBe(false);
    expect(tampered.offlineHashMatches).toBe(false);
    await expect(
      provider.transactionCertificates().revokeCertificate(certificate.id, 'seller regrets'),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await commit(
      'CertificateRevoked',
      inspector.transactionCertificates().revokeCertificate(certificate.id, 'payment reversed'),
    );
    const afterRevocation = await consumerClient.audit().verifyCertificate(certificate);
    expect(afterRevocation.valid).toBe(false);
    expect(afterRevocation.onChain.status).toBe('revoked');
    await expect(inspector.transactionCertificates().getCertificate(`missing-${run}`)).rejects.toBeInstanceOf(
      NotFoundError,
    );

    // The regulator revokes the consumer's role: its next access is refused, though its grants stand.
    await commit('RoleRevoked', inspector.identity().revokeRole(consumerId.did, 'data-consumer', 'inspection finding'));
    expect(await provider.identity().hasRole(consumerId.did, 'data-consumer')).toBe(false);
    await expect(
      consumerClient.dataRegistry().recordAccess(assetId, 'research', sha256('query 2')),
    ).rejects.toBeInstanceOf(ForbiddenError);

    // ...and resumes from its checkpoint: every event once, in commit order.
    await resumed.start(inspector, checkpoint, startBlock);
    await resumed.stopAfterSeeing(committed.slice(committedBeforeStop).map((c) => c.transactionId));

    // --- the regulator's audit trail -----------------------------------------------------------------------------
    const trail = await inspector.audit().auditTrail(assetId);
    expect(trail.complete).toBe(true);
    const kinds = trail.entries.map((entry) => entry.kind);
    for (const kind of [
      'registration',
      'access-granted',
      'access',
      'valuation-requested',
      'valuation-finalized',
      'tokenization',
      'share-movement',
      'share-trade',
      'certificate-issued',
      'certificate-revoked',
    ]) {
      expect(kinds).toContain(kind);
    }
    expect(kinds[0]).toBe('registration');
    const times = trail.entries.map((entry) => entry.at);
    expect([...times].sort()).toEqual(times);

    return { committed, seen: [...consumer.seen, ...resumed.seen], seenBeforeStop: consumer.seen.length };
  } finally {
    await consumer.stop();
    await resumed.stop();
    pool.close();
  }
}
