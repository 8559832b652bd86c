import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { ConnectionProfile } from './connection-profile';
import { DEFAULT_DEADLINES, NdiClient, readConnectionProfile } from './client';
import { ConfigurationError, ConnectionError, GatewayRequestError } from './errors';
import { credentialsFromFiles } from './identity';
import { evaluate } from './submit';
import { AssetValuationClient } from './asset-valuation-client';
import { DataRegistryClient } from './data-registry-client';
import { EventStream } from './events';
import { IdentityClient } from './identity-client';
import { FakeContract, FakeNetwork, makePki, makeTlsServerPki, type Pki, tempDir } from './test-helpers';
import { TransactionCertificatesClient } from './transaction-certificates-client';

const HOST = 'peer0.org1.example.com';
let dir: string;
let user: Pki;
let tls: ReturnType<typeof makeTlsServerPki>;

beforeAll(() => {
  dir = tempDir();
  user = makePki(dir, 'user1');
  tls = makeTlsServerPki(dir, HOST);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function profile(endpoint = 'localhost:7051', hostnameOverride = HOST): ConnectionProfile {
  return {
    name: 'ndi-org1',
    version: 1,
    channel: 'ndi',
    organization: 'org1',
    mspId: 'Org1MSP',
    peers: [
      { name: 'peer0', endpoint, hostnameOverride, tlsCACert: tls.caCert },
      { name: 'peer1', endpoint: 'localhost:7151', hostnameOverride: 'peer1.org1.example.com', tlsCACert: tls.caCert },
    ],
    certificateAuthority: { url: 'https://localhost:7054', caName: 'ca-org1', tlsCACert: tls.caCert },
    identities: { user1: { mspDir: dir, certificate: user.certificate, privateKey: user.privateKey } },
  };
}

/** A TLS gRPC server with no services: any Gateway call on it fails with UNIMPLEMENTED, after a TLS handshake. */
async function startTlsServer(): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server();
  const credentials = grpc.ServerCredentials.createSsl(null, [
    { private_key: tls.serverKey, cert_chain: tls.serverCert },
  ]);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', credentials, (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  return { server, port };
}

describe('NdiClient.connect', () => {
  afterEach(() => jest.restoreAllMocks());

  it('connects from a profile object with a named identity, defaulting peer and channel', async () => {
    const client = await NdiClient.connect({ profile: profile(), identity: 'user1' });
    try {
      expect(client.peer.name).toBe('peer0');
      expect(client.mspId).toBe('Org1MSP');
      expect(client.deadlines).toEqual(DEFAULT_DEADLINES);
      expect(client.network().getName()).toBe('ndi');
      expect(client.network('other').getName()).toBe('other');
      const contract = client.contract('data-registry', { contractName: 'DataRegistry' });
      expect(contract.getChaincodeName()).toBe('data-registry');
      expect(contract.getContractName()).toBe('DataRegistry');
    } finally {
      client.close();
    }
  });

  it('chooses a peer by index or name and takes explicit identities and deadlines', async () => {
    const credentials = await credentialsFromFiles('OtherMSP', user.certificate, user.privateKey);
    const byIndex = await NdiClient.connect({ profile: profile(), identity: credentials, peer: 1 });
    const byName = await NdiClient.connect({
      profile: profile(),
      identity: { certificate: user.certificate, privateKey: user.privateKey },
      peer: 'peer1',
      deadlines: { evaluateMs: 5 },
    });
    try {
      expect(byIndex.peer.name).toBe('peer1');
      expect(byIndex.mspId).toBe('OtherMSP');
      expect(byName.peer.name).toBe('peer1');
      expect(byName.mspId).toBe('Org1MSP');
      expect(byName.deadlines).toEqual({ ...DEFAULT_DEADLINES, evaluateMs: 5 });
    } finally {
      byIndex.close();
      byName.close();
    }
  });

  it('close() releases the gateway and the gRPC client, once', async () => {
    const closeGrpc = jest.spyOn(grpc.Client.prototype, 'close');
    const client = await NdiClient.connect({ profile: profile(), identity: 'user1' });
    const closeGateway = jest.spyOn(client.gateway, 'close');
    expect(client.closed).toBe(false);
    client.close();
    client.close();
    expect(client.closed).toBe(true);
    expect(closeGateway).toHaveBeenCalledTimes(1);
    expect(closeGrpc).toHaveBeenCalledTimes(1);
  });

  it('reads a profile file, resolving relative paths against its folder', async () => {
    const file = path.join(dir, 'org1.json');
    const relative = profile();
    fs.writeFileSync(
      file,
      JSON.stringify({
        ...relative,
        peers: relative.peers.map((p) => ({ ...p, tlsCACert: path.basename(p.tlsCACert) })),
        identities: { user1: { mspDir: '.', certificate: 'user1-cert.pem', privateKey: './user1-key.pem' } },
      }),
    );
    const read = await readConnectionProfile(file);
    expect(read.peers[0]?.tlsCACert).toBe(tls.caCert);
    expect(read.identities.user1?.privateKey).toBe(user.privateKey);
    const client = await NdiClient.connect({ profile: file, identity: 'user1' });
    client.close();
  });

  it('explains what is missing', async () => {
    await expect(NdiClient.connect({ profile: profile(), identity: 'admin' })).rejects.toThrow(
      "connection profile ndi-org1 has no identity 'admin' (identities: user1)",
    );
    await expect(NdiClient.connect({ profile: profile(), identity: 'user1', peer: 'peer9' })).rejects.toThrow(
      'has no peer "peer9" (peers: 0: peer0, 1: peer1)',
    );
    const noCa = { ...profile(), peers: [{ ...profile().peers[0], tlsCACert: path.join(dir, 'nope.pem') }] };
    await expect(NdiClient.connect({ profile: noCa as ConnectionProfile, identity: 'user1' })).rejects.toThrow(
      `cannot read the TLS CA certificate ${path.join(dir, 'nope.pem')} of peer peer0`,
    );
    const missing = path.join(dir, 'missing.json');
    await expect(NdiClient.connect({ profile: missing, identity: 'user1' })).rejects.toThrow(ConfigurationError);
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"peers": 1}');
    await expect(readConnectionProfile(path.join(dir, 'bad.json'))).rejects.toThrow(/lacks peers or mspId/);
  });
});

describe('NdiClient over TLS (no Fabric network)', () => {
  it('trusts the profile CA and expects the peer host name', async () => {
    const { server, port } = await startTlsServer();
    const client = await NdiClient.connect({ profile: profile(`127.0.0.1:${port}`), identity: 'user1' });
    try {
      // The handshake succeeded (host name override honoured); the server just has no Gateway service.
      const err = await evaluate(client.contract('data-registry'), 'GetAsset', { retry: { maxAttempts: 1 } }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(GatewayRequestError);
      expect(err).toMatchObject({ stage: 'evaluate', grpcStatus: 'UNIMPLEMENTED' });
    } finally {
      client.close();
      server.forceShutdown();
    }
  });

  it('fails as a ConnectionError when the peer certificate does not match the host name', async () => {
    const { server, port } = await startTlsServer();
    const client = await NdiClient.connect({
      profile: profile(`127.0.0.1:${port}`, 'peer9.org1.example.com'),
      identity: 'user1',
    });
    try {
      const err = await evaluate(client.contract('data-registry'), 'GetAsset', { retry: { maxAttempts: 1 } }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ConnectionError);
    } finally {
      client.close();
      server.forceShutdown();
    }
  });

  it('puts a deadline on every call', async () => {
    // Accepts TCP connections and never answers: only the deadline ends the call.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const client = await NdiClient.connect({
      profile: profile(`127.0.0.1:${port}`),
      identity: 'user1',
      deadlines: { evaluateMs: 300 },
    });
    const started = Date.now();
    try {
      const err = await evaluate(client.contract('data-registry'), 'GetAsset', { retry: { maxAttempts: 1 } }).catch(
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ grpcStatus: 'DEADLINE_EXCEEDED' });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      client.close();
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
  });
});

describe('NdiClient typed clients and events', () => {
  afterEach(() => jest.restoreAllMocks());

  it('makes the typed clients on the default chaincode names and channel, or the ones given', async () => {
    const client = await NdiClient.connect({ profile: profile(), identity: 'user1' });
    try {
      const answers = [
        '{"did":"d"}',
        '{"id":"a"}',
        '{"value":"1"}',
        '{"valid":true}',
        '{"requestId":"r"}',
        '{"id":"c"}',
      ];
      const fake = new FakeContract([], answers);
      const contract = jest.spyOn(client, 'contract').mockReturnValue(fake as never);
      const identity = client.identity();
      expect(identity).toBeInstanceOf(IdentityClient);
      await expect(identity.whoAmI()).resolves.toEqual({ did: 'd' });
      const registry = client.dataRegistry({ chaincode: 'registry-v2', channel: 'other', retry: { maxAttempts: 1 } });
      expect(registry).toBeInstanceOf(DataRegistryClient);
      await expect(registry.getDataAsset('a')).resolves.toEqual({ id: 'a' });
      const valuation = client.assetValuation();
      expect(valuation).toBeInstanceOf(AssetValuationClient);
      await expect(valuation.getCurrentValuation('a')).resolves.toEqual({ value: '1' });
      const market = client.transactionCertificates();
      expect(market).toBeInstanceOf(TransactionCertificatesClient);
      await expect(market.verifyCertificate('c', 'h')).resolves.toEqual({ valid: true });
      const valuationV2 = client.assetValuation({ chaincode: 'valuation-v2', channel: 'other' });
      await expect(valuationV2.listAppraisals('r')).resolves.toEqual({ requestId: 'r' });
      const marketV2 = client.transactionCertificates({ chaincode: 'market-v2', channel: 'other' });
      await expect(marketV2.getCertificate('c')).resolves.toEqual({ id: 'c' });
      expect(contract.mock.calls).toEqual([
        ['identity', { channel: undefined }],
        ['registry-v2', { channel: 'other' }],
        ['asset-valuation', { channel: undefined }],
        ['transaction-certificates', { channel: undefined }],
        ['valuation-v2', { channel: 'other' }],
        ['market-v2', { channel: 'other' }],
      ]);
    } finally {
      client.close();
    }
  });

  it("gives the typed clients the caller's MSP, so writes carrying private details pick their endorsers", async () => {
    const client = await NdiClient.connect({ profile: profile(), identity: 'user1' });
    try {
      const receipt = '{"privateMetadataHash":"' + 'cd'.repeat(32) + '"}';
      const fake = new FakeContract([
        { result: '{"contactHash":"' + 'c1'.repeat(32) + '"}' },
        { result: '{"mspId":"Org1MSP"}' },
        { result: receipt },
        { result: '{"id":"a"}' },
        { result: '{}' },
      ]);
      jest.spyOn(client, 'contract').mockReturnValue(fake as never);
      const salt = 'salt-salt-salt-salt';
      await client
        .identity()
        .registerOrganization(
          { name: 'Org One', creditCode: '91350100M000100Y43', sector: 'finance' },
          { transient: { contact: { email: 'ops@org1.example', salt } } },
        );
      await client.dataRegistry().updateDataAsset('a', {}, { transient: { privateMetadata: { desk: 'x' } } });
      await client
        .assetValuation()
        .storeAppraisalEvidence('val-1', 'ab'.repeat(32), { transient: { evidence: { note: 'x' } } });
      expect(fake.proposals.map((p) => p.options?.endorsingOrganizations)).toEqual([
        ['Org1MSP'], // the organization's contact: the caller's organization alone
        undefined, // the public registration naming it: wherever the gateway chooses
        ['Org1MSP'], // private metadata: the caller's organization alone
        undefined, // the public update naming it: wherever the gateway chooses
        ['Org1MSP'], // appraisal evidence: the caller's organization alone
      ]);
    } finally {
      client.close();
    }
  });

  it('opens event streams on the profile channel, or the one given', async () => {
    const client = await NdiClient.connect({ profile: profile(), identity: 'user1' });
    try {
      const network = jest.spyOn(client, 'network').mockReturnValue(new FakeNetwork([]) as never);
      const stream = await client.events({ chaincodes: ['identity'] });
      expect(stream).toBeInstanceOf(EventStream);
      stream.close();
      (await client.events({ chaincodes: ['identity', 'data-registry'], channel: 'other' })).close();
      expect(network.mock.calls).toEqual([[undefined], ['other']]);
    } finally {
      client.close();
    }
  });
});
