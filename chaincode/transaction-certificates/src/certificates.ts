import type { Context } from 'fabric-contract-api';
import {
  alreadyExists,
  emitEvent,
  failedPrecondition,
  queryPageByPartialKey,
  readJson,
  readJsonOrThrow,
  sha256Hex,
  writeJson,
  type Caller,
  type Page,
  type TxTime,
} from '@ndi/chaincode-common';
import type { DataAsset } from '@ndi/chaincode-data-registry';
import type { Certificate, CertificateParty, CertificateType, CertificateVerification, TradeTerms } from './model';
import { computeCertificateHash } from './certificate-hash';
import { certificateByAssetKey, certificateByPartyKey, certificateKey, registrationKey } from './keys';

/**
 * Certificates: deterministic IDs, issuance with the asset and party indexes, verification and
 * revocation. The certificate record is the only copy; indexes hold its ID.
 */

/**
 * A deterministic identifier for something the current transaction creates: `<prefix>-` + the
 * first 32 hex characters of sha256(`<txId>:<kind>`). Every endorser computes the same one, and
 * two transactions never collide (their IDs differ).
 */
export function deriveId(txId: string, prefix: string, kind: string): string {
  return `${prefix}-${sha256Hex(`${txId}:${kind}`).slice(0, 32)}`;
}

/** The ID of the certificate of `type` issued by transaction `txId`. */
export function certificateId(txId: string, type: CertificateType): string {
  return deriveId(txId, 'cert', type);
}

/** Index entry value. */
interface IndexEntry {
  id: string;
}

/** What an issuance needs besides the asset. */
export interface IssueRequest {
  /** Kind of certificate. */
  type: CertificateType;
  /** Parties, in role order. */
  parties: CertificateParty[];
  /** Trade terms (transaction certificates). */
  terms?: TradeTerms;
  /** The submitter. */
  issuer: Caller;
}

/** Builds, hashes and stores a certificate and its index entries; emits no event. */
export async function issueCertificate(
  ctx: Context,
  asset: DataAsset,
  request: IssueRequest,
  now: TxTime,
): Promise<Certificate> {
  const txId = ctx.stub.getTxID();
  const body: Omit<Certificate, 'status' | 'certHash'> = {
    id: certificateId(txId, request.type),
    type: request.type,
    assetId: asset.id,
    assetVersion: asset.version,
    contentHash: asset.contentHash,
    parties: request.parties,
    terms: request.terms,
    issuedAt: now.iso,
    txId,
    issuerMsp: request.issuer.mspId,
    issuerDid: request.issuer.did,
  };
  const certificate: Certificate = { ...body, status: 'valid', certHash: computeCertificateHash(body) };
  await writeJson(ctx, certificateKey(certificate.id), certificate);
  const entry: IndexEntry = { id: certificate.id };
  await writeJson(ctx, certificateByAssetKey(asset.id, certificate.id), entry);
  for (const did of new Set(request.parties.map((p) => p.did))) {
    await writeJson(ctx, certificateByPartyKey(did, certificate.id), entry);
  }
  return certificate;
}

/** Issues the registration certificate of the asset's current version (one valid one per version). */
export async function issueRegistrationCertificate(
  ctx: Context,
  asset: DataAsset,
  issuer: Caller,
  now: TxTime,
): Promise<Certificate> {
  if (asset.status !== 'active') {
    throw failedPrecondition(`data asset '${asset.id}' is ${asset.status}`);
  }
  const key = registrationKey(asset.id, asset.version);
  const existing = await readJson<IndexEntry>(ctx, key);
  if (existing !== undefined) {
    const previous = await readJson<Certificate>(ctx, certificateKey(existing.id));
    if (previous?.status === 'valid') {
      throw alreadyExists(
        `version ${asset.version} of data asset '${asset.id}' already has registration certificate '${existing.id}'`,
      );
    }
  }
  const certificate = await issueCertificate(
    ctx,
    asset,
    { type: 'registration', parties: [{ role: 'owner', did: asset.ownerDid, mspId: asset.ownerMsp }], issuer },
    now,
  );
  await writeJson(ctx, key, { id: certificate.id });
  emitEvent(ctx, 'CertificateIssued', {
    certificateId: certificate.id,
    type: certificate.type,
    assetId: asset.id,
    assetVersion: asset.version,
    certHash: certificate.certHash,
  });
  return certificate;
}

/** The certificate, or `NOT_FOUND`. */
export async function requireCertificate(ctx: Context, id: string): Promise<Certificate> {
  return readJsonOrThrow<Certificate>(ctx, certificateKey(id), `certificate '${id}'`);
}

/** Revokes a valid certificate (the caller is a regulator). */
export async function revokeCertificate(
  ctx: Context,
  id: string,
  reason: string,
  regulator: Caller,
  now: TxTime,
): Promise<Certificate> {
  const certificate = await requireCertificate(ctx, id);
  if (certificate.status === 'revoked') {
    throw failedPrecondition(`certificate '${id}' is already revoked`);
  }
  const revoked: Certificate = {
    ...certificate,
    status: 'revoked',
    revocation: { revokedBy: regulator.did, revokedAt: now.iso, reason },
  };
  await writeJson(ctx, certificateKey(id), revoked);
  emitEvent(ctx, 'CertificateRevoked', { certificateId: id, assetId: certificate.assetId, revokedBy: regulator.did });
  return revoked;
}

/**
 * Compares a presented hash with the stored certificate. The stored record is first checked
 * against its own hash, so a record altered outside the chaincode is never reported valid.
 */
export function verifyCertificate(certificate: Certificate, certHash: string): CertificateVerification {
  const status = certificate.status;
  if (computeCertificateHash(certificate) !== certificate.certHash) {
    return { valid: false, status, reason: 'record-corrupted' };
  }
  if (certHash !== certificate.certHash) {
    return { valid: false, status, reason: 'hash-mismatch' };
  }
  if (status === 'revoked') {
    return { valid: false, status, reason: 'revoked' };
  }
  return { valid: true, status, reason: 'valid' };
}

/** One page of certificates through an index (read-only transactions only). */
export async function queryCertificates(
  ctx: Context,
  objectType: string,
  attributes: readonly string[],
  pageSize: number,
  bookmark: string,
): Promise<Page<Certificate>> {
  const page = await queryPageByPartialKey<IndexEntry>(ctx, objectType, attributes, { pageSize, bookmark });
  const items: Certificate[] = [];
  for (const entry of page.items) {
    const certificate = await readJson<Certificate>(ctx, certificateKey(entry.id));
    if (certificate === undefined) {
      throw new Error(`certificate '${entry.id}' is indexed but does not exist`);
    }
    items.push(certificate);
  }
  return { ...page, items };
}
