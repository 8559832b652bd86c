import { execFileSync } from 'node:child_process';
import { Layout } from './layout';
import { adminEnv, formatExports, withoutFabricSettings } from './peer-cli';
import { findOrg, loadTopology } from './topology';

describe('peer CLI environment', () => {
  const topology = loadTopology({});

  it('points the peer CLI at the org admin, its first peer over TLS and the first orderer', () => {
    const env = adminEnv(topology, new Layout('/rt'), '/bin-dir', findOrg(topology, 'regulator'));
    expect(env).toMatchObject({
      CORE_PEER_LOCALMSPID: 'RegulatorMSP',
      CORE_PEER_MSPCONFIGPATH: '/rt/orgs/regulator/users/admin/msp',
      CORE_PEER_ADDRESS: `127.0.0.1:${findOrg(topology, 'regulator').nodeSpecs[0].ports.listen}`,
      CORE_PEER_TLS_ENABLED: 'true',
      CORE_PEER_TLS_ROOTCERT_FILE: '/rt/ca/regulator/ca-cert.pem',
      ORDERER_CA: '/rt/ca/orderer/ca-cert.pem',
      FABRIC_CFG_PATH: '/rt/nodes/peer0.regulator',
    });
    expect(env.PATH.startsWith('/bin-dir:')).toBe(true);
  });

  it('prints exports a shell evaluates back to the same values, quotes included', () => {
    const vars = { A: "it's", B: 'a b $HOME `x`' };
    const out = execFileSync('bash', ['-c', `${formatExports(vars)}\nprintf '%s|%s' "$A" "$B"`]).toString();
    expect(out).toBe("it's|a b $HOME `x`");
  });
});

describe('peer CLI isolation', () => {
  it("drops the caller's own Fabric settings from the environment, and keeps the rest", () => {
    const env = withoutFabricSettings({
      PATH: '/usr/bin',
      HOME: '/home/u',
      CORE_PEER_TLS_CLIENTAUTHREQUIRED: 'true',
      ORDERER_CA: '/elsewhere.pem',
      FABRIC_CFG_PATH: '/etc/hyperledger',
      FABRIC_LOGGING_SPEC: 'debug',
    });
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/u', FABRIC_LOGGING_SPEC: 'debug' });
  });
});
