import type { Contract } from '@hyperledger/fabric-gateway';
import { NdiError } from './errors';
import type { RetryOptions, RetryPolicy } from './retry';
import { evaluate, submit, type TransactionOptions } from './submit';

/**
 * What the typed chaincode clients need of a fabric-gateway `Contract`: proposals for writes, `evaluate` for
 * reads. `NdiClient.contract(name)` and `network.getContract(name)` both provide it.
 */
export type ChaincodeContract = Pick<Contract, 'newProposal' | 'evaluate'>;

/** The outcome of a committed write: the transaction function's typed result, and where it committed. */
export interface Submitted<T> {
  /** What the transaction function returned, parsed. */
  readonly result: T;
  /** The ID of the transaction that committed (the last attempt's, if retried). */
  readonly transactionId: string;
  /** The block it committed in. */
  readonly blockNumber: bigint;
  /** Attempts made, the successful one included (1 = no retry). */
  readonly attempts: number;
}

/** Options every typed call accepts. */
export interface CallOptions {
  /** Overrides of the client's retry policy for this call; `{ maxAttempts: 1 }` disables retrying. */
  readonly retry?: Partial<RetryPolicy>;
  /**
   * Only peers of these organizations endorse (writes) or answer (reads): needed when transient data must
   * reach the owner's organization only, or a read must run where a private collection is held.
   */
  readonly endorsingOrganizations?: readonly string[];
}

/**
 * Options of a call that sends transient data: `transient` holds the named transient fields, each JSON-encoded
 * into the transient map. Transient data is never recorded in blocks, so personal data goes here, never in
 * arguments.
 */
export interface TransientCallOptions<T> extends CallOptions {
  /** The transient fields. */
  readonly transient?: T;
}

/** Options of a typed chaincode client, applied to every call it makes. */
export interface ContractClientOptions {
  /** Overrides of `DEFAULT_RETRY_POLICY` (writes and reads). */
  readonly retry?: Partial<RetryPolicy>;
  /** Called before each retry: log it, count it. */
  readonly onRetry?: RetryOptions['onRetry'];
}

/** Options of a typed client whose writes may carry private details in transient data. */
export interface PrivateDataClientOptions extends ContractClientOptions {
  /** The caller's MSP ID: lets writes carrying private details pick their endorsers (set by `NdiClient`). */
  readonly mspId?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function transientMap(fields: object | undefined): Record<string, Uint8Array> | undefined {
  if (fields === undefined) {
    return undefined;
  }
  const entries = Object.entries(fields).filter(([, value]) => value !== undefined);
  return entries.length === 0
    ? undefined
    : Object.fromEntries(entries.map(([name, value]) => [name, encoder.encode(JSON.stringify(value))]));
}

function parseResult<T>(bytes: Uint8Array, transactionName: string, transactionId?: string): T {
  const text = decoder.decode(bytes);
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    // The ndi chaincodes answer canonical JSON; anything else means a chaincode/client version mismatch.
    throw new NdiError(`${transactionName} returned a result that is not JSON: ${text.slice(0, 200)}`, {
      transactionId,
      cause,
    });
  }
}

/**
 * The machinery shared by the typed chaincode clients: turns a transaction name, string arguments and typed
 * transient fields into a retried `submit` or `evaluate`, and parses the JSON result. Errors arrive already
 * mapped to the library's typed errors (`NotFoundError`, `ForbiddenError`, ...).
 */
export class ContractCaller {
  readonly #contract: ChaincodeContract;
  readonly #options: ContractClientOptions;

  /**
   * @param contract - the chaincode
   * @param options - retry policy and hook for every call
   */
  constructor(contract: ChaincodeContract, options: ContractClientOptions = {}) {
    this.#contract = contract;
    this.#options = options;
  }

  #transactionOptions(args: readonly string[], call: TransientCallOptions<object>): TransactionOptions {
    const transientData = transientMap(call.transient);
    const { endorsingOrganizations } = call;
    return {
      arguments: [...args],
      ...(transientData !== undefined && { transientData }),
      ...(endorsingOrganizations !== undefined && { endorsingOrganizations: [...endorsingOrganizations] }),
      retry: { ...this.#options.retry, ...call.retry },
      ...(this.#options.onRetry !== undefined && { onRetry: this.#options.onRetry }),
    };
  }

  /**
   * Submits a write and parses its result.
   *
   * @param transactionName - the transaction function
   * @param args - its arguments, in order
   * @param call - per-call options and transient fields
   * @throws {@link NdiError} mapped errors; an {@link NdiError} naming the transaction if the result is not JSON
   */
  public async submit<T>(
    transactionName: string,
    args: readonly string[],
    call: TransientCallOptions<object> = {},
  ): Promise<Submitted<T>> {
    const outcome = await submit(this.#contract, transactionName, this.#transactionOptions(args, call));
    return {
      result: parseResult<T>(outcome.result, transactionName, outcome.transactionId),
      transactionId: outcome.transactionId,
      blockNumber: outcome.blockNumber,
      attempts: outcome.attempts,
    };
  }

  /**
   * Evaluates a read and parses its result.
   *
   * @param transactionName - the transaction function
   * @param args - its arguments, in order
   * @param call - per-call options and transient fields
   * @throws {@link NdiError} mapped errors; an {@link NdiError} naming the transaction if the result is not JSON
   */
  public async evaluate<T>(
    transactionName: string,
    args: readonly string[],
    call: TransientCallOptions<object> = {},
  ): Promise<T> {
    const outcome = await evaluate(this.#contract, transactionName, this.#transactionOptions(args, call));
    return parseResult<T>(outcome.result, transactionName);
  }
}

/** A page request of a listing: `pageSize` omitted means the chaincode's default, `bookmark` omitted the first page. */
export interface PageRequest {
  /** Records per page (the chaincodes cap it). */
  readonly pageSize?: number;
  /** The previous page's `bookmark`. */
  readonly bookmark?: string;
}

/** The `pageSize`, `bookmark` arguments of a listing: Fabric needs every argument, so omitted ones are `''`. */
export function pageArguments(page: PageRequest = {}): [string, string] {
  return [page.pageSize === undefined ? '' : String(page.pageSize), page.bookmark ?? ''];
}
