/** A request's memberId: present only when acting for a family member (none means for the caller themself). */
export function forWhom(memberId?: string): { memberId: string } | { memberId?: never } {
  return memberId ? { memberId } : {};
}
