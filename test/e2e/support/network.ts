import * as grpc from '@grpc/grpc-js';
import { Gateway, Identity, Signer, connect, signers } from '@hyperledger/fabric-gateway';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import type { ConnectionProfile } from '../../../gateway-client/src/connection-profile';
import { readConnectionProfile } from '../../../network/src/connection-profile';
import { Network } from '../../../network/src/network';

/** The network the end-to-end tests run against (started by `npm test` or by the user). */
export const network = new Network();

/** An org's generated connection profile. */
export function profile(org: string): ConnectionProfile {
  return readConnectionProfile(network.layout, network.org(org));
}

/** A gRPC connection to one of the org's peers, trusting the org's TLS CA. */
export function peerConnection(org: string, peerIndex = 0): grpc.Client {
  const peer = profile(org).peers[peerIndex];
  const credentials = grpc.credentials.createSsl(fs.readFileSync(peer.tlsCACert));
  return new grpc.Client(peer.endpoint, credentials, { 'grpc.ssl_target_name_override': peer.hostnameOverride });
}

/** The identity and signer of an enrolled user of the org. */
export function identity(org: string, user = 'user1'): { identity: Identity; signer: Signer } {
  const p = profile(org);
  const files = p.identities[user];
  if (files === undefined) {
    throw new Error(`${user} is not enrolled in ${org}`);
  }
  return {
    identity: { mspId: p.mspId, credentials: fs.readFileSync(files.certificate) },
    signer: signers.newPrivateKeySigner(crypto.createPrivateKey(fs.readFileSync(files.privateKey))),
  };
}

/** A Fabric Gateway connection for `user` of `org` through the org's peer `peerIndex`; close both when done. */
export function gatewayFor(org: string, user = 'user1', peerIndex = 0): { gateway: Gateway; client: grpc.Client } {
  const client = peerConnection(org, peerIndex);
  const gateway = connect({
    client,
    ...identity(org, user),
    evaluateOptions: () => ({ deadline: Date.now() + 10_000 }),
    endorseOptions: () => ({ deadline: Date.now() + 30_000 }),
    submitOptions: () => ({ deadline: Date.now() + 10_000 }),
    commitStatusOptions: () => ({ deadline: Date.now() + 60_000 }),
  });
  return { gateway, client };
}
