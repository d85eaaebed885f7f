import { z } from 'zod';

/** A list's page request (core/platform/paging.ts): where the page before ended, and how many rows. */
export const pageRequest = {
  /** The `nextCursor` of the page before; absent for the first page. */
  after: z
    .string()
    .regex(/^[0-9A-Za-z.:-]{1,40}~[A-Za-z0-9_:.-]{1,80}$/, '翻页位置不正确，请回到列表开头重新查看')
    .optional(),
  limit: z.number().int().min(1).max(50).default(20),
};
