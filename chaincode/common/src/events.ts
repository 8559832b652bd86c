import type { Context } from 'fabric-contract-api';
import { canonicalBytes } from './canonical-json';

/**
 * Chaincode events. Fabric keeps only the last `setEvent` of a transaction, so a second call
 * would silently drop the first event; {@link emitEvent} makes that a loud programming error.
 * Rule of the suite: exactly one event per state-changing transaction, named after what
 * happened (`DataAssetRegistered`), with a canonical JSON payload listeners can hash.
 */

/** Event names: an identifier of 1..64 characters starting with a letter. */
export const EVENT_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;

// Keyed by the stub, which lives exactly as long as one transaction (and one chaincode within
// it: a called chaincode has its own stub and its own event).
const emitted = new WeakMap<object, string>();

/**
 * Sets the transaction's event. The payload is serialized as canonical JSON.
 *
 * @throws Error if the name is invalid or the transaction already emitted an event
 */
export function emitEvent(ctx: Context, name: string, payload: unknown): void {
  if (!EVENT_NAME_PATTERN.test(name)) {
    throw new Error(`invalid event name ${JSON.stringify(name)}`);
  }
  const previous = emitted.get(ctx.stub);
  if (previous !== undefined) {
    throw new Error(`transaction already emitted event ${previous}; Fabric keeps only one event per transaction`);
  }
  const bytes = canonicalBytes(payload);
  ctx.stub.setEvent(name, bytes);
  emitted.set(ctx.stub, name);
}

/** The name of the event this transaction has emitted through {@link emitEvent}, if any. */
export function emittedEvent(ctx: Context): string | undefined {
  return emitted.get(ctx.stub);
}
