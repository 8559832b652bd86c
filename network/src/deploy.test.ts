import type { ChaincodePackage } from './chaincode-package';
import { type DeployContext, deployPackage } from './deploy';
import { Layout } from './layout';
import { loadTopology, peerOrgs, type NodeSpec, type OrgSpec } from './topology';

/**
 * A stand-in for the `peer` CLI's lifecycle commands against one channel, keeping the state Fabric's `_lifecycle`
 * keeps (installed packages per peer, approvals per org and sequence, the committed definition) and answering
 * with Fabric's own messages where the deploy flow reads them.
 */
class FakeLifecycle {
  readonly installed = new Map<string, Set<string>>();
  readonly approvals = new Map<string, Map<number, string>>();
  committed: { sequence: number; packageId: string } | undefined;
  readonly calls: string[] = [];
  /** Makes the next commit fail once, as an interrupted run would. */
  failNextCommit = false;

  constructor(private readonly packages: ReadonlyMap<string, string>) {}

  readonly cli = async (org: OrgSpec, args: string[], peer: NodeSpec = org.nodeSpecs[0] as NodeSpec) => {
    const [group, , command] = args;
    const flag = (name: string) => args[args.indexOf(name) + 1] ?? '';
    this.calls.push(`${org.mspId} ${args.slice(0, 3).join(' ')}`);
    if (group === 'chaincode') return '{}'; // chaincode query GetMetadata
    switch (command) {
      case 'querycommitted':
        if (this.committed === undefined) {
          throw new Error(
            `peer lifecycle chaincode querycommitted failed: Error: query failed with status: 404 - namespace ${flag('-n')} is not defined`,
          );
        }
        return JSON.stringify({ sequence: this.committed.sequence, version: 'v' });
      case 'queryapproved': {
        const id = this.approvals.get(org.mspId)?.get(Number(flag('--sequence')));
        return JSON.stringify({ source: { Type: { LocalPackage: { package_id: id } } } });
      }
      case 'queryinstalled':
        return JSON.stringify({
          installed_chaincodes: [...(this.installed.get(peer.id) ?? [])].map((id) => ({ package_id: id })),
        });
      case 'install': {
        const id = this.packages.get(args[3] ?? '') as string;
        if (!this.installed.has(peer.id)) this.installed.set(peer.id, new Set());
        this.installed.get(peer.id)?.add(id);
        return '';
      }
      case 'approveformyorg': {
        const sequence = Number(flag('--sequence'));
        const byOrg = this.approvals.get(org.mspId) ?? new Map<number, string>();
        if (byOrg.get(sequence) === flag('--package-id')) {
          throw new Error(
            "peer lifecycle chaincode approveformyorg failed: Error: proposal failed with status: 500 - failed to invoke backing implementation of 'ApproveChaincodeDefinitionForMyOrg': " +
              `attempted to redefine uncommitted sequence (${sequence}) for namespace ${flag('--name')} with unchanged content`,
          );
        }
        byOrg.set(sequence, flag('--package-id'));
        this.approvals.set(org.mspId, byOrg);
        return '';
      }
      case 'commit': {
        if (this.failNextCommit) {
          this.failNextCommit = false;
          throw new Error('peer lifecycle chaincode commit failed: context deadline exceeded');
        }
        const sequence = Number(flag('--sequence'));
        const approved = [...this.approvals.values()].map((byOrg) => byOrg.get(sequence));
        const packageId = approved[0] as string;
        if (approved.filter((id) => id === packageId).length * 2 <= approved.length) {
          throw new Error('chaincode definition not agreed to by this org');
        }
        this.committed = { sequence, packageId };
        return '';
      }
      default:
        throw new Error(`unexpected peer command ${args.join(' ')}`);
    }
  };
}

describe('deploy: the chaincode lifecycle', () => {
  const topology = loadTopology({});
  const layout = new Layout('/rt');
  const pkg = (hash: string): ChaincodePackage => ({
    workspace: { name: 'identity', dir: '/src/chaincode/identity' },
    label: `identity_${hash}`,
    file: `/rt/packages/identity_${hash}.tgz`,
    packageId: `identity_${hash}:${hash.repeat(4)}`,
  });
  const v1 = pkg('aaaaaaaaaaaa');
  const v2 = pkg('bbbbbbbbbbbb');
  const context = (fake: FakeLifecycle): DeployContext => ({
    topology,
    layout,
    cli: fake.cli,
    progress: () => undefined,
  });
  const peers = peerOrgs(topology).flatMap((org) => org.nodeSpecs);

  it('commits a new chaincode at sequence 1 after installing it on every peer and approving it for every org', async () => {
    const fake = new FakeLifecycle(new Map([[v1.file, v1.packageId]]));
    await expect(deployPackage(context(fake), v1)).resolves.toMatchObject({ sequence: 1, action: 'committed' });
    expect(fake.committed).toEqual({ sequence: 1, packageId: v1.packageId });
    for (const peer of peers) expect(fake.installed.get(peer.id)).toEqual(new Set([v1.packageId]));
    expect(fake.calls.filter((c) => c.endsWith('approveformyorg'))).toHaveLength(peerOrgs(topology).length);
  });

  it('leaves an unchanged chaincode alone and upgrades a changed one to the next sequence', async () => {
    const fake = new FakeLifecycle(
      new Map([
        [v1.file, v1.packageId],
        [v2.file, v2.packageId],
      ]),
    );
    await deployPackage(context(fake), v1);
    fake.calls.length = 0;
    await expect(deployPackage(context(fake), v1)).resolves.toMatchObject({ sequence: 1, action: 'unchanged' });
    expect(fake.calls.some((c) => /install|approveformyorg|commit$/.test(c))).toBe(false);
    await expect(deployPackage(context(fake), v2)).resolves.toMatchObject({ sequence: 2, action: 'upgraded' });
    expect(fake.committed).toEqual({ sequence: 2, packageId: v2.packageId });
  });

  it('finishes a deploy that an earlier run left approved but not committed', async () => {
    const fake = new FakeLifecycle(new Map([[v1.file, v1.packageId]]));
    fake.failNextCommit = true;
    await expect(deployPackage(context(fake), v1)).rejects.toThrow(/commit failed/);
    expect(fake.committed).toBeUndefined();
    await expect(deployPackage(context(fake), v1)).resolves.toMatchObject({ sequence: 1, action: 'committed' });
    expect(fake.committed).toEqual({ sequence: 1, packageId: v1.packageId });
  });

  it('does not take a failed querycommitted for a chaincode that was never committed', async () => {
    const fake = new FakeLifecycle(new Map());
    const broken: DeployContext = {
      ...context(fake),
      cli: async () => {
        throw new Error('peer lifecycle chaincode querycommitted failed: Error: failed to connect: connection refused');
      },
    };
    await expect(deployPackage(broken, v1)).rejects.toThrow(/connection refused/);
  });
});
