import type { CertificateAuthority } from './onboarding';

// The connection description a client of one org reads: the format the network scripts write to
// `<runtime>/connection/<org>.json` and NdiClient.connect accepts. Defined here, by its reader, so
// applications depend on the client library only.

/** A peer a client can connect to. */
export interface PeerEndpoint {
  /** The peer's name, e.g. `peer0.exchange`. */
  readonly name: string;
  /** `host:port` to dial. */
  readonly endpoint: string;
  /** The name to expect in the peer's TLS certificate (gRPC `ssl_target_name_override`). */
  readonly hostnameOverride: string;
  /** PEM file of the CA that issued the peer's TLS certificate. */
  readonly tlsCACert: string;
}

/** An enrolled identity on disk, in the MSP folder layout Fabric's tools use. */
export interface IdentityFiles {
  /** The MSP folder (`signcerts/`, `keystore/`, `cacerts/`, `config.yaml`). */
  readonly mspDir: string;
  /** The identity's X.509 certificate, PEM file. */
  readonly certificate: string;
  /** The identity's private key, PEM file (mode 0600). */
  readonly privateKey: string;
}

/**
 * What the network tells a client of one org: where its peers are, how to trust them, its CA, and the
 * identities enrolled for it.
 */
export interface ConnectionProfile {
  /** The profile's name, e.g. `ndi-exchange`. */
  readonly name: string;
  /** The format version; always 1. */
  readonly version: 1;
  /** The channel the chaincodes run on. */
  readonly channel: string;
  /** The org's short name in the topology, e.g. `exchange`. */
  readonly organization: string;
  /** The org's MSP ID, e.g. `ExchangeMSP`. */
  readonly mspId: string;
  /** The org's peers, in the topology's order. */
  readonly peers: readonly PeerEndpoint[];
  /** The org's Fabric CA, for {@link enroll} and {@link register}. */
  readonly certificateAuthority: CertificateAuthority;
  /** Identities enrolled so far, by name (`admin`, `user1`, ...). */
  readonly identities: Readonly<Record<string, IdentityFiles>>;
}
