import { type Command, Option } from 'commander';
import type {
  Certificate,
  CertificateFilter,
  ListingInput,
  OrderInput,
  ShareBalance,
  ShareMovement,
} from '@ndi/chaincode-transaction-certificates';
import type { CertificateVerificationReport } from '../certificate-verification';
import type { CommandGroup } from './context';
import { UsageError } from './exit-codes';
import type { Column } from './format';
import {
  collect,
  exactlyOne,
  parseInstant,
  parseMinorUnits,
  parsePositiveInteger,
  parseQuantity,
  parseSha256,
  randomId,
  readJsonFile,
} from './options';
import { renderPage } from './render';

const shareholderColumns: readonly Column<ShareBalance>[] = [
  { header: 'holder', value: (b) => b.holderDid },
  { header: 'balance', value: (b) => b.balance },
  { header: 'listed', value: (b) => b.listed },
  { header: 'available', value: (b) => b.available },
];

const movementColumns: readonly Column<ShareMovement>[] = [
  { header: 'at', value: (m) => m.at },
  { header: 'reason', value: (m) => m.reason },
  { header: 'from', value: (m) => m.fromDid },
  { header: 'to', value: (m) => m.toDid },
  { header: 'quantity', value: (m) => m.quantity },
  { header: 'order', value: (m) => m.orderId },
  { header: 'transaction', value: (m) => m.txId },
];

const certificateColumns: readonly Column<Certificate>[] = [
  { header: 'id', value: (c) => c.id },
  { header: 'type', value: (c) => c.type },
  { header: 'asset', value: (c) => c.assetId },
  { header: 'version', value: (c) => c.assetVersion },
  { header: 'status', value: (c) => c.status },
  { header: 'issued at', value: (c) => c.issuedAt },
];

/** A verification report: the verdict, then each check. */
export function renderVerification(report: CertificateVerificationReport): string {
  const lines = [
    `certificate ${report.certificateId}: ${report.valid ? 'VALID' : 'NOT VALID'}`,
    `  offline hash:  ${report.offline.matches ? 'matches' : `differs${report.offline.error ? ` (${report.offline.error})` : ''}`}`,
    `  on chain:      ${report.onChain.valid ? 'valid' : (report.onChain.reason ?? report.onChain.error ?? 'not valid')}`,
    `  transaction:   ${report.transaction.txId} ${report.transaction.validationCodeName ?? (report.transaction.found ? '' : 'not found')}${report.transaction.matchesCertificate ? '' : ' (does not match the certificate)'}`,
    ...report.reasons.map((reason) => `  - ${reason}`),
  ];
  return lines.join('\n') + '\n';
}

const pageOptions = (command: Command): Command =>
  command
    .addOption(new Option('--page-size <n>', 'records per page').argParser(parsePositiveInteger))
    .option('--bookmark <bookmark>', "the previous page's bookmark");

/** `ndi cert ...`: the `transaction-certificates` chaincode (the transaction node). */
export const certCommands: CommandGroup = {
  name: 'cert',
  description: 'tokenization, listings, orders, settlement and transaction certificates (transaction-certificates)',
  register(group, ctx) {
    const market = async () => (await ctx.client()).transactionCertificates(ctx.clientOptions);

    // --- fractional ownership ----------------------------------------------------------------
    group
      .command('tokenize')
      .description('split a data asset the caller owns into shares, all credited to the caller')
      .argument('<assetId>', 'the data asset')
      .addOption(new Option('--shares <n>', 'total shares').argParser(parseQuantity).makeOptionMandatory())
      .action(async (assetId: string, o: { shares: string }) => {
        const client = await market();
        await ctx.submit(`tokenizing ${assetId}`, () => client.tokenizeAsset(assetId, o.shares));
      });

    group
      .command('transfer')
      .description("move some of the caller's unlisted shares to another identity")
      .argument('<assetId>', 'the data asset')
      .argument('<toDid>', 'the recipient')
      .addOption(new Option('--shares <n>', 'how many').argParser(parseQuantity).makeOptionMandatory())
      .action(async (assetId: string, toDid: string, o: { shares: string }) => {
        const client = await market();
        await ctx.submit(`transferring ${o.shares} shares of ${assetId}`, () =>
          client.transferShares(assetId, toDid, o.shares),
        );
      });

    group
      .command('balance')
      .description("a holder's shares of an asset")
      .argument('<assetId>', 'the data asset')
      .argument('<holderDid>', 'the holder')
      .action(async (assetId: string, holderDid: string) =>
        ctx.print(await (await market()).getBalance(assetId, holderDid)),
      );

    group
      .command('tokenization')
      .description("an asset's tokenization")
      .argument('<assetId>', 'the data asset')
      .action(async (assetId: string) => ctx.print(await (await market()).getTokenization(assetId)));

    pageOptions(
      group
        .command('list-shareholders')
        .description("one page of an asset's shareholders")
        .argument('<assetId>', 'the data asset'),
    ).action(async (assetId: string, o: { pageSize?: number; bookmark?: string }) => {
      const page = await (await market()).listShareholders(assetId, { pageSize: o.pageSize, bookmark: o.bookmark });
      ctx.print(page, renderPage(shareholderColumns));
    });

    pageOptions(
      group
        .command('share-movements')
        .description("one page of an asset's share movements, oldest first: minted, transferred, settled")
        .argument('<assetId>', 'the data asset'),
    ).action(async (assetId: string, o: { pageSize?: number; bookmark?: string }) => {
      const page = await (await market()).listShareMovements(assetId, { pageSize: o.pageSize, bookmark: o.bookmark });
      ctx.print(page, renderPage(movementColumns));
    });

    // --- market ------------------------------------------------------------------------------
    const listing = group.command('listing').description('offers of shares');
    listing
      .command('create')
      .description("offer some of the caller's shares")
      .requiredOption('--asset <assetId>', 'the data asset')
      .addOption(new Option('--shares <n>', 'shares offered').argParser(parseQuantity).makeOptionMandatory())
      .addOption(
        new Option('--price-per-share <minorUnits>', 'price per share in minor units')
          .argParser(parseMinorUnits)
          .makeOptionMandatory(),
      )
      .option('--currency <code>', 'ISO 4217 code', 'CNY')
      .addOption(
        new Option('--expires-at <when>', 'end of the offer: ISO-8601, or +<n>d|h|m from now')
          .argParser((v: string) => parseInstant(v, ctx.now))
          .makeOptionMandatory(),
      )
      .requiredOption(
        '--purpose <purpose>',
        "a purpose of the asset's policy (repeatable, or comma-separated)",
        collect,
      )
      .option('--id <id>', 'listing ID (default: a random lst-<hex>)')
      .action(
        async (o: {
          asset: string;
          shares: string;
          pricePerShare: string;
          currency: string;
          expiresAt: string;
          purpose: string[];
          id?: string;
        }) => {
          const input: ListingInput = {
            id: o.id ?? randomId('lst'),
            assetId: o.asset,
            shares: o.shares,
            pricePerShare: o.pricePerShare,
            currency: o.currency,
            expiresAt: o.expiresAt,
            purposes: o.purpose,
          };
          const client = await market();
          await ctx.submit(`creating listing ${input.id}`, () => client.createListing(input));
        },
      );
    listing
      .command('cancel')
      .description('withdraw an open listing (its seller)')
      .argument('<id>', 'the listing')
      .action(async (id: string) => {
        const client = await market();
        await ctx.submit(`cancelling listing ${id}`, () => client.cancelListing(id));
      });
    listing
      .command('get')
      .description('a listing')
      .argument('<id>', 'the listing')
      .action(async (id: string) => ctx.print(await (await market()).getListing(id)));

    const order = group.command('order').description('orders against listings');
    order
      .command('place')
      .description('order shares of a listing')
      .requiredOption('--listing <id>', 'the listing')
      .addOption(new Option('--shares <n>', 'shares wanted').argParser(parseQuantity).makeOptionMandatory())
      .option('--id <id>', 'order ID (default: a random ord-<hex>)')
      .action(async (o: { listing: string; shares: string; id?: string }) => {
        const input: OrderInput = { id: o.id ?? randomId('ord'), listingId: o.listing, shares: o.shares };
        const client = await market();
        await ctx.submit(`placing order ${input.id}`, () => client.placeOrder(input));
      });
    order
      .command('cancel')
      .description('cancel a pending order')
      .argument('<id>', 'the order')
      .action(async (id: string) => {
        const client = await market();
        await ctx.submit(`cancelling order ${id}`, () => client.cancelOrder(id));
      });
    order
      .command('get')
      .description('an order')
      .argument('<id>', 'the order')
      .action(async (id: string) => ctx.print(await (await market()).getOrder(id)));

    group
      .command('settle')
      .description('settle a pending order against an off-chain payment (seller): issues the transaction certificate')
      .argument('<orderId>', 'the order')
      .requiredOption('--payment-ref <ref>', "the seller's reference of the payment")
      .action(async (orderId: string, o: { paymentRef: string }) => {
        const client = await market();
        await ctx.submit(`settling order ${orderId}`, () => client.settleTrade(orderId, o.paymentRef));
      });

    // --- certificates ------------------------------------------------------------------------
    group
      .command('issue')
      .description("issue the registration certificate of an asset's current version (exchange operators)")
      .argument('<assetId>', 'the data asset')
      .action(async (assetId: string) => {
        const client = await market();
        await ctx.submit(`issuing the registration certificate of ${assetId}`, () =>
          client.issueRegistrationCertificate(assetId),
        );
      });

    group
      .command('get')
      .description('a certificate')
      .argument('<id>', 'the certificate')
      .action(async (id: string) => ctx.print(await (await market()).getCertificate(id)));

    group
      .command('verify')
      .description(
        'verify a certificate: a held copy (--file) or the ledger copy three ways (hash recomputed, chaincode, ' +
          'issuing transaction); or only a hash with the chaincode (--hash)',
      )
      .argument('<id>', 'the certificate')
      .option('--file <cert.json>', 'the copy held, e.g. received from a party')
      .addOption(new Option('--hash <certHash>', 'check only this hash with the chaincode').argParser(parseSha256))
      .action(async (id: string, o: { file?: string; hash?: string }) => {
        if (o.file !== undefined && o.hash !== undefined) {
          throw new UsageError('give at most one of --file, --hash');
        }
        const client = await ctx.client();
        if (o.hash !== undefined) {
          const verdict = await client.transactionCertificates(ctx.clientOptions).verifyCertificate(id, o.hash);
          ctx.print(
            { id, certHash: o.hash, ...verdict },
            (v) => `certificate ${v.id}: ${v.valid ? 'VALID' : 'NOT VALID'} (${v.reason})\n`,
          );
          return;
        }
        const copy =
          o.file !== undefined
            ? await readJsonFile<Certificate>(ctx.resolve(o.file), 'certificate')
            : await client.transactionCertificates(ctx.clientOptions).getCertificate(id);
        if (copy.id !== id) {
          throw new UsageError(`certificate file ${o.file} holds certificate ${String(copy.id)}, not ${id}`);
        }
        ctx.print(await client.audit(ctx.clientOptions).verifyCertificate(copy), renderVerification);
      });

    group
      .command('revoke')
      .description('revoke a valid certificate (regulators only)')
      .argument('<id>', 'the certificate')
      .requiredOption('--reason <text>', 'public reason (no personal data)')
      .action(async (id: string, o: { reason: string }) => {
        const client = await market();
        await ctx.submit(`revoking certificate ${id}`, () => client.revokeCertificate(id, o.reason));
      });

    pageOptions(
      group
        .command('list')
        .description('one page of the certificates of an asset or a party')
        .option('--asset <assetId>', 'the data asset')
        .option('--party <did>', 'a party'),
    ).action(async (o: { asset?: string; party?: string; pageSize?: number; bookmark?: string }) => {
      exactlyOne(o, ['asset', 'party']);
      const filter: CertificateFilter = o.asset !== undefined ? { assetId: o.asset } : { partyDid: o.party };
      const page = await (await market()).listCertificates(filter, { pageSize: o.pageSize, bookmark: o.bookmark });
      ctx.print(page, renderPage(certificateColumns));
    });
  },
};
