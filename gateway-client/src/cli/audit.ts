import { Argument, Option } from 'commander';
import type { AuditTrail, HistoryResults } from '../audit';
import type { BlockSummary, ChainInfo, TransactionSummary } from '../qscc';
import type { CommandGroup } from './context';
import { formatRecord } from './format';
import { parseBlockNumber, parsePositiveInteger } from './options';
import { renderRows, renderWithout } from './render';

const HISTORY_CHAINCODES: readonly (keyof HistoryResults)[] = Object.keys({
  identity: 1,
  'data-registry': 1,
  'asset-valuation': 1,
} satisfies Record<keyof HistoryResults, 1>) as (keyof HistoryResults)[];

/** An audit trail: its entries in time order, then how complete it is. */
export function renderTrail(trail: AuditTrail): string {
  const entries = renderRows(
    trail.entries,
    [
      { header: 'at', value: (e) => e.at },
      { header: 'kind', value: (e) => e.kind },
      { header: 'chaincode', value: (e) => e.chaincode },
      { header: 'transaction', value: (e) => e.txId },
      { header: 'summary', value: (e) => e.summary },
    ],
    '(no entries)',
  );
  const sources = Object.entries(trail.sources)
    .filter(([, report]) => report.truncated || report.error !== undefined)
    .map(([name, report]) => `  ${name}: ${report.error ?? 'truncated'}\n`);
  const gaps = trail.gaps.map((gap) => `  - ${gap}\n`);
  return (
    `audit trail of ${trail.assetId}: ${trail.entries.length} entries, ${trail.complete ? 'complete' : 'INCOMPLETE'}\n` +
    entries +
    (sources.length > 0 ? `incomplete sources:\n${sources.join('')}` : '') +
    (gaps.length > 0 ? `not covered by any chaincode read:\n${gaps.join('')}` : '')
  );
}

function renderBlock(block: BlockSummary): string {
  return (
    renderWithout(block, ['transactions']) +
    '\n' +
    renderRows<TransactionSummary>(block.transactions, [
      { header: 'transaction', value: (t) => t.txId },
      { header: 'validation', value: (t) => t.validationCodeName },
      { header: 'creator', value: (t) => t.creatorMsp },
      { header: 'chaincode', value: (t) => t.chaincode },
      { header: 'function', value: (t) => t.function },
      { header: 'time', value: (t) => t.timestamp },
    ])
  );
}

/** `ndi audit ...`: the regulator's view of the ledger. */
export const auditCommands: CommandGroup = {
  name: 'audit',
  description: 'audit trails, record histories, transactions and blocks from the ledger (regulators)',
  register(group, ctx) {
    const audit = async () => (await ctx.client()).audit(ctx.clientOptions);

    group
      .command('trail')
      .description(
        "a data asset's merged audit trail: registration, versions, transfers, grants, accesses, valuations, " +
          'share movements, trades',
      )
      .argument('<assetId>', 'the data asset')
      .addOption(new Option('--page-size <n>', 'records per page of each source').argParser(parsePositiveInteger))
      .addOption(new Option('--max-pages <n>', 'pages read per source at most').argParser(parsePositiveInteger))
      .action(async (assetId: string, o: { pageSize?: number; maxPages?: number }) => {
        const trail = await (
          await audit()
        ).auditTrail(assetId, {
          ...(o.pageSize !== undefined && { pageSize: o.pageSize }),
          ...(o.maxPages !== undefined && { maxPages: o.maxPages }),
        });
        ctx.print(trail, renderTrail);
      });

    group
      .command('history')
      .description("a record's versions from the peer's history database, newest first")
      .addArgument(new Argument('<chaincode>', 'the chaincode').choices(HISTORY_CHAINCODES))
      .argument('<id>', 'the record: a DID, a data asset ID or a valuation request ID')
      .action(async (chaincode: keyof HistoryResults, id: string) =>
        ctx.print(await (await audit()).history(chaincode, id), formatRecord),
      );

    group
      .command('tx')
      .description('a transaction as the ledger holds it: validation code, submitter, chaincode, function, block')
      .argument('<txId>', 'the transaction ID')
      .action(async (txId: string) =>
        ctx.print(await (await audit()).transaction(txId, { withBlockNumber: true }), formatRecord),
      );

    group
      .command('block')
      .description('a block and its transactions with their validation codes')
      .addArgument(new Argument('<number>', 'the block number (0 = genesis)').argParser(parseBlockNumber))
      .action(async (blockNumber: bigint) => ctx.print(await (await audit()).block(blockNumber), renderBlock));

    group
      .command('height')
      .description("the channel ledger's height and newest block hash")
      .action(async () => ctx.print<ChainInfo>(await (await audit()).chainInfo(), formatRecord));
  },
};
