import type { ServiceItem } from '../catalog/serviceItem';
import type { AuditEntry } from '../platform/audit';
import type { UploadDoc } from '../platform/uploads';
import type { EmployerDoc, EmployerStaffDoc, UnitInvitationDoc } from '../identity/employers';
import type { MemberDoc, UserDoc } from '../identity/people';
import type { StaffDoc } from '../identity/staff';
import type { YearCalendar } from '../rules/calendar';
import type { DeclarationDoc, FacilityStateDoc } from './facility';
import type { FilingDoc, FilingStateDoc } from './filing';
import type { QuotaDoc, SettingDoc } from './housekeeping';
import type { ChildDoc, IdentityDoc, VerificationDoc, WindowCheckDoc } from './identity';
import type { InstitutionDoc } from './institution';
import type { CityFilters } from './institutionFilters';
import type { SettlementSiteDoc } from './settlementSite';
import type { RatingCountDoc, RatingDoc, VisitDoc } from './rating';

/** Each collection's documents. `collection(name)` (platform/collection.ts) reads and writes exactly these. */
export interface Documents {
  services: ServiceItem & { _id: string };
  calendars: YearCalendar & { _id: string };
  users: UserDoc;
  identities: IdentityDoc;
  verifications: VerificationDoc;
  employers: EmployerDoc;
  rosters: UploadDoc;
  guardian_proofs: UploadDoc;
  settings: SettingDoc;
  children: ChildDoc;
  window_checks: WindowCheckDoc;
  employer_staff: EmployerStaffDoc;
  unit_invitations: UnitInvitationDoc;
  members: MemberDoc;
  audit: AuditEntry & { _id: string };
  institutions: InstitutionDoc;
  facility_filters: CityFilters;
  settlement_sites: SettlementSiteDoc;
  facility_states: FacilityStateDoc;
  facility_declarations: DeclarationDoc;
  filings: FilingDoc;
  filing_states: FilingStateDoc;
  ratings: RatingDoc;
  rating_counts: RatingCountDoc;
  rating_quotas: QuotaDoc;
  verification_quotas: QuotaDoc;
  visits: VisitDoc;
  staff: StaffDoc;
}
export type CollectionName = keyof Documents;
export type DocumentOf<N extends CollectionName> = Documents[N];

/**
 * Every collection the functions use, with its permission rule and indexes. A deploy applies these to
 * CloudBase (README: "Collections, indexes and permission rules"); the local cloud applies them at start
 * and refuses any collection not declared here.
 */
export interface IndexDeclaration {
  name: string;
  keys: Record<string, 1 | -1 | '2dsphere'>;
  unique?: boolean;
}

export interface CollectionDeclaration {
  /** CloudBase security rule. Functions use the admin SDK and are not bound by it; clients are. */
  rule: { read: boolean | string; write: boolean | string };
  indexes: IndexDeclaration[];
  /** What it holds, for whoever sets it up. */
  description: string;
}

export const COLLECTIONS: { [N in CollectionName]: CollectionDeclaration } = {
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
  users: {
    rule: { read: false, write: false },
    indexes: [{ name: 'profile_id_hash', keys: { 'profile.idNumber.hash': 1 } }],
    description:
      '本人资料（_id = openid）：姓名、证件号码、手机号码加密保存（personalData.ts），同意记录，家庭成员数。',
  },
  identities: {
    rule: { read: false, write: false },
    indexes: [],
    description:
      '证件号码的键控哈希（_id）→ 完成人脸核身的 openid 与时间：一个证件号码只绑定一个实人认证过的微信账号。',
  },
  verifications: {
    rule: { read: false, write: false },
    indexes: [
      { name: 'verify_id_unique', keys: { verifyId: 1 }, unique: true },
      { name: 'openid_created', keys: { openid: 1, createdAt: -1 } },
    ],
    description:
      '人脸核身会话（_id = out_seq_no）：谁发起、为谁（本人或家庭成员）、证件键控哈希、有效期、结果（一次有效）。',
  },
  employers: {
    rule: { read: false, write: false },
    indexes: [{ name: 'city', keys: { cityCode: 1 } }],
    description:
      '单位经办人（_id = openid）：统一社会信用代码、城市。由 npm run employer:add 添加；办理花名表前须本人完成人脸核身。',
  },
  rosters: {
    rule: { read: false, write: false },
    indexes: [{ name: 'registered', keys: { registeredAt: 1 } }],
    description:
      '花名表文件（_id = 随机编号，云存储路径 rosters/<_id>.xlsx）：上传前登记上传人；只有上传人本人的批量办理能读取和删除；处理完立即删除，定时器清理遗留和上传失败的文件。',
  },
  guardian_proofs: {
    rule: { read: false, write: false },
    indexes: [{ name: 'registered', keys: { registeredAt: 1 } }],
    description:
      '监护关系材料照片（户口簿或出生医学证明，_id = 随机编号，云存储路径 guardian_proofs/<_id>.jpg）：上传前登记上传人；审核后立即删除。',
  },
  settings: {
    rule: { read: false, write: false },
    indexes: [],
    description: '函数自己记下的环境事实（_id = 名称）：如云存储文件 ID 的前缀，用于删除上传后未报告文件 ID 的文件。',
  },
  children: {
    rule: { read: false, write: false },
    indexes: [],
    description: '未成年人的监护人声明（_id = 孩子证件键控哈希）：哪些家庭成员记录声明了监护，最多两位。',
  },
  window_checks: {
    rule: { read: false, write: false },
    indexes: [],
    description:
      '窗口核验码（_id = 8 位数字）：哪个账号、为哪个姓名和证件（键控哈希）、10 分钟有效期、由哪位工作人员在哪个窗口确认。',
  },
  employer_staff: {
    rule: { read: false, write: false },
    indexes: [{ name: 'person', keys: { idHash: 1 } }],
    description:
      '单位可代办的参保职工（_id = 统一社会信用代码:证件键控哈希）：职工本人在小程序中接受单位邀请，或医保经办人员导入单位参保名单（npm run employer:staff）；只存哈希。',
  },
  unit_invitations: {
    rule: { read: false, write: false },
    indexes: [{ name: 'unit', keys: { creditCode: 1 } }],
    description: '单位邀请职工授权代办的邀请码（_id = 邀请码）：单位、城市、有效期（7 天）。',
  },
  members: {
    rule: { read: false, write: false },
    indexes: [
      { name: 'owner_person_unique', keys: { owner: 1, 'idNumber.hash': 1 }, unique: true },
      { name: 'owner_request_unique', keys: { owner: 1, requestId: 1 }, unique: true },
      { name: 'person', keys: { 'idNumber.hash': 1 } },
      { name: 'invitation_code', keys: { 'invitation.code': 1 } },
      { name: 'guardian_review', keys: { 'guardianClaim.state': 1, cityCode: 1, addedAt: 1 } },
    ],
    description:
      '家庭成员（代办）：所属 openid、关系、加密的姓名与证件号码、参保事实、本人授权方式（刷脸/邀请/监护人声明）。',
  },
  audit: {
    rule: { read: false, write: false },
    indexes: [{ name: 'actor_at', keys: { actor: 1, at: -1 } }],
    description: '审计：谁、何时、对谁、写入或读取了哪些个人信息字段（只记字段名，不记号码）。',
  },
  institutions: {
    rule: { read: false, write: false },
    indexes: [
      // The list order (镇街, then code) is this index's order: a page reads only its own documents.
      { name: 'city_town_code', keys: { cityCode: 1, town: 1, code: 1 } },
      { name: 'city_type', keys: { cityCode: 1, type: 1 } },
      { name: 'city_district', keys: { cityCode: 1, district: 1 } },
      // Search tokens (core/rules/searchTokens.ts): an array field, queried with $all / equality.
      { name: 'city_tokens', keys: { cityCode: 1, tokens: 1 } },
      { name: 'location_geo', keys: { location: '2dsphere' } },
    ],
    description:
      '定点医疗机构（_id = 机构编码）：名称、类型、区/镇街、地址、坐标（GeoJSON，geoNear 用）、检索词（名称二字组、拼音全拼与首字母、编码前缀；tokens 数组索引）、是否示例数据。',
  },
  settlement_sites: {
    rule: { read: false, write: false },
    indexes: [
      // A city's count and list for one kind of care (settles is an array: a multikey index).
      { name: 'city_settles_code', keys: { cityCode: 1, settles: 1, code: 1 } },
      // Search tokens, as institutions (core/rules/searchTokens.ts).
      { name: 'city_tokens', keys: { cityCode: 1, tokens: 1 } },
      { name: 'location_geo', keys: { location: '2dsphere' } },
    ],
    description:
      '跨省联网定点医药机构（_id = 机构编码）：就医地城市、名称、等级、地址、住院/普通门诊/门诊慢特病是否可直接结算、坐标、检索词、是否示例数据。由 npm run import:institutions -- 文件 --sites 导入。',
  },
  facility_filters: {
    rule: { read: false, write: false },
    indexes: [],
    description:
      '定点机构列表的筛选项（_id = 城市代码）：有机构的镇街、区、类型；导入机构时一并写入（core/documents/institutionFilters.ts）。',
  },
  facility_states: {
    rule: { read: false, write: false },
    indexes: [],
    description: '每人每类选点的当前状态（_id = 证件键控哈希:选点类别）：各位置的已生效与待生效机构、每月变更次数。',
  },
  facility_declarations: {
    rule: { read: false, write: false },
    indexes: [
      { name: 'owner_request_unique', keys: { owner: 1, requestId: 1 }, unique: true },
      { name: 'owner_submitted', keys: { owner: 1, submittedAt: -1 } },
      { name: 'subject_submitted', keys: { subjectKey: 1, submittedAt: -1 } },
      { name: 'notify_due', keys: { notifyPending: 1, effectiveFrom: 1 } },
      { name: 'city_submitted', keys: { cityCode: 1, submittedAt: 1 } },
    ],
    description: '选点/变更申报：谁为谁提交、哪一类、哪个位置、机构、结果、生效时间、是否订阅生效提醒。',
  },
  filings: {
    rule: { read: false, write: false },
    indexes: [
      { name: 'owner_request_unique', keys: { owner: 1, requestId: 1 }, unique: true },
      { name: 'owner_submitted', keys: { owner: 1, submittedAt: -1 } },
      { name: 'subject_submitted', keys: { subjectKey: 1, submittedAt: -1 } },
      { name: 'remind_due', keys: { remindPending: 1, validUntil: 1 } },
      { name: 'city_submitted', keys: { cityCode: 1, submittedAt: 1 } },
    ],
    description: '异地就医备案（_id = 备案编号）：谁为谁、类型、就医地、有效期、状态；地址与联系电话加密保存。',
  },
  filing_states: {
    rule: { read: false, write: false },
    indexes: [],
    description: '每人（_id = 证件键控哈希）已备案的摘要：提交时在一个事务里检查时间重叠，并发提交不会都成功。',
  },
  ratings: {
    rule: { read: false, write: false },
    indexes: [
      { name: 'owner_submitted', keys: { owner: 1, submittedAt: -1 } },
      { name: 'city_month', keys: { cityCode: 1, month: 1 } },
      { name: 'city_bad_due', keys: { cityCode: 1, bad: 1, 'followUp.dueDate': 1 } },
    ],
    description:
      '服务评价（_id = 服务类别:服务编号，一事一评）：等级、方面、差评原因、留言、回访意愿；差评的核实、整改、答复。',
  },
  rating_counts: {
    rule: { read: false, write: false },
    indexes: [{ name: 'city_month', keys: { cityCode: 1, month: 1 } }],
    description:
      '评价统计（_id = 城市:月份:事项:渠道:等级:分片，每项计数分 32 份以免同时评价互相冲突；网上与窗口的五级标签不同，分开计数）：条数、按时整改的差评数。评价与答复时在同一事务里更新。本地云的示例数据另有 :sample 结尾的 _id 和 sample 标记，单独公布并标“示例”。',
  },
  rating_quotas: {
    rule: { read: false, write: false },
    indexes: [],
    description: '每人每天的评价次数（_id = openid:日期）：在评价的同一事务里计数，并发评价也不会超过每日上限。',
  },
  verification_quotas: {
    rule: { read: false, write: false },
    indexes: [],
    description:
      '每天发起人脸核验和家庭邀请的次数（_id = account:openid:日期 或 id:证件键控哈希:日期）：与发起在同一事务里计数。',
  },
  visits: {
    rule: { read: false, write: false },
    indexes: [{ name: 'city_created', keys: { cityCode: 1, createdAt: -1 } }],
    description: '窗口一次一评的访问码（_id = 小程序码 scene）：城市、事项、窗口、有效期、是否已使用。',
  },
  staff: {
    rule: { read: false, write: false },
    indexes: [{ name: 'city', keys: { cityCode: 1 } }],
    description: '经办工作人员（_id = openid）：所属城市。由 npm run staff:add 添加。',
  },
};

/** The declaration of a collection named at run time (data files, test fixtures); undefined if undeclared. */
export const declarationOf = (name: string): CollectionDeclaration | undefined =>
  (COLLECTIONS as Record<string, CollectionDeclaration>)[name];
