import type { Contract, ProposalOptions } from '@hyperledger/fabric-gateway';
import { CommitFailedError, type Stage, toNdiError } from './errors';
import { type RetryOptions, type RetryPolicy, withRetry } from './retry';

/** Options of {@link submit} and {@link evaluate}: the proposal's content, and how to retry. */
export interface TransactionOptions extends ProposalOptions, RetryOptions {
  /** Overrides of the retry policy; `{ maxAttempts: 1 }` disables retrying. */
  readonly retry?: Partial<RetryPolicy>;
}

/** The outcome of a committed transaction. */
export interface SubmitResult {
  /** What the transaction function returned (at endorsement). */
  readonly result: Uint8Array;
  /** The ID of the transaction that committed (the last attempt's). */
  readonly transactionId: string;
  /** The block it committed in. */
  readonly blockNumber: bigint;
  /** Attempts made, the successful one included (1 = no retry). */
  readonly attempts: number;
}

/** The outcome of an evaluated query. */
export interface EvaluateResult {
  /** What the transaction function returned. */
  readonly result: Uint8Array;
  /** Attempts made, the successful one included (1 = no retry). */
  readonly attempts: number;
}

async function step<T>(stage: Stage, transactionId: string | undefined, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toNdiError(err, stage, transactionId);
  }
}

function proposalOptions(options: TransactionOptions): ProposalOptions {
  const { arguments: args, transientData, endorsingOrganizations } = options;
  return {
    ...(args !== undefined && { arguments: args }),
    ...(transientData !== undefined && { transientData }),
    ...(endorsingOrganizations !== undefined && { endorsingOrganizations }),
  };
}

/**
 * Submits a transaction and waits for it to commit: builds a proposal, endorses it, hands it to the orderer, and
 * waits for the commit status. A failure that {@link isRetryable} allows (an MVCC or phantom read conflict, an
 * unreachable peer or orderer) starts over from a NEW proposal, hence a new transaction ID, after a backoff delay.
 *
 * Retrying writes is safe because the ndi chaincodes take client-chosen IDs for what they create: should an
 * attempt whose outcome was unknown have committed after all, the retry fails with `ALREADY_EXISTS`
 * ({@link AlreadyExistsError}) instead of registering the object twice. For the same reason a commit-status
 * failure (outcome unknown) is not retried here: the caller decides, e.g. by reading the object back.
 *
 * @param contract - the chaincode (anything with fabric-gateway's `newProposal`)
 * @param transactionName - the transaction function, e.g. `RegisterAsset`
 * @param options - arguments, transient data, endorsing orgs; retry policy and hooks
 * @returns the result, committed transaction ID, block number and attempt count
 * @throws {@link NdiError} the mapped error of the last attempt (a {@link ChaincodeError} subclass for business
 *   errors, {@link CommitFailedError}, {@link EndorsementFailedError}, ...), with `attempts` set
 */
export async function submit(
  contract: Pick<Contract, 'newProposal'>,
  transactionName: string,
  options: TransactionOptions = {},
): Promise<SubmitResult> {
  const content = proposalOptions(options);
  const { value, attempts } = await withRetry(
    async () => {
      const proposal = contract.newProposal(transactionName, content);
      const transactionId = proposal.getTransactionId();
      const transaction = await step('endorse', transactionId, () => proposal.endorse());
      const submitted = await step('submit', transactionId, () => transaction.submit());
      const status = await step('commitStatus', transactionId, () => submitted.getStatus());
      if (!status.successful) {
        throw new CommitFailedError({
          transactionId: status.transactionId,
          validationCode: status.code,
          blockNumber: status.blockNumber,
        });
      }
      return { result: transaction.getResult(), transactionId, blockNumber: status.blockNumber };
    },
    options.retry,
    options,
  );
  return { ...value, attempts };
}

/**
 * Evaluates a query on the gateway peer (nothing is written), retrying transient failures (queries are
 * idempotent) and mapping errors like {@link submit}.
 *
 * @param contract - the chaincode (anything with fabric-gateway's `evaluate`)
 * @param transactionName - the transaction function, e.g. `GetAsset`
 * @param options - arguments, transient data; retry policy and hooks
 * @returns the result and attempt count
 * @throws {@link NdiError} the mapped error of the last attempt, with `attempts` set
 */
export async function evaluate(
  contract: Pick<Contract, 'evaluate'>,
  transactionName: string,
  options: TransactionOptions = {},
): Promise<EvaluateResult> {
  const content = proposalOptions(options);
  const { value, attempts } = await withRetry(
    () => step('evaluate', undefined, () => contract.evaluate(transactionName, content)),
    options.retry,
    options,
  );
  return { result: value, attempts };
}
