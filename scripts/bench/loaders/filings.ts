import type { FilingDoc } from '../../../cloudfunctions/core/documents/filing';
import type { BenchDb } from '../cloud';
import { FILINGS } from '../config';
import { insertInBatches } from '../insert';

/** Synthetic filings of other people (bench data only). */
export function loadFilings(db: BenchDb): void {
  insertInBatches(db, 'filings', FILINGS, (i): FilingDoc => {
    const at = new Date(Date.UTC(2025, 0, 1) + i * 30_000);
    const from = at.toISOString().slice(0, 10);
    return {
      _id: `BENCHF${i}`,
      owner: `bench-owner-${i % 100_000}`,
      requestId: `bench-fr${i}`,
      subjectKey: `bench-s${i % 100_000}`,
      memberId: null,
      forWhom: '本人',
      personName: '基*',
      idNumber: '110***********0000',
      cityCode: '140100',
      typeCode: '140100-kjfj',
      typeName: '跨省非急未转住院人员备案',
      category: 'temporary',
      destination: { provinceCode: '440000', cityCode: '440100', name: '广州市' },
      scope: '跨省',
      validFrom: from,
      validUntil: from,
      address: null,
      contactPhone: null,
      submittedAt: at,
      cancelledAt: null,
      subscribe: false,
      remindPending: false,
      result: 'accepted',
      reasons: [],
      previousFilingId: null,
      replacedBy: null,
    };
  });
}
