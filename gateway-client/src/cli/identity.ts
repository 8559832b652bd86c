import { Argument, type Command, Option } from 'commander';
import type { Identity, IdentityHistory, IdentityPage, IdentityProfileInput } from '@ndi/chaincode-identity';
import type { CliContext, CommandGroup } from './context';
import { type Column, formatRecord } from './format';
import { sha256File } from './hash';
import { UsageError } from './exit-codes';
import { parseInstant, parsePositiveInteger, parseSha256, randomSalt } from './options';
import { renderPage, renderRows, renderWithout, yesNo } from './render';
import { CREDENTIAL_TYPES, IDENTITY_KINDS, IDENTITY_STATUSES, ROLES, SECTORS } from './vocabulary';

const identityColumns: readonly Column<Identity>[] = [
  { header: 'did', value: (i) => i.did },
  { header: 'kind', value: (i) => i.kind },
  { header: 'status', value: (i) => i.status },
  { header: 'display name', value: (i) => i.displayName },
  { header: 'roles', value: (i) => i.roles.map((r) => r.role) },
];

/** An identity: its fields, then its roles as a table. */
export function renderIdentity(identity: Identity): string {
  const roles = renderRows(
    identity.roles ?? [],
    [
      { header: 'role', value: (r) => r.role },
      { header: 'granted by', value: (r) => r.grantedBy },
      { header: 'granted at', value: (r) => r.grantedAt },
      { header: 'expires at', value: (r) => r.expiresAt ?? 'never' },
    ],
    '(no roles)',
  );
  return `${renderWithout(identity, ['roles'])}\nroles:\n${roles}`;
}

function renderHistory(history: IdentityHistory): string {
  return (
    renderRows(history.entries, [
      { header: 'transaction', value: (e) => e.txId },
      { header: 'time', value: (e) => e.timestamp },
      { header: 'status', value: (e) => (e.isDelete ? 'deleted' : e.value?.status) },
      { header: 'roles', value: (e) => e.value?.roles.map((r) => r.role) },
    ]) + (history.truncated ? '(older versions left out)\n' : '')
  );
}

const pageOptions = (command: Command): Command =>
  command
    .addOption(new Option('--page-size <n>', 'records per page').argParser(parsePositiveInteger))
    .option('--bookmark <bookmark>', "the previous page's bookmark");

async function claimsHash(options: { claimsHash?: string; claimsFile?: string }, ctx: CliContext): Promise<string> {
  if ((options.claimsHash === undefined) === (options.claimsFile === undefined)) {
    throw new UsageError('give exactly one of --claims-hash, --claims-file');
  }
  return options.claimsHash ?? (await sha256File(ctx.resolve(options.claimsFile as string))).sha256;
}

/** `ndi identity ...`: the `identity` chaincode. */
export const identityCommands: CommandGroup = {
  name: 'identity',
  description: 'identities, organizations, roles and credentials (identity chaincode)',
  register(group, ctx) {
    const identity = async () => (await ctx.client()).identity(ctx.clientOptions);

    // --- organizations ---------------------------------------------------------------------
    group
      .command('register-org')
      .description("register the caller's organization (an admin of its MSP)")
      .requiredOption('--name <name>', 'registered name')
      .requiredOption('--credit-code <code>', '18-character unified social credit code')
      .addOption(new Option('--sector <sector>', 'main sector').choices(SECTORS).makeOptionMandatory())
      .option('--contact-name <name>', 'contact person (private: only its salted hash goes on the ledger)')
      .option('--contact-phone <phone>', 'contact phone (private)')
      .option('--contact-email <email>', 'contact e-mail (private)')
      .option('--contact-salt <salt>', 'salt of the contact hash (default: random)')
      .action(async (o) => {
        const hasContact = [o.contactName, o.contactPhone, o.contactEmail].some((v) => v !== undefined);
        const contact = hasContact
          ? { name: o.contactName, phone: o.contactPhone, email: o.contactEmail, salt: o.contactSalt ?? randomSalt() }
          : undefined;
        const client = await identity();
        const registered = await ctx.submit(`registering organization ${o.name}`, () =>
          client.registerOrganization(
            { name: o.name, creditCode: o.creditCode, sector: o.sector },
            { transient: { contact } },
          ),
        );
        ctx.notePrivateStep(registered.details, 'contact details');
      });

    group
      .command('org')
      .description("an organization's record")
      .argument('[mspId]', "its MSP ID (default: the caller's)")
      .action(async (mspId: string | undefined) => {
        const client = await ctx.client();
        ctx.print(await client.identity(ctx.clientOptions).getOrganization(mspId ?? client.mspId));
      });

    // --- identities ------------------------------------------------------------------------
    group
      .command('register')
      .description("register the caller's certificate as an identity")
      .addOption(
        new Option('--kind <kind>', 'what the identity stands for').choices(IDENTITY_KINDS).makeOptionMandatory(),
      )
      .requiredOption(
        '--display-name <name>',
        "display name (a person's goes to the org's private collection, only its salted hash on the ledger)",
      )
      .option('--salt <salt>', "salt of a person's display-name hash (default: random)")
      .addOption(
        new Option('--id-number <number>', 'identity document number for a real-name commitment (never stored)').env(
          'NDI_ID_NUMBER',
        ),
      )
      .option('--id-salt <salt>', 'salt of the real-name commitment (default: random, printed: keep it to verify)')
      .action(async (o) => {
        const person = o.kind === 'person';
        const profile: IdentityProfileInput = person ? { kind: o.kind } : { kind: o.kind, displayName: o.displayName };
        const realNameSalt = o.idNumber !== undefined ? (o.idSalt ?? randomSalt()) : undefined;
        if (o.idSalt !== undefined && o.idNumber === undefined) {
          throw new UsageError('--id-salt needs --id-number');
        }
        const transient = {
          ...(person && { person: { displayName: o.displayName, salt: o.salt ?? randomSalt() } }),
          ...(realNameSalt !== undefined && { realName: { idNumber: o.idNumber, salt: realNameSalt } }),
        };
        const extra = realNameSalt !== undefined && o.idSalt === undefined ? { realNameSalt } : undefined;
        const client = await identity();
        const registered = await ctx.submit(
          `registering ${o.kind} identity`,
          () => client.registerIdentity(profile, { transient }),
          renderIdentity,
          extra,
        );
        ctx.notePrivateStep(registered.details, 'personal details');
      });

    group
      .command('whoami')
      .description("the caller's own identity")
      .action(async () => ctx.print(await (await identity()).whoAmI(), renderIdentity));

    group
      .command('get')
      .description('an identity')
      .argument('<did>', 'its DID')
      .action(async (did: string) => ctx.print(await (await identity()).getIdentity(did), renderIdentity));

    pageOptions(
      group
        .command('list')
        .description("one page of an organization's identities")
        .argument('[mspId]', "the organization's MSP ID (default: the caller's)"),
    ).action(async (mspId: string | undefined, o: { pageSize?: number; bookmark?: string }) => {
      const client = await ctx.client();
      const page: IdentityPage = await client
        .identity(ctx.clientOptions)
        .listIdentities(mspId ?? client.mspId, { pageSize: o.pageSize, bookmark: o.bookmark });
      ctx.print(page, renderPage(identityColumns));
    });

    group
      .command('history')
      .description("an identity record's versions, newest first (its audit trail)")
      .argument('<did>', 'its DID')
      .action(async (did: string) => ctx.print(await (await identity()).getIdentityHistory(did), renderHistory));

    group
      .command('verify-real-name')
      .description("check an identity's real-name commitment against an identity number and salt")
      .argument('<did>', 'the identity')
      .addOption(
        new Option('--id-number <number>', 'identity document number').env('NDI_ID_NUMBER').makeOptionMandatory(),
      )
      .requiredOption('--salt <salt>', 'the salt of the commitment')
      .action(async (did: string, o: { idNumber: string; salt: string }) => {
        const client = await identity();
        const match = await client.verifyRealName(did, {
          transient: { realName: { idNumber: o.idNumber, salt: o.salt } },
        });
        ctx.print({ did, match }, (r) => `real name matches: ${yesNo(r.match)}\n`);
      });

    // --- roles and status ------------------------------------------------------------------
    group
      .command('grant-role')
      .description('grant (or renew) a role')
      .argument('<did>', 'the identity')
      .addArgument(new Argument('<role>', 'the role').choices(ROLES))
      .addOption(
        new Option('--expires-at <when>', 'end of validity: ISO-8601, or +<n>d|h|m from now (default: none)').argParser(
          (v: string) => parseInstant(v, ctx.now),
        ),
      )
      .action(async (did: string, role: (typeof ROLES)[number], o: { expiresAt?: string }) => {
        const client = await identity();
        await ctx.submit(
          `granting ${role} to ${did}`,
          () => client.grantRole(did, role, o.expiresAt !== undefined ? { expiresAt: o.expiresAt } : {}),
          renderIdentity,
        );
      });

    group
      .command('revoke-role')
      .description('revoke a role')
      .argument('<did>', 'the identity')
      .addArgument(new Argument('<role>', 'the role').choices(ROLES))
      .requiredOption('--reason <text>', 'public reason (no personal data)')
      .action(async (did: string, role: (typeof ROLES)[number], o: { reason: string }) => {
        const client = await identity();
        await ctx.submit(`revoking ${role} of ${did}`, () => client.revokeRole(did, role, o.reason), renderIdentity);
      });

    group
      .command('has-role')
      .description('whether an identity is active and holds a role unexpired')
      .argument('<did>', 'the identity')
      .addArgument(new Argument('<role>', 'the role').choices(ROLES))
      .action(async (did: string, role: (typeof ROLES)[number]) => {
        const hasRole = await (await identity()).hasRole(did, role);
        ctx.print({ did, role, hasRole }, (r) => `${r.did} holds ${r.role}: ${yesNo(r.hasRole)}\n`);
      });

    group
      .command('set-status')
      .description("set an identity's status (revoked is final)")
      .argument('<did>', 'the identity')
      .addArgument(new Argument('<status>', 'the new status').choices(IDENTITY_STATUSES))
      .requiredOption('--reason <text>', 'public reason (no personal data)')
      .action(async (did: string, status: (typeof IDENTITY_STATUSES)[number], o: { reason: string }) => {
        const client = await identity();
        await ctx.submit(
          `setting ${did} ${status}`,
          () => client.setIdentityStatus(did, status, o.reason),
          renderIdentity,
        );
      });

    // --- credentials -----------------------------------------------------------------------
    group
      .command('issue-credential')
      .description('issue a credential about another identity')
      .requiredOption('--id <id>', 'credential ID')
      .requiredOption('--subject <did>', 'the identity it is about')
      .addOption(new Option('--type <type>', 'credential type').choices(CREDENTIAL_TYPES).makeOptionMandatory())
      .addOption(
        new Option('--claims-hash <sha256>', 'SHA-256 of the off-chain claims document').argParser(parseSha256),
      )
      .option('--claims-file <file>', 'the claims document, hashed locally (instead of --claims-hash)')
      .addOption(
        new Option('--expires-at <when>', 'end of validity: ISO-8601, or +<n>d|h|m from now').argParser((v: string) =>
          parseInstant(v, ctx.now),
        ),
      )
      .action(async (o) => {
        const hash = await claimsHash(o, ctx);
        const client = await identity();
        await ctx.submit(`issuing credential ${o.id}`, () =>
          client.issueCredential({
            id: o.id,
            subjectDid: o.subject,
            type: o.type,
            claimsHash: hash,
            ...(o.expiresAt !== undefined && { expiresAt: o.expiresAt }),
          }),
        );
      });

    group
      .command('revoke-credential')
      .description('revoke a credential (its issuer or a regulator)')
      .argument('<id>', 'the credential')
      .requiredOption('--reason <text>', 'public reason (no personal data)')
      .action(async (id: string, o: { reason: string }) => {
        const client = await identity();
        await ctx.submit(`revoking credential ${id}`, () => client.revokeCredential(id, o.reason));
      });

    group
      .command('credential')
      .description('a credential')
      .argument('<id>', 'the credential')
      .action(async (id: string) => ctx.print(await (await identity()).getCredential(id)));

    group
      .command('verify-credential')
      .description('check a credential against its claims document, now')
      .argument('<id>', 'the credential')
      .addOption(new Option('--claims-hash <sha256>', 'SHA-256 of the claims document').argParser(parseSha256))
      .option('--claims-file <file>', 'the claims document, hashed locally (instead of --claims-hash)')
      .action(async (id: string, o: { claimsHash?: string; claimsFile?: string }) => {
        const hash = await claimsHash(o, ctx);
        ctx.print(await (await identity()).verifyCredential(id, hash), formatRecord);
      });
  },
};
