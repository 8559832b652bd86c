import { Contract, type Context } from 'fabric-contract-api';
import { notFound } from './errors';

/** Longest part of an unknown function name echoed in the error message. */
const MAX_ECHOED_NAME = 128;

/**
 * Base class of the ndi domain contracts. fabric-contract-api answers a call of a function the
 * contract does not have with an uncoded `You've asked to invoke a function that does not exist`;
 * an ndi contract answers `NOT_FOUND: transaction '<name>' does not exist on contract '<contract>'`
 * instead, so clients can branch on the code like for every other refusal. It adds no
 * transaction: `org.hyperledger.fabric:GetMetadata` lists only the subclass's `@Transaction`s.
 */
export abstract class NdiContract extends Contract {
  /**
   * Called by fabric-contract-api for a function name the contract does not define.
   *
   * @throws ChaincodeError `NOT_FOUND` naming the function (control characters escaped, clipped)
   */
  public override async unknownTransaction(ctx: Context): Promise<void> {
    const { fcn } = ctx.stub.getFunctionAndParameters();
    // The name is the caller's, unvalidated: escape it (JSON string rules) before echoing it.
    const name = JSON.stringify(fcn.slice(0, MAX_ECHOED_NAME)).slice(1, -1);
    throw notFound(`transaction '${name}' does not exist on contract '${this.getName()}'`);
  }
}
