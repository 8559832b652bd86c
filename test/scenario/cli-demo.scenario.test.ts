import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { silentSpinner } from '../../gateway-client/src/cli/spinner';
import { InMemoryFabric } from '../../gateway-client/src/testing/in-memory-fabric';
import { MSP_OF, type PeerOrg } from './backend';
import { runCliDemo } from './cli-demo';

/**
 * The `npm start` demo (`scripts/demo.ts` runs it on the network), here through the real `ndi` CLI against the
 * in-memory gateway: the CLI connects as `--org`/`--user` say, and every command must exit 0.
 */
it('runs the npm start demo through the ndi CLI, from identities to the audit trail', async () => {
  const fabric = new InMemoryFabric();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndi-cli-demo-'));
  const printed: string[] = [];
  try {
    const outcome = await runCliDemo({
      run: 'd1',
      workDir,
      deps: {
        // The CLI names the org's connection profile file; the in-memory network stands in for it.
        connect: async ({ profile, identity }) => {
          const org = path.basename(String(profile), '.json') as PeerOrg;
          const user = String(identity);
          return fabric.client(fabric.user(MSP_OF[org], user, { admin: user === 'admin' }));
        },
        spinner: silentSpinner,
        env: {},
        cwd: workDir,
      },
      prepareUser: async () => undefined,
      print: (line) => printed.push(line),
    });

    expect(outcome.commands).toHaveLength(12);
    expect(outcome.commands[0]).toBe(
      'ndi --org regulator --user inspector-d1 identity register --kind service --display-name "Data inspection office"',
    );
    expect(outcome.trailKinds).toEqual(['registration', 'access-granted', 'access']);
    expect(printed.join('\n')).toContain('match: current');
    const valid = fabric.transactions().filter((tx) => tx.validationCode === 0);
    expect(valid.map((tx) => tx.eventName)).toEqual([
      'IdentityRegistered',
      'IdentityRegistered',
      'IdentityRegistered',
      'RoleGranted',
      'RoleGranted',
      'RoleGranted',
      'DataAssetRegistered',
      'AccessGranted',
      'AccessRecorded',
    ]);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
});
