/** A pinned pair of Fabric and Fabric CA versions the network runs on. */
export interface FabricRelease {
  /** The release line selected with `FABRIC_VERSION` (`3.1` or `2.5`). */
  readonly line: string;
  /** Fabric's release tag without the `v`. */
  readonly fabricVersion: string;
  /**
   * The commit of that tag. Fabric's module path has no `/v2` or `/v3` suffix, so Go can only
   * fetch it by commit (the proxy turns it into a pseudo-version).
   */
  readonly fabricCommit: string;
  /** Fabric CA's release tag without the `v` (a proper v1 module tag). */
  readonly caVersion: string;
}

/** The releases the project is tested against; the first is the default. */
export const releases: Readonly<Record<string, FabricRelease>> = {
  '3.1': {
    line: '3.1',
    fabricVersion: '3.1.5',
    fabricCommit: '86c1172bec37e6590c6b1ae6f847833df48d65fc',
    caVersion: '1.5.21',
  },
  '2.5': {
    line: '2.5',
    fabricVersion: '2.5.16',
    fabricCommit: 'f871cf92a026aba7b12e6f06d71ded3e6e659d71',
    caVersion: '1.5.21',
  },
};

/** The release chosen by `FABRIC_VERSION` (default `3.1`); throws naming the valid choices. */
export function selectRelease(requested = process.env.FABRIC_VERSION): FabricRelease {
  const key = requested === undefined || requested === '' ? '3.1' : requested;
  const match = releases[key] ?? Object.values(releases).find((r) => r.fabricVersion === key);
  if (match === undefined) {
    throw new Error(`FABRIC_VERSION=${key} is not supported; choose one of ${Object.keys(releases).join(', ')}`);
  }
  return match;
}

/** Fabric's programs the network needs. */
export const fabricPrograms = ['peer', 'orderer', 'configtxgen', 'osnadmin'] as const;
/** Fabric CA's programs the network needs. */
export const caPrograms = ['fabric-ca-server', 'fabric-ca-client'] as const;
