import type { Context } from 'fabric-contract-api';
import { forbidden } from './errors';

/**
 * The signed proposal behind the current transaction. A chaincode reached through
 * `invokeChaincode` runs inside its caller's transaction and sees the very proposal the client
 * signed, so it can tell which chaincode the client invoked: the "top-level" chaincode.
 *
 * Why this is trustworthy: the client signs the proposal, including its channel header, whose
 * extension (`peer.ChaincodeHeaderExtension`) names the chaincode the peer must run; the peer
 * checks the signature and runs exactly that chaincode. A client cannot make the header name
 * chaincode A while reaching chaincode B directly: B would then *be* the top-level chaincode and
 * see its own name. So "the top-level chaincode is A" means "this call was made by A's code".
 * A's code is in turn guaranteed by the endorsement policy: honest peers run the chaincode
 * package approved on the channel, and a response endorsed by a dishonest peer alone does not
 * satisfy the policy. A callee may therefore accept a call that it refuses to clients, when and
 * only when the top-level chaincode is the one allowed to make it.
 */

// The very protobuf classes fabric-shim decodes the proposal with (its own copy of
// @hyperledger/fabric-protos, nested or hoisted), so the decoding is the peer's.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const protos = require(require.resolve('@hyperledger/fabric-protos', { paths: [require.resolve('fabric-shim')] })) as {
  peer: {
    ChaincodeHeaderExtension: {
      deserializeBinary(bytes: Uint8Array): { getChaincodeId(): { getName(): string } | undefined };
    };
  };
};

/** The part of fabric-shim's decoded signed proposal read here. */
interface SignedProposalLike {
  proposal?: {
    header?: {
      /** A fabric-protos `common.ChannelHeader` (fabric-shim's typings show it as plain data). */
      channelHeader?: { getExtension_asU8?: () => Uint8Array; extension?: Uint8Array };
    };
  };
}

/**
 * The name of the chaincode the client invoked: the current chaincode's own name when it was
 * called directly, the calling chaincode's name when it was reached through `invokeChaincode`.
 *
 * @throws Error if the stub carries no decodable signed proposal (not a client transaction)
 */
export function invokedChaincode(ctx: Context): string {
  const signed = ctx.stub.getSignedProposal() as unknown as SignedProposalLike | undefined;
  const channelHeader = signed?.proposal?.header?.channelHeader;
  if (channelHeader === undefined) {
    throw new Error('the transaction has no signed proposal with a channel header');
  }
  const extension =
    typeof channelHeader.getExtension_asU8 === 'function' ? channelHeader.getExtension_asU8() : channelHeader.extension;
  let name: string | undefined;
  try {
    name = protos.peer.ChaincodeHeaderExtension.deserializeBinary(extension ?? new Uint8Array())
      .getChaincodeId()
      ?.getName();
  } catch (error) {
    throw new Error(`the channel header extension is not a ChaincodeHeaderExtension: ${(error as Error).message}`);
  }
  if (!name) {
    throw new Error('the signed proposal names no chaincode');
  }
  return name;
}

/**
 * Requires the transaction to have been invoked by the client on chaincode `chaincode`, so that
 * the current call was made by that chaincode's code through `invokeChaincode` (see the module
 * comment for why that is sound).
 *
 * @param action - what is being done, for the error message
 * @throws ChaincodeError `FORBIDDEN` if the client invoked any other chaincode (or this one directly)
 */
export function requireInvokedThrough(ctx: Context, chaincode: string, action: string): void {
  const invoked = invokedChaincode(ctx);
  if (invoked !== chaincode) {
    throw forbidden(`${action} is only accepted from chaincode ${chaincode}, not from a transaction on ${invoked}`);
  }
}
