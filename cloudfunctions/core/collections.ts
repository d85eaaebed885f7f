/**
 * Every collection the functions use, with its permission rule and indexes. A deploy applies these to
 * CloudBase (README: "Collections, indexes and permission rules"); the local cloud applies them at start
 * and refuses any collection not declared here.
 */
export interface IndexDeclaration {
  name: string;
  keys: Record<string, 1 | -1>;
  unique?: boolean;
}

export interface CollectionDeclaration {
  /** CloudBase security rule. Functions use the admin SDK and are not bound by it; clients are. */
  rule: { read: boolean | string; write: boolean | string };
  indexes: IndexDeclaration[];
  /** What it holds, for whoever sets it up. */
  description: string;
}

export const COLLECTIONS: Record<string, CollectionDeclaration> = {
  services: {
    rule: { read: false, write: false },
    indexes: [
      { name: 'code_unique', keys: { code: 1 }, unique: true },
      { name: 'city_category', keys: { cityCode: 1, category: 1 } },
    ],
    description: '办事指南：各城市的服务事项（编码、渠道、材料、时限）。只经由 catalog 函数读取。',
  },
  calendars: {
    rule: { read: false, write: false },
    indexes: [{ name: 'year_unique', keys: { year: 1 }, unique: true }],
    description: '工作日历覆盖：某年国务院放假通知发布后、依赖库尚未更新时，按年导入的节假日与调休日。',
  },
};
