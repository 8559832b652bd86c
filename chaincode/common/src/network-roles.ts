/**
 * The organization whose members may be regulators. Regulators see everything public, read
 * ledger history, revoke certificates, suspend identities and resolve valuation disputes; they
 * are also the one organization trusted to endorse transactions that carry another
 * organization's private details (see `requirePeerOf`).
 */
export const REGULATOR_MSP = 'RegulatorMSP';
