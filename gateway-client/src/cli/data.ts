import { type Command, Option } from 'commander';
import type {
  AccessGrant,
  AccessRecord,
  DataAsset,
  DataAssetFilter,
  DataAssetHistory,
  IntegrityResult,
  Lineage,
  LineageNode,
} from '@ndi/chaincode-data-registry';
import type { AccessGrantInput, DataAssetInput, DataAssetPatch, DataAssetTransient } from '../data-registry-client';
import type { CliContext, CommandGroup } from './context';
import { UsageError } from './exit-codes';
import type { Column } from './format';
import { sha256File } from './hash';
import {
  collect,
  exactlyOne,
  parseInstant,
  parseInteger,
  parsePositiveInteger,
  parseSha256,
  randomId,
  readJsonFile,
} from './options';
import { renderPage, renderRows, yesNo } from './render';
import { CATEGORIES } from './vocabulary';

const assetColumns: readonly Column<DataAsset>[] = [
  { header: 'id', value: (a) => a.id },
  { header: 'title', value: (a) => a.title },
  { header: 'category', value: (a) => a.category },
  { header: 'class', value: (a) => a.classification },
  { header: 'status', value: (a) => a.status },
  { header: 'version', value: (a) => a.version },
  { header: 'owner', value: (a) => a.ownerDid },
];

const accessRecordColumns: readonly Column<AccessRecord>[] = [
  { header: 'recorded at', value: (r) => r.recordedAt },
  { header: 'accessor', value: (r) => r.accessorDid },
  { header: 'msp', value: (r) => r.accessorMsp },
  { header: 'purpose', value: (r) => r.purpose },
  { header: 'basis', value: (r) => (r.grantId ? `${r.basis}:${r.grantId}` : r.basis) },
  { header: 'transaction', value: (r) => r.txId },
];

const accessGrantColumns: readonly Column<AccessGrant>[] = [
  { header: 'grant', value: (g) => g.grantId },
  { header: 'grantee', value: (g) => g.granteeDid ?? g.granteeMsp },
  { header: 'purposes', value: (g) => g.purposes },
  { header: 'expires at', value: (g) => g.expiresAt },
  { header: 'status', value: (g) => g.status },
  { header: 'granted at', value: (g) => g.grantedAt },
  { header: 'trade', value: (g) => g.tradeId },
  { header: 'revoked at', value: (g) => g.revokedAt },
];

const lineageColumns: readonly Column<LineageNode & { relation: string }>[] = [
  { header: 'relation', value: (n) => n.relation },
  { header: 'distance', value: (n) => n.distance },
  { header: 'id', value: (n) => n.id },
  { header: 'via', value: (n) => n.via },
  { header: 'title', value: (n) => n.title },
  { header: 'class', value: (n) => n.classification },
  { header: 'status', value: (n) => n.status },
];

function renderLineage(lineage: Lineage): string {
  const nodes = [
    ...lineage.ancestors.map((n) => ({ ...n, relation: 'ancestor' })),
    ...lineage.descendants.map((n) => ({ ...n, relation: 'descendant' })),
  ];
  return (
    `lineage of ${lineage.id} (depth ${lineage.depth})\n` +
    renderRows(nodes, lineageColumns, '(no ancestors or descendants)') +
    (lineage.truncated ? '(truncated: more lineage exists)\n' : '')
  );
}

function renderAssetHistory(history: DataAssetHistory): string {
  return (
    renderRows(history.entries, [
      { header: 'transaction', value: (e) => e.txId },
      { header: 'time', value: (e) => e.timestamp },
      { header: 'version', value: (e) => e.asset?.version },
      { header: 'status', value: (e) => (e.isDelete ? 'deleted' : e.asset?.status) },
      { header: 'owner', value: (e) => e.asset?.ownerDid },
      { header: 'content hash', value: (e) => e.asset?.contentHash },
    ]) + (history.truncated ? '(older changes left out)\n' : '')
  );
}

const pageOptions = (command: Command): Command =>
  command
    .addOption(new Option('--page-size <n>', 'records per page').argParser(parsePositiveInteger))
    .option('--bookmark <bookmark>', "the previous page's bookmark");

/** Options shared by `register` and `update`: private metadata, content hashed locally. */
interface ContentOptions {
  readonly privateMetadata?: string;
  readonly content?: string;
}

const contentOptions = (command: Command): Command =>
  command
    .option(
      '--private-metadata <file>',
      "JSON object for the owner organization's private collection (only its hash goes on the ledger)",
    )
    .option('--content <file>', 'the data file: sets contentHash and sizeBytes from it, hashed locally');

async function transientOf(o: ContentOptions, ctx: CliContext): Promise<{ transient?: DataAssetTransient }> {
  if (o.privateMetadata === undefined) {
    return {};
  }
  const privateMetadata = await readJsonFile<Record<string, unknown>>(
    ctx.resolve(o.privateMetadata),
    'private metadata',
  );
  return { transient: { privateMetadata } };
}

async function contentOf(o: ContentOptions, ctx: CliContext): Promise<{ contentHash?: string; sizeBytes?: string }> {
  if (o.content === undefined) {
    return {};
  }
  const digest = await sha256File(ctx.resolve(o.content));
  return { contentHash: digest.sha256, sizeBytes: digest.sizeBytes };
}

async function hashOption(
  o: { file?: string; hash?: string },
  fileFlag: string,
  hashFlag: string,
  ctx: CliContext,
): Promise<string> {
  if ((o.file === undefined) === (o.hash === undefined)) {
    throw new UsageError(`give exactly one of ${fileFlag}, ${hashFlag}`);
  }
  return o.hash ?? (await sha256File(ctx.resolve(o.file as string))).sha256;
}

/** `ndi data ...`: the `data-registry` chaincode. */
export const dataCommands: CommandGroup = {
  name: 'data',
  description: 'data asset registration, integrity, lineage, consent and access records (data-registry chaincode)',
  register(group, ctx) {
    const registry = async () => (await ctx.client()).dataRegistry(ctx.clientOptions);

    // --- lifecycle -------------------------------------------------------------------------
    contentOptions(
      group
        .command('register')
        .description('register a data asset owned by the caller (needs the data-provider role)')
        .requiredOption(
          '--file <asset.json>',
          'the registration: id, title, category, classification, contentHash, sizeBytes, format, storageUri, policy, ' +
            'optional description, derivedFrom',
        ),
    ).action(async (o: ContentOptions & { file: string }) => {
      const asset = await readJsonFile<DataAssetInput>(ctx.resolve(o.file), 'data asset');
      const input: DataAssetInput = { ...asset, ...(await contentOf(o, ctx)) };
      const options = await transientOf(o, ctx);
      const client = await registry();
      const registered = await ctx.submit(`registering data asset ${input.id}`, () =>
        client.registerDataAsset(input, options),
      );
      ctx.notePrivateStep(registered.privateMetadata, 'private metadata');
    });

    contentOptions(
      group
        .command('update')
        .description('change a data asset (owner only); a new content hash makes a new version')
        .argument('<id>', 'the asset')
        .option(
          '--file <patch.json>',
          'the fields to change: title, description, contentHash, sizeBytes, format, storageUri, policy',
        ),
    ).action(async (id: string, o: ContentOptions & { file?: string }) => {
      const patch = o.file === undefined ? {} : await readJsonFile<DataAssetPatch>(ctx.resolve(o.file), 'patch');
      const input: DataAssetPatch = { ...patch, ...(await contentOf(o, ctx)) };
      const options = await transientOf(o, ctx);
      if (Object.keys(input).length === 0 && options.transient === undefined) {
        throw new UsageError('nothing to change: give --file, --content or --private-metadata');
      }
      const client = await registry();
      const updated = await ctx.submit(`updating data asset ${id}`, () => client.updateDataAsset(id, input, options));
      ctx.notePrivateStep(updated.privateMetadata, 'private metadata');
    });

    group
      .command('transfer')
      .description('hand a data asset to another active identity (owner only)')
      .argument('<id>', 'the asset')
      .argument('<newOwnerDid>', 'the new owner')
      .action(async (id: string, newOwnerDid: string) => {
        const client = await registry();
        await ctx.submit(`transferring data asset ${id}`, () => client.transferDataAsset(id, newOwnerDid));
      });

    group
      .command('retire')
      .description('retire a data asset (owner only): kept for lineage and audit, frozen otherwise')
      .argument('<id>', 'the asset')
      .requiredOption('--reason <text>', 'public reason (no personal data)')
      .action(async (id: string, o: { reason: string }) => {
        const client = await registry();
        await ctx.submit(`retiring data asset ${id}`, () => client.retireDataAsset(id, o.reason));
      });

    // --- queries ---------------------------------------------------------------------------
    group
      .command('get')
      .description("a data asset's registration record")
      .argument('<id>', 'the asset')
      .action(async (id: string) => ctx.print(await (await registry()).getDataAsset(id)));

    group
      .command('exists')
      .description('whether a data asset is registered')
      .argument('<id>', 'the asset')
      .action(async (id: string) => {
        const exists = await (await registry()).dataAssetExists(id);
        ctx.print({ id, exists }, (r) => `${r.id} registered: ${yesNo(r.exists)}\n`);
      });

    group
      .command('verify')
      .description('check that a file (or a SHA-256) is the registered content, current or an older version')
      .argument('<id>', 'the asset')
      .option('--file <path>', 'the file to check, hashed locally')
      .addOption(new Option('--hash <sha256>', 'its SHA-256 instead').argParser(parseSha256))
      .action(async (id: string, o: { file?: string; hash?: string }) => {
        const contentHash = await hashOption(o, '--file', '--hash', ctx);
        const result: IntegrityResult = await (await registry()).verifyDataIntegrity(id, contentHash);
        ctx.print({ id, contentHash, ...result }, (r) => {
          const verdict =
            r.match === 'current'
              ? `matches the current content (version ${r.version})`
              : r.match === 'previous'
                ? `matches an older version (version ${r.version}), not the current content`
                : 'matches no registered version';
          return `${r.id}: ${r.contentHash} ${verdict}\n`;
        });
      });

    group
      .command('lineage')
      .description('ancestors and descendants of a data asset')
      .argument('<id>', 'the asset')
      .addOption(new Option('--depth <n>', 'derivation steps to walk, 1..5').argParser(parseInteger).default(1))
      .action(async (id: string, o: { depth: number }) =>
        ctx.print(await (await registry()).getLineage(id, o.depth), renderLineage),
      );

    pageOptions(
      group
        .command('list')
        .description('one page of the data assets of an owner or a sector')
        .option('--owner <did>', "the owner's DID")
        .addOption(new Option('--category <category>', 'the sector').choices(CATEGORIES)),
    ).action(
      async (o: { owner?: string; category?: DataAssetFilter['category']; pageSize?: number; bookmark?: string }) => {
        exactlyOne(o, ['owner', 'category']);
        const filter: DataAssetFilter = o.owner !== undefined ? { ownerDid: o.owner } : { category: o.category };
        const page = await (await registry()).listDataAssets(filter, { pageSize: o.pageSize, bookmark: o.bookmark });
        ctx.print(page, renderPage(assetColumns));
      },
    );

    group
      .command('history')
      .description("a data asset record's newest changes, newest first")
      .argument('<id>', 'the asset')
      .action(async (id: string) => ctx.print(await (await registry()).getDataAssetHistory(id), renderAssetHistory));

    group
      .command('private-metadata')
      .description("a data asset's private metadata (clients of the owner's organization)")
      .argument('<id>', 'the asset')
      .option('--endorsing-org <mspId>', "ask a peer of this organization (the owner's, if the gateway peer is not)")
      .action(async (id: string, o: { endorsingOrg?: string }) => {
        const client = await registry();
        ctx.print(
          await client.getPrivateMetadata(id, o.endorsingOrg ? { endorsingOrganizations: [o.endorsingOrg] } : {}),
        );
      });

    // --- consent and audit -----------------------------------------------------------------
    group
      .command('grant')
      .description('grant an identity or an organization access for some of the policy purposes (owner only)')
      .argument('<id>', 'the asset')
      .option('--grantee-did <did>', 'the identity granted access')
      .option('--grantee-msp <mspId>', 'the organization granted access (any of its active data consumers)')
      .requiredOption('--purpose <purpose>', 'a purpose granted (repeatable, or comma-separated)', collect)
      .addOption(
        new Option('--expires-at <when>', 'end of the grant: ISO-8601, or +<n>d|h|m from now')
          .argParser((v: string) => parseInstant(v, ctx.now))
          .makeOptionMandatory(),
      )
      .option('--grant-id <id>', 'the grant ID (default: a random grant-<hex>)')
      .action(
        async (
          id: string,
          o: { granteeDid?: string; granteeMsp?: string; purpose: string[]; expiresAt: string; grantId?: string },
        ) => {
          exactlyOne(o, ['granteeDid', 'granteeMsp']);
          const common = { grantId: o.grantId ?? randomId('grant'), purposes: o.purpose, expiresAt: o.expiresAt };
          const grant: AccessGrantInput =
            o.granteeDid !== undefined
              ? { ...common, granteeDid: o.granteeDid }
              : { ...common, granteeMsp: o.granteeMsp as string };
          const client = await registry();
          await ctx.submit(`granting access to ${id}`, () => client.grantAccess(id, grant));
        },
      );

    group
      .command('revoke-grant')
      .description('revoke an access grant (owner only)')
      .argument('<id>', 'the asset')
      .argument('<grantId>', 'the grant')
      .action(async (id: string, grantId: string) => {
        const client = await registry();
        await ctx.submit(`revoking grant ${grantId} of ${id}`, () => client.revokeAccess(id, grantId));
      });

    group
      .command('check-access')
      .description('whether an identity may use a data asset for a purpose now, and why')
      .argument('<id>', 'the asset')
      .argument('<requesterDid>', 'who would access it')
      .argument('<purpose>', 'what for')
      .action(async (id: string, requesterDid: string, purpose: string) => {
        const decision = await (await registry()).checkAccess(id, requesterDid, purpose);
        ctx.print(
          decision,
          (d) => `${d.allowed ? 'allowed' : 'denied'}: ${d.reason}${d.grantId ? ` (grant ${d.grantId})` : ''}\n`,
        );
      });

    group
      .command('record-access')
      .description('log an access the caller makes (allowed only if check-access allows it)')
      .argument('<id>', 'the asset')
      .argument('<purpose>', 'what for')
      .addOption(
        new Option('--details-hash <sha256>', 'SHA-256 of the off-chain access details').argParser(parseSha256),
      )
      .option('--details-file <file>', 'the access details document (query, rows, receipt), hashed locally')
      .action(async (id: string, purpose: string, o: { detailsHash?: string; detailsFile?: string }) => {
        const detailsHash = await hashOption(
          { file: o.detailsFile, hash: o.detailsHash },
          '--details-file',
          '--details-hash',
          ctx,
        );
        const client = await registry();
        await ctx.submit(`recording access to ${id}`, () => client.recordAccess(id, purpose, detailsHash));
      });

    pageOptions(
      group
        .command('access-records')
        .description("one page of a data asset's access records, oldest first (owner, its org admins, regulators)")
        .argument('<id>', 'the asset'),
    ).action(async (id: string, o: { pageSize?: number; bookmark?: string }) => {
      const page = await (await registry()).listAccessRecords(id, { pageSize: o.pageSize, bookmark: o.bookmark });
      ctx.print(page, renderPage(accessRecordColumns));
    });

    pageOptions(
      group
        .command('access-grants')
        .description("one page of a data asset's grants, active and revoked (owner, its org admins, regulators)")
        .argument('<id>', 'the asset'),
    ).action(async (id: string, o: { pageSize?: number; bookmark?: string }) => {
      const page = await (await registry()).listAccessGrants(id, { pageSize: o.pageSize, bookmark: o.bookmark });
      ctx.print(page, renderPage(accessGrantColumns));
    });
  },
};
