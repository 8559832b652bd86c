import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { UsageError } from './exit-codes';

/** The SHA-256 of a file and its size. */
export interface FileDigest {
  /** SHA-256, 64 lowercase hex characters, as the chaincodes store content hashes. */
  readonly sha256: string;
  /** Size in bytes, as a decimal string (the registry's `sizeBytes` format; files may exceed 2^53 bytes). */
  readonly sizeBytes: string;
}

/**
 * Hashes a file by streaming it, so files of any size take constant memory.
 *
 * @param file - the file
 * @throws {@link UsageError} if it cannot be read
 */
export async function sha256File(file: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let size = 0n;
  try {
    for await (const chunk of createReadStream(file)) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      size += BigInt(bytes.length);
    }
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  return { sha256: hash.digest('hex'), sizeBytes: size.toString() };
}
