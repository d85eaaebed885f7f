import type { DeclarationDoc } from '../../../cloudfunctions/core/documents/facility';
import type { BenchDb } from '../cloud';
import { DECLARATIONS } from '../config';
import { insertInBatches } from '../insert';

/** Synthetic declarations of other people (bench data only), so the collection and its indexes are full. */
export function loadDeclarations(db: BenchDb): void {
  insertInBatches(db, 'facility_declarations', DECLARATIONS, (i): DeclarationDoc => {
    const at = new Date(Date.UTC(2025, 0, 1) + i * 30_000);
    return {
      _id: `bench-d${i}`,
      owner: `bench-owner-${i % 100_000}`,
      requestId: `bench-r${i}`,
      subjectKey: `bench-s${i % 100_000}`,
      memberId: null,
      forWhom: '本人',
      cityCode: i % 2 ? '110000' : '442000',
      kind: 'general',
      op: i % 3 ? 'change' : 'select',
      slot: 1,
      institution: { code: `BENCH-${i % 1000}`, name: '基准机构' },
      previous: null,
      result: 'accepted',
      reasons: [],
      effectiveFrom: at,
      submittedAt: at,
      withdrawnAt: null,
      notifyPending: false,
    };
  });
}
