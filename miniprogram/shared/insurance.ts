/**
 * A person's facts as the insurance knows them: 险种, 人员类别 (each belongs to one 险种) and, for family
 * members, the relationship. Shared by both sides (no `wx.*` here): the functions' contracts validate with
 * them, the mini-program's forms offer them, and rule texts name the 险种 the same way.
 */
export const SCHEMES = ['employee', 'resident'] as const;
export type Scheme = (typeof SCHEMES)[number];

export const SCHEME_LABELS: Record<Scheme, string> = { employee: '职工医保', resident: '城乡居民医保' };

export const CATEGORIES = {
  employed: '在职职工',
  retired: '退休人员',
  flexible: '灵活就业人员',
  militarySelfEmployed: '军队自主择业人员',
  residentAdult: '城乡居民',
  student: '学生儿童',
} as const;

export const CATEGORY_SCHEME: Record<keyof typeof CATEGORIES, Scheme> = {
  employed: 'employee',
  retired: 'employee',
  flexible: 'employee',
  militarySelfEmployed: 'employee',
  residentAdult: 'resident',
  student: 'resident',
};

export const RELATIONSHIPS = [
  '配偶',
  '父母',
  '子女',
  '祖父母/外祖父母',
  '孙子女/外孙子女',
  '兄弟姐妹',
  '被监护人',
  '监护人',
  '其他亲属',
] as const;

/** Who may declare guardianship of a minor member: their parent (the member is 子女) or legal 监护人. */
export const GUARDIAN_RELATIONSHIPS: ReadonlyArray<(typeof RELATIONSHIPS)[number]> = ['子女', '被监护人'];
