/** A fresh id for one submission: a retry of the same submission reuses it, so nothing is done twice. */
export function newRequestId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
