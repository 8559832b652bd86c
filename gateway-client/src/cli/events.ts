import { Option } from 'commander';
import { FileCheckpointer } from '../checkpoint';
import type { FilteredBlockSummary } from '../block-stream';
import { NDI_EVENT_NAMES, type NdiChaincodeName, type NdiEvent } from '../event-types';
import type { BlockSummary } from '../qscc';
import type { CliContext, CommandGroup } from './context';
import { UsageError } from './exit-codes';
import { toJson } from './format';
import { collect, parseBlockNumber, parsePositiveInteger } from './options';

interface TailOptions {
  readonly chaincode?: string[];
  readonly checkpoint?: string;
  readonly fromCheckpoint?: boolean;
  readonly startBlock?: bigint;
  readonly count?: number;
  readonly skipUnknown?: boolean;
}

/** An event as one line for humans: block, transaction, chaincode, name, payload. */
export function renderEvent(event: NdiEvent): string {
  return `${event.blockNumber} ${event.transactionId} ${event.chaincode} ${event.name} ${toJson(event.payload, true)}`;
}

interface BlocksOptions {
  readonly filtered?: boolean;
  readonly checkpoint?: string;
  readonly fromCheckpoint?: boolean;
  readonly startBlock?: bigint;
  readonly count?: number;
}

/** A block for humans: its number and one line per transaction (submitter and call, or type, and validity). */
export function renderBlock(block: BlockSummary | FilteredBlockSummary): string {
  const lines = block.transactions.map((tx) =>
    'creatorMsp' in tx
      ? `  ${tx.txId} ${tx.creatorMsp} ${tx.chaincode ?? '-'} ${tx.function ?? '-'} ${tx.validationCodeName}`
      : `  ${tx.txId} ${tx.typeName} ${tx.validationCodeName}`,
  );
  return [`block ${block.number}: ${block.transactions.length} transaction(s)`, ...lines].join('\n') + '\n';
}

/** What {@link follow} reads: an event or block stream, resumable and closable. */
interface FollowedStream<T> extends AsyncIterable<T> {
  ack(): Promise<void>;
  close(): void;
}

/**
 * Prints a stream's items as they come (JSON Lines with `--json`) until interrupted or `count` are printed. An
 * interrupt lands between items: the one printed last has been handled, so its position is saved.
 */
async function follow<T>(
  ctx: CliContext,
  stream: FollowedStream<T>,
  render: (item: T) => string,
  count: number | undefined,
): Promise<void> {
  const unsubscribe = ctx.onInterrupt(() => {
    void stream.ack().finally(() => stream.close());
  });
  let seen = 0;
  try {
    for await (const item of stream) {
      ctx.out(ctx.json ? toJson(item, true) : render(item));
      seen += 1;
      if (count !== undefined && seen >= count) {
        await stream.ack();
        break;
      }
    }
  } finally {
    unsubscribe();
    stream.close();
  }
}

/** Opens a checkpoint file for `--checkpoint`, refusing a saved position unless `--from-checkpoint`. */
async function openCheckpoint(
  o: { readonly checkpoint?: string; readonly fromCheckpoint?: boolean },
  resolve: (file: string) => string,
): Promise<{ checkpoint: FileCheckpointer | undefined; saved: bigint | undefined }> {
  if (o.fromCheckpoint && o.checkpoint === undefined) {
    throw new UsageError('--from-checkpoint needs --checkpoint <file>');
  }
  const checkpoint = o.checkpoint === undefined ? undefined : await FileCheckpointer.open(resolve(o.checkpoint));
  const saved = checkpoint?.getBlockNumber();
  if (checkpoint !== undefined && saved !== undefined && !o.fromCheckpoint) {
    throw new UsageError(
      `checkpoint file ${o.checkpoint} holds a position (block ${saved}): add --from-checkpoint to resume ` +
        'from it, or remove the file to start afresh',
    );
  }
  return { checkpoint, saved };
}

/** `ndi events ...`: the chaincodes' events. */
export const eventsCommands: CommandGroup = {
  name: 'events',
  description: 'follow the chaincode events, resumably',
  register(group, ctx) {
    const known = Object.keys(NDI_EVENT_NAMES) as NdiChaincodeName[];
    group
      .command('tail')
      .description(
        'print chaincode events as they commit, in ledger order, until interrupted (--json: one JSON document per line)',
      )
      .option(`--chaincode <name>`, `chaincode to follow, repeatable (default: all of ${known.join(', ')})`, collect)
      .option('--checkpoint <file>', 'save the position after each event to this file (crash-safe)')
      .option(
        '--from-checkpoint',
        'resume after the position saved in --checkpoint (without it, that file must hold none)',
      )
      .addOption(
        new Option(
          '--start-block <n>',
          'block to start at when there is no saved position (default: the next block)',
        ).argParser(parseBlockNumber),
      )
      .addOption(new Option('--count <n>', 'stop after this many events').argParser(parsePositiveInteger))
      .option('--skip-unknown', 'pass over events this client does not know, instead of stopping at them')
      .action(async (o: TailOptions) => {
        const chaincodes = [...new Set(o.chaincode ?? known)];
        const unknown = chaincodes.filter((name) => !(known as string[]).includes(name));
        if (unknown.length > 0 || chaincodes.length === 0) {
          throw new UsageError(`unknown chaincode ${unknown.join(', ')}: events are typed for ${known.join(', ')}`);
        }
        const { checkpoint, saved } = await openCheckpoint(o, (file) => ctx.resolve(file));
        const client = await ctx.client();
        const stream = await client.events({
          chaincodes: chaincodes as [NdiChaincodeName, ...NdiChaincodeName[]],
          ...(checkpoint !== undefined && { checkpoint }),
          ...(o.startBlock !== undefined && { startBlock: o.startBlock }),
          unrecognized: o.skipUnknown ? 'skip' : 'error',
        });
        const from =
          saved !== undefined
            ? `after the checkpoint (block ${saved})`
            : o.startBlock !== undefined
              ? `at block ${o.startBlock}`
              : 'at the next block';
        ctx.note(`following ${chaincodes.join(', ')} events ${from}; Ctrl-C to stop`);
        await follow(ctx, stream, renderEvent, o.count);
      });

    group
      .command('blocks')
      .description(
        'print committed blocks with every transaction and its validation code, until interrupted (for auditors; ' +
          '--filtered: IDs, types and codes only)',
      )
      .option('--filtered', "filtered blocks: no payloads, for clients that may not read transactions' contents")
      .option('--checkpoint <file>', 'save the position after each block to this file (crash-safe)')
      .option('--from-checkpoint', 'resume after the position saved in --checkpoint')
      .addOption(
        new Option(
          '--start-block <n>',
          'block to start at when there is no saved position (default: the next block)',
        ).argParser(parseBlockNumber),
      )
      .addOption(new Option('--count <n>', 'stop after this many blocks').argParser(parsePositiveInteger))
      .action(async (o: BlocksOptions) => {
        const { checkpoint } = await openCheckpoint(o, (file) => ctx.resolve(file));
        const client = await ctx.client();
        const options = {
          ...(checkpoint !== undefined && { checkpoint }),
          ...(o.startBlock !== undefined && { startBlock: o.startBlock }),
        };
        const stream = o.filtered ? await client.filteredBlocks(options) : await client.blocks(options);
        ctx.note(`following ${o.filtered ? 'filtered ' : ''}blocks; Ctrl-C to stop`);
        await follow<BlockSummary | FilteredBlockSummary>(ctx, stream, renderBlock, o.count);
      });
  },
};
