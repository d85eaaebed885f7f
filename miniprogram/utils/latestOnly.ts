/**
 * "Latest request wins", per page instance (`owner`): a new request replaces the ones before it, and an earlier
 * answer that arrives late resolves to undefined instead, so it never overwrites a newer one.
 */
export function latestOnly() {
  const rounds = new WeakMap<object, number>();
  const answerIfLatest = async <T>(owner: object, round: number, answer: Promise<T>): Promise<T | undefined> => {
    const value = await answer;
    return rounds.get(owner) === round ? value : undefined;
  };
  return {
    /** A new request: its answer, or undefined if another request was started since. */
    replace<T>(owner: object, answer: Promise<T>): Promise<T | undefined> {
      const round = (rounds.get(owner) ?? 0) + 1;
      rounds.set(owner, round);
      return answerIfLatest(owner, round, answer);
    },
    /** More of the latest request (its next page): its answer, or undefined if a new request was started since. */
    extend<T>(owner: object, answer: Promise<T>): Promise<T | undefined> {
      return answerIfLatest(owner, rounds.get(owner) ?? 0, answer);
    },
  };
}
