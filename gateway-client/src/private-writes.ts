import { FailedPreconditionError } from './errors';
import type { CallOptions } from './typed-contract';

/** How often a write naming a private record is tried while endorsers catch up with that record's block. */
const VISIBILITY_ATTEMPTS = 5;
/** The wait between those tries, in ms. */
const VISIBILITY_DELAY_MS = 200;

/**
 * Runs the public write that names a private record stored just before (by its hash), trying it again a few times,
 * 200 ms apart, while it is refused because the record is not there yet: the record's transaction has committed on
 * the gateway's peer, but an endorser of another organization may not have committed that block yet. Any other
 * error, or the same one after the last try, is thrown.
 *
 * @param write - the public write
 * @param notYetVisible - matches the refusal's detail (a `FailedPreconditionError`) that means "not there yet"
 */
export async function afterPrivateWrite<T>(write: () => Promise<T>, notYetVisible: RegExp): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (err) {
      const lagging = err instanceof FailedPreconditionError && notYetVisible.test(err.detail);
      if (!lagging || attempt >= VISIBILITY_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, VISIBILITY_DELAY_MS));
    }
  }
}

/**
 * The options of the private step of a two-step write: the call's retry policy, and no `endorsingOrganizations`, so
 * that the step's own default (the caller's organization alone) applies.
 *
 * @param call - the options of the whole write
 */
export function privateStep(call: CallOptions): CallOptions {
  return call.retry === undefined ? {} : { retry: call.retry };
}
