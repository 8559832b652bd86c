import { type Command, Option } from 'commander';
import type {
  AppraisalInput,
  AppraisalList,
  ValuationHistory,
  ValuationMethod,
  ValuationRequest,
  ValuationRequestInput,
} from '@ndi/chaincode-asset-valuation';
import type { CliContext, CommandGroup } from './context';
import { UsageError } from './exit-codes';
import type { Column } from './format';
import { sha256File } from './hash';
import {
  collect,
  parseInstant,
  parseInteger,
  parseMinorUnits,
  parsePositiveInteger,
  parseSha256,
  randomId,
  readJsonFile,
} from './options';
import { renderPage, renderRows } from './render';

const METHODS: readonly ValuationMethod[] = Object.keys({ cost: 1, market: 1, income: 1 } satisfies Record<
  ValuationMethod,
  1
>) as ValuationMethod[];

const requestColumns: readonly Column<ValuationRequest>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'purpose', value: (r) => r.purpose },
  { header: 'status', value: (r) => r.status },
  { header: 'value (minor units)', value: (r) => (r.value === undefined ? '' : `${r.value} ${r.currency}`) },
  { header: 'requested at', value: (r) => r.requestedAt },
  { header: 'valid until', value: (r) => r.validUntil },
];

function renderAppraisals(list: AppraisalList): string {
  return renderRows(list.items, [
    { header: 'valuer', value: (a) => a.valuerDid },
    { header: 'msp', value: (a) => a.valuerMsp },
    { header: 'method', value: (a) => a.method },
    { header: 'value (minor units)', value: (a) => `${a.value} ${a.currency}` },
    { header: 'status', value: (a) => a.status },
    { header: 'valid until', value: (a) => a.validUntil },
  ]);
}

function renderHistory(history: ValuationHistory): string {
  return (
    renderRows(history.entries, [
      { header: 'transaction', value: (e) => e.txId },
      { header: 'time', value: (e) => e.timestamp },
      { header: 'status', value: (e) => e.value?.status },
      { header: 'value', value: (e) => e.value?.value },
    ]) + (history.truncated ? '(older versions left out)\n' : '')
  );
}

const endorsingOrgs = (command: Command): Command =>
  command.option(
    '--endorsing-org <mspId>',
    'only peers of this organization endorse (repeatable): keeps transient data from the others',
    collect,
  );

const callOptions = (o: { endorsingOrg?: string[] }) =>
  o.endorsingOrg === undefined ? {} : { endorsingOrganizations: o.endorsingOrg };

async function reportHash(o: { evidenceHash?: string; reportFile?: string }, ctx: CliContext): Promise<string> {
  if ((o.evidenceHash === undefined) === (o.reportFile === undefined)) {
    throw new UsageError('give exactly one of --evidence-hash, --report-file');
  }
  return o.evidenceHash ?? (await sha256File(ctx.resolve(o.reportFile as string))).sha256;
}

/** `ndi valuation ...`: the `asset-valuation` chaincode. Money is integer minor units (e.g. fen, cents). */
export const valuationCommands: CommandGroup = {
  name: 'valuation',
  description: 'valuation requests, appraisals, consensus and disputes (asset-valuation chaincode)',
  register(group, ctx) {
    const valuation = async () => (await ctx.client()).assetValuation(ctx.clientOptions);

    group
      .command('request')
      .description('open a valuation request for a data asset the caller owns')
      .argument('<assetId>', 'the data asset')
      .requiredOption('--purpose <purpose>', 'why, a kebab-case identifier such as listing or collateral')
      .option('--id <id>', 'request ID (default: a random val-<hex>)')
      .option('--currency <code>', 'ISO 4217 code of the appraisals (default: CNY)')
      .addOption(new Option('--min-appraisals <n>', 'appraisals needed, 2..9 (default 2)').argParser(parseInteger))
      .addOption(
        new Option('--max-spread-bp <n>', 'dispute threshold in basis points (default 3000)').argParser(parseInteger),
      )
      .action(
        async (
          assetId: string,
          o: { purpose: string; id?: string; currency?: string; minAppraisals?: number; maxSpreadBp?: number },
        ) => {
          const request: ValuationRequestInput = {
            id: o.id ?? randomId('val'),
            assetId,
            purpose: o.purpose,
            ...(o.currency !== undefined && { currency: o.currency }),
            ...(o.minAppraisals !== undefined && { minAppraisals: o.minAppraisals }),
            ...(o.maxSpreadBp !== undefined && { maxSpreadBp: o.maxSpreadBp }),
          };
          const client = await valuation();
          await ctx.submit(`requesting valuation ${request.id} of ${assetId}`, () => client.requestValuation(request));
        },
      );

    endorsingOrgs(
      group
        .command('appraise')
        .description(
          "submit the caller's appraisal for an open request (an accredited valuer of another org): two " +
            "transactions, the evidence (endorsed by the caller's org alone, or --endorsing-org) then the appraisal",
        )
        .argument('<requestId>', 'the request')
        .addOption(new Option('--method <method>', 'valuation method').choices(METHODS).makeOptionMandatory())
        .addOption(
          new Option('--value <minorUnits>', 'appraised value in minor units (integer)')
            .argParser(parseMinorUnits)
            .makeOptionMandatory(),
        )
        .option('--currency <code>', "ISO 4217 code, the request's", 'CNY')
        .addOption(new Option('--evidence-hash <sha256>', 'SHA-256 of the appraisal report').argParser(parseSha256))
        .option('--report-file <file>', 'the appraisal report, hashed locally (instead of --evidence-hash)')
        .addOption(
          new Option('--valid-until <when>', 'end of validity: ISO-8601, or +<n>d|h|m from now')
            .argParser((v: string) => parseInstant(v, ctx.now))
            .makeOptionMandatory(),
        )
        .requiredOption(
          '--evidence <file.json>',
          "working papers (JSON object): to the valuer org's private collection, only a hash on the ledger",
        ),
    ).action(
      async (
        requestId: string,
        o: {
          method: ValuationMethod;
          value: string;
          currency: string;
          evidenceHash?: string;
          reportFile?: string;
          validUntil: string;
          evidence: string;
          endorsingOrg?: string[];
        },
      ) => {
        const appraisal: AppraisalInput = {
          method: o.method,
          value: o.value,
          currency: o.currency,
          evidenceHash: await reportHash(o, ctx),
          validUntil: o.validUntil,
        };
        const evidence = await readJsonFile<Record<string, unknown>>(ctx.resolve(o.evidence), 'evidence');
        const client = await valuation();
        // Two transactions: the evidence, endorsed by the caller's organization alone, then the public appraisal.
        await ctx.submit(`storing appraisal evidence for ${requestId}`, () =>
          client.storeAppraisalEvidence(requestId, appraisal.evidenceHash, {
            ...callOptions(o),
            transient: { evidence },
          }),
        );
        await ctx.submit(`submitting appraisal for ${requestId}`, () => client.submitAppraisal(requestId, appraisal));
      },
    );

    group
      .command('withdraw')
      .description("withdraw the caller's appraisal from an open request")
      .argument('<requestId>', 'the request')
      .action(async (requestId: string) => {
        const client = await valuation();
        await ctx.submit(`withdrawing appraisal from ${requestId}`, () => client.withdrawAppraisal(requestId));
      });

    group
      .command('appraisals')
      .description("a request's appraisals, withdrawn ones included")
      .argument('<requestId>', 'the request')
      .action(async (requestId: string) =>
        ctx.print(await (await valuation()).listAppraisals(requestId), renderAppraisals),
      );

    group
      .command('finalize')
      .description('close an open request: the median becomes the value, or the request is disputed')
      .argument('<requestId>', 'the request')
      .action(async (requestId: string) => {
        const client = await valuation();
        await ctx.submit(`finalizing valuation ${requestId}`, () => client.finalizeValuation(requestId));
      });

    group
      .command('resolve')
      .description('finalize a disputed request with the value a regulator decides (regulators only)')
      .argument('<requestId>', 'the request')
      .addOption(
        new Option('--value <minorUnits>', 'the value in minor units (integer)')
          .argParser(parseMinorUnits)
          .makeOptionMandatory(),
      )
      .requiredOption('--reason <text>', 'public reason (no personal data)')
      .action(async (requestId: string, o: { value: string; reason: string }) => {
        const client = await valuation();
        await ctx.submit(`resolving valuation ${requestId}`, () =>
          client.resolveValuation(requestId, o.value, o.reason),
        );
      });

    group
      .command('get')
      .description('a valuation request')
      .argument('<requestId>', 'the request')
      .action(async (requestId: string) => ctx.print(await (await valuation()).getValuationRequest(requestId)));

    group
      .command('history')
      .description("a request record's versions, newest first")
      .argument('<requestId>', 'the request')
      .action(async (requestId: string) =>
        ctx.print(await (await valuation()).getValuationHistory(requestId), renderHistory),
      );

    group
      .command('current')
      .description("a data asset's current (finalized, unexpired) valuation")
      .argument('<assetId>', 'the data asset')
      .action(async (assetId: string) => ctx.print(await (await valuation()).getCurrentValuation(assetId)));

    group
      .command('list')
      .description("one page of a data asset's valuation requests, oldest first")
      .argument('<assetId>', 'the data asset')
      .addOption(new Option('--page-size <n>', 'records per page').argParser(parsePositiveInteger))
      .option('--bookmark <bookmark>', "the previous page's bookmark")
      .action(async (assetId: string, o: { pageSize?: number; bookmark?: string }) => {
        const page = await (await valuation()).listValuations(assetId, { pageSize: o.pageSize, bookmark: o.bookmark });
        ctx.print(page, renderPage(requestColumns));
      });
  },
};
