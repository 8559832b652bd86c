import type { Context } from 'fabric-contract-api';
import { ChaincodeError, parseChaincodeError } from './errors';

/**
 * Chaincode-to-chaincode calls on the same channel. The callee runs in the caller's transaction
 * (same creator, same proposal; its writes land in its own namespace of the same write set), so
 * e.g. the valuation chaincode can ask the identity chaincode whether an appraiser is accredited
 * and have that read checked at validation.
 */

/** Options of {@link invokeChaincode}. */
export interface InvokeOptions {
  /** Name of the `Contract` inside the callee, if it is not the callee's default contract. */
  contract?: string;
}

/**
 * Calls `fn` of chaincode `chaincodeName` with string `args` and returns its JSON result
 * (`undefined` for an empty payload).
 *
 * @throws ChaincodeError with the callee's code if the callee failed with a coded message
 *   (so `NOT_FOUND` from the identity chaincode stays `NOT_FOUND`); a plain Error otherwise
 */
export async function invokeChaincode<T = unknown>(
  ctx: Context,
  chaincodeName: string,
  fn: string,
  args: readonly string[] = [],
  options: InvokeOptions = {},
): Promise<T> {
  const qualified = options.contract ? `${options.contract}:${fn}` : fn;
  let response;
  try {
    // '' = the current channel; cross-channel calls would be read-only and are not used here.
    response = await ctx.stub.invokeChaincode(chaincodeName, [qualified, ...args], '');
  } catch (error) {
    throw rethrow(chaincodeName, fn, (error as Error).message);
  }
  if (response.status !== 200) {
    throw rethrow(chaincodeName, fn, response.message ?? `status ${response.status}`);
  }
  const payload = response.payload ? Buffer.from(response.payload).toString('utf8') : '';
  if (payload.length === 0) {
    return undefined as T;
  }
  try {
    return JSON.parse(payload) as T;
  } catch {
    // fabric-contract-api returns a bare string result unquoted; hand it back as is.
    return payload as T;
  }
}

function rethrow(chaincodeName: string, fn: string, message: string): Error {
  const parsed = parseChaincodeError(message);
  if (parsed) {
    return new ChaincodeError(parsed.code, parsed.detail);
  }
  return new Error(`chaincode ${chaincodeName} ${fn} failed: ${message}`);
}
