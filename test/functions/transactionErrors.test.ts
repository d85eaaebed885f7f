import { Db } from '@cloudbase/database';
import { runTransaction } from '@cloudbase/database/dist/commonjs/transaction/index';
import { isDuplicateKey, isTransactionConflict } from '../../cloudfunctions/core/platform/sdk';

// The SDK's own runTransaction against a database that answers every commit as the local cloud (and CloudBase)
// does when a concurrent transaction won: once the retries are spent, the error the function sees is that raw
// answer, { code, message }, not an Error. Rating 25 window services at once met it (INTERNAL instead of CONFLICT).
const CONFLICT = {
  code: 'DATABASE_TRANSACTION_CONFLICT',
  message: 'transaction conflict: rating_quotas was changed meanwhile',
};

class LosingDatabase {
  static commits = 0;
  async send(action: string) {
    if (action === 'database.startTransaction') return { transactionId: 'txn-1', data: {} };
    if (action === 'database.commitTransaction') {
      LosingDatabase.commits += 1;
      return { requestId: 'local-1', ...CONFLICT };
    }
    return { data: {} };
  }
}

it('a transaction that lost every retry is told apart as a conflict, not an internal error', async () => {
  const original = (Db as unknown as { reqClass: unknown }).reqClass;
  (Db as unknown as { reqClass: unknown }).reqClass = LosingDatabase;
  try {
    const error = await runTransaction.call({ config: {} }, async () => undefined, 2).catch((e: unknown) => e);
    expect(LosingDatabase.commits).toBe(3); // the first attempt and `times` retries
    expect(error).toMatchObject(CONFLICT);
    expect(isTransactionConflict(error)).toBe(true);
    expect(isDuplicateKey(error)).toBe(false);
  } finally {
    (Db as unknown as { reqClass: unknown }).reqClass = original;
  }
});

it('tells the SDK’s other shapes apart too', () => {
  expect(isTransactionConflict(new Error('DATABASE_TRANSACTION_CONFLICT: x'))).toBe(true);
  expect(isTransactionConflict({ errMsg: 'transaction conflict' })).toBe(true);
  expect(isDuplicateKey({ code: 'DATABASE_DUPLICATE_WRITE', message: 'E11000 duplicate key error' })).toBe(true);
  expect(isTransactionConflict({ code: 'DATABASE_REQUEST_FAILED', message: 'timeout' })).toBe(false);
  expect(isTransactionConflict(null)).toBe(false);
});
