import * as grpc from '@grpc/grpc-js';
import { ChaincodeSupportService } from '@hyperledger/fabric-protos/lib/peer/chaincode_shim_grpc_pb';
import { ChaincodeMessage } from '@hyperledger/fabric-protos/lib/peer/chaincode_shim_pb';
import { ChaincodeID } from '@hyperledger/fabric-protos/lib/peer/chaincode_pb';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tar from 'tar';
import { buildPackage, findChaincodes } from '../../network/src/chaincode-package';
import { builderDir } from '../../network/src/fabric-config';
import { repoRoot } from '../../network/src/paths';
import { isRunning, readRecord, stopProcess } from '../../network/src/processes';

/**
 * The `ndi-node` builder's `run` step against a stand-in for the peer's chaincode listener: a
 * gRPC server with mutual TLS that accepts the chaincode's Register stream. This proves what a
 * peer relies on (TLS material from chaincode.json, the chaincode ID, the packaged code starting
 * with no network access, the PID record and the log file) without a Fabric peer.
 */
describe('ndi-node builder run step', () => {
  let tmp: string;
  let server: grpc.Server;
  let child: ChildProcess | undefined;
  const registered: string[] = [];
  let onRegister: () => void = () => undefined;

  function openssl(...args: string[]): void {
    execFileSync('openssl', args, { cwd: tmp, stdio: 'ignore' });
  }

  /** A CA, a server certificate for 127.0.0.1 and a client certificate, as a peer would make them. */
  function makeCertificates(): void {
    openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key');
    openssl('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=test-ca', '-days', '1', '-out', 'ca.crt');
    for (const [name, ext] of [
      ['server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth'],
      ['client', 'extendedKeyUsage=clientAuth'],
    ]) {
      fs.writeFileSync(path.join(tmp, `${name}.ext`), ext + '\n');
      openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`);
      openssl('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`);
      openssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-days',
        '1',
        '-extfile',
        `${name}.ext`,
        '-out',
        `${name}.crt`,
      );
    }
  }

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ndi-builder-'));
    makeCertificates();
    const read = (f: string): Buffer => fs.readFileSync(path.join(tmp, f));
    server = new grpc.Server();
    server.addService(ChaincodeSupportService, {
      register: (call: grpc.ServerDuplexStream<ChaincodeMessage, ChaincodeMessage>) => {
        call.on('data', (message: ChaincodeMessage) => {
          if (message.getType() === ChaincodeMessage.Type.REGISTER) {
            registered.push(ChaincodeID.deserializeBinary(message.getPayload_asU8()).getName());
            onRegister();
          }
        });
        call.on('error', () => undefined);
      },
    });
    const credentials = grpc.ServerCredentials.createSsl(
      read('ca.crt'),
      [{ private_key: read('server.key'), cert_chain: read('server.crt') }],
      true, // the peer insists on the chaincode's client certificate
    );
    await new Promise<void>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', credentials, (err, port) => {
        if (err) {
          reject(err);
          return;
        }
        fs.writeFileSync(path.join(tmp, 'port'), String(port));
        resolve();
      }),
    );
    execFileSync('npx', ['tsc', '-b', 'chaincode/baseline'], { cwd: repoRoot });
  }, 120_000);

  afterAll(async () => {
    child?.kill('SIGKILL');
    server.forceShutdown();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('starts the packaged chaincode, which registers with the peer over mutual TLS', async () => {
    const workspace = findChaincodes().find((w) => w.name === 'baseline');
    if (workspace === undefined) {
      throw new Error('baseline workspace missing');
    }
    const pkg = await buildPackage(workspace, tmp);
    const unpacked = path.join(tmp, 'pkg');
    const source = path.join(unpacked, 'src');
    const output = path.join(tmp, 'build');
    fs.mkdirSync(source, { recursive: true });
    fs.mkdirSync(output);
    await tar.x({ file: pkg.file, cwd: unpacked });
    await tar.x({ file: path.join(unpacked, 'code.tar.gz'), cwd: source });
    execFileSync(path.join(builderDir, 'bin', 'build'), [source, unpacked, output]);

    const meta = path.join(tmp, 'run-metadata');
    fs.mkdirSync(meta);
    const pem = (f: string): string => fs.readFileSync(path.join(tmp, f), 'utf8');
    const chaincodeId = pkg.packageId;
    fs.writeFileSync(
      path.join(meta, 'chaincode.json'),
      JSON.stringify({
        chaincode_id: chaincodeId,
        peer_address: `127.0.0.1:${pem('port')}`,
        client_cert: pem('client.crt'),
        client_key: pem('client.key'),
        root_cert: pem('ca.crt'),
        mspid: 'ExchangeMSP',
      }),
    );
    const runtime = path.join(tmp, 'runtime');
    const logDir = path.join(runtime, 'logs', 'chaincode');
    const registeredOnce = new Promise<void>((resolve) => (onRegister = resolve));
    child = spawn(path.join(builderDir, 'bin', 'run'), [output, meta], {
      env: { PATH: process.env.PATH, NDI_NODE_ID: 'peer0.test', NDI_CHAINCODE_LOG_DIR: logDir },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child?.on('exit', resolve));
    await registeredOnce;
    expect(registered).toEqual([chaincodeId]);

    // The key the chaincode got is readable by its owner only.
    expect(fs.statSync(path.join(meta, 'client.key')).mode & 0o077).toBe(0);
    const record = readRecord(runtime, `cc.peer0.test.${pkg.label}`);
    expect(record?.pid).toBe(child.pid); // `run` execs the chaincode: the peer's child is the chaincode
    expect(record && isRunning(record)).toBe(true);
    expect(fs.existsSync(path.join(logDir, `peer0.test.${pkg.label}.log`))).toBe(true);

    // `down` stops it by its record; the peer would then see its child exit and relaunch it on demand.
    expect(record && (await stopProcess(runtime, record, 5000))).toBe(true);
    expect(await exited).not.toBe(0);
  }, 60_000);
});
