import { InMemoryLedger } from '@ndi/chaincode-common/testing';
import { contracts } from './index';

interface Metadata {
  contracts: Record<string, { transactions: { name: string; tag: string[]; returns?: unknown }[] }>;
  components: { schemas: Record<string, { properties: Record<string, unknown> }> };
}

describe('contract metadata', () => {
  it('describes every transaction, its kind and its result type', async () => {
    const ledger = new InMemoryLedger();
    ledger.deploy('asset-valuation', contracts);
    const metadata = (await ledger.evaluate('asset-valuation', 'org.hyperledger.fabric:GetMetadata'))
      .result as Metadata;
    const txs = metadata.contracts['asset-valuation']?.transactions ?? [];
    const byName = Object.fromEntries(txs.map((t) => [t.name, t]));
    const submits = txs.filter((t) => t.tag.includes('SUBMIT')).map((t) => t.name);
    expect(submits.sort()).toEqual([
      'FinalizeValuation',
      'RequestValuation',
      'ResolveValuation',
      'StoreAppraisalEvidence',
      'SubmitAppraisal',
      'WithdrawAppraisal',
    ]);
    expect(txs).toHaveLength(11);
    expect(byName.GetCurrentValuation?.returns).toEqual({ $ref: '#/components/schemas/Valuation' });
    expect(byName.SubmitAppraisal?.returns).toEqual({ $ref: '#/components/schemas/Appraisal' });
    expect(Object.keys(metadata.components.schemas)).toEqual(
      expect.arrayContaining([
        'Valuation',
        'ValuationRequest',
        'Appraisal',
        'AppraisalEvidenceReceipt',
        'AppraisalSummary',
        'MethodCounts',
        'Resolution',
        'AppraisalList',
        'ValuationRequestPage',
        'ValuationHistory',
      ]),
    );
    expect(metadata.components.schemas.ValuationRequest?.properties.summary).toEqual({ $ref: 'AppraisalSummary' });
  });
});
