import { createHash } from 'node:crypto';
import { maskIdNumber, maskMobile, maskName } from '../../miniprogram/shared/personal';
import type { FilingResponses } from '../core/contracts/filing';
import { type EmployerDoc, isUnitStaff, unitActedBy } from '../core/identity/employers';
import { type StoredPerson } from '../core/identity/people';
import { seal } from '../core/identity/personalData';
import { audit } from '../core/platform/audit';
import { collection } from '../core/platform/collection';
import { DomainError } from '../core/platform/envelope';
import { type ActionContext } from '../core/platform/handler';
import { getCloud } from '../core/platform/sdk';
import { type UploadDoc, deleteUpload, ownUpload, purgeUploads } from '../core/platform/uploads';
import { beijingDate } from '../core/rules/beijingTime';
import { decideFiling } from '../core/rules/filing';
import { type NewFiling, type Who, submitFiling } from './submit';
import { filingPolicyOf } from './views';

/** 单位批量办理: the 花名表 read from storage, checked row by row, filed, and removed from storage. */

// The spreadsheet code (exceljs) is evaluated only when a 花名表 is handled, not on every cold start.
export const batch = () => import('./batch.js');

/** A 花名表 holds names, ID and mobile numbers in the clear: it leaves storage as soon as it is processed. */
export const ROSTER_KEEP_MS = 60 * 60_000;

const NO_ROSTER = '没有找到这个花名表，可能已处理或已过期。请重新选择文件上传。';

/** The caller's own registered roster that `fileID` names (core/platform/uploads.ts); anyone else's is "not found". */
export const ownRoster = (fileID: string, openid: string) => ownUpload('rosters', fileID, openid, NO_ROSTER);

/** Deletes the roster's file (and registration), audited; false when storage refused: the timer tries again. */
export async function deleteRoster(doc: UploadDoc, actor: string, now: Date): Promise<boolean> {
  if (!(await deleteUpload('rosters', doc))) return false;
  await audit({
    action: 'roster.delete',
    actor,
    subject: 'roster',
    fields: ['name', 'idNumber', 'contactPhone'],
    at: now,
  });
  return true;
}

/** Timer: remove rosters registered more than an hour ago — previewed, refused, or never named — retrying failures. */
export async function purgeRosters({ now }: ActionContext) {
  const purged = await purgeUploads('rosters', new Date(now.getTime() - ROSTER_KEEP_MS));
  if (purged.removed)
    await audit({
      action: 'roster.delete',
      actor: 'timer',
      subject: 'roster',
      fields: ['name', 'idNumber', 'contactPhone'],
      at: now,
    });
  return purged;
}

/** The 花名表 from cloud storage, checked: good rows ready to file (as people), and every problem by row. */
export async function roster(employer: EmployerDoc, doc: UploadDoc, ctx: ActionContext) {
  const { cityCode } = employer;
  const { name, policy } = filingPolicyOf(cityCode);
  const fileID = doc.fileID!;
  let bytes: Buffer;
  try {
    bytes = (await getCloud().downloadFile({ fileID })).fileContent as Buffer;
  } catch {
    throw new DomainError('FILE_INVALID', '没有读到上传的文件，请重新选择文件上传。');
  }
  const { MAX_FILE_BYTES, readRoster } = await batch();
  if (bytes.length > MAX_FILE_BYTES)
    throw new DomainError('FILE_TOO_LARGE', '文件超过 2 MB。请删去多余的工作表或图片，或分成几个文件上传。');
  let read: Awaited<ReturnType<typeof readRoster>>;
  try {
    read = await readRoster(bytes, policy);
  } catch (error) {
    throw new DomainError('FILE_INVALID', (error as Error).message);
  }
  const today = beijingDate(ctx.now);
  const people = read.rows.map((row) => {
    const person: StoredPerson = {
      name: seal('name', row.name, maskName),
      idType: row.idType,
      idNumber: seal('idNumber', row.idNumber, maskIdNumber),
      cityCode,
      scheme: 'employee',
      category: row.category,
    };
    const who: Who = {
      person,
      forWhom: `单位代办 ${person.name.masked}`,
      actedBy: unitActedBy(employer),
      memberId: null,
      phoneOnFile: seal('mobile', row.contactPhone, maskMobile),
    };
    const request: NewFiling = {
      cityCode,
      typeCode: row.typeCode,
      destination: { provinceCode: row.destination.provinceCode, cityCode: row.destination.cityCode },
      startDate: row.startDate,
      ...(row.address ? { address: row.address } : {}),
      // One filing per person, type, place and date, whoever uploads the file and however often.
      requestId: `batch-${createHash('sha256').update([cityCode, person.idNumber.hash, row.typeCode, row.destination.cityCode, row.startDate].join('|')).digest('hex').slice(0, 40)}`,
      subscribe: false,
    };
    return { row, who, request };
  });
  // Only the unit's own staff (who accepted its invitation, or are on its 参保 list): anyone else's row is
  // refused in words that say nothing of them. Then the rules, row by row, against each person's existing
  // filings (the unit may see those: the person authorized it): everything reported before filing.
  const problems = [...read.problems];
  const ready: typeof people = [];
  for (const p of people) {
    if (!(await isUnitStaff(employer, p.who.person.idNumber.hash))) {
      problems.push({ row: p.row.row, problems: [NOT_UNIT_STAFF] });
      continue;
    }
    const state = await collection('filing_states').doc(p.who.person.idNumber.hash).get();
    const decision = decideFiling(
      policy,
      { cityCode, scheme: 'employee', category: p.row.category },
      {
        serviceCode: p.request.typeCode,
        destinationCityCode: p.request.destination.cityCode,
        startDate: p.request.startDate,
        address: p.request.address,
        contactPhone: 'given',
      },
      (state?.filings ?? []).filter((f) => !f.cancelled),
      today,
    );
    const already = (state?.filings ?? []).some(
      (f) => !f.cancelled && f.validFrom === p.request.startDate && f.typeName === decision.type?.name,
    );
    if (decision.allowed || already) ready.push(p);
    else problems.push({ row: p.row.row, problems: decision.reasons.map((r) => r.message) });
  }
  problems.sort((a, b) => a.row - b.row);
  return { cityName: name, policy, ready, problems, total: read.rows.length + read.problems.length };
}

export const NOT_UNIT_STAFF =
  '不是本单位的参保职工或未授权本单位代办。请职工本人在小程序“谁可以为我办理”中接受单位邀请，或由医保经办机构导入单位参保名单。';

/** 单位批量办理: every good row filed in the person's name, the unit recorded as 代办方. */
export async function submitRoster(
  employer: EmployerDoc,
  req: { onlyGoodRows: boolean },
  doc: UploadDoc,
  ctx: ActionContext,
): Promise<FilingResponses['batchSubmit']> {
  const r = await roster(employer, doc, ctx);
  if (r.problems.length && !req.onlyGoodRows) {
    throw new DomainError(
      'BATCH_HAS_ERRORS',
      `花名表有 ${r.problems.length} 行需要修改，未办理任何一行。请修改后重新上传，或选择“只办理无误的行”。`,
      {
        reasons: r.problems.map((p) => ({ code: `ROW_${p.row}`, message: `第 ${p.row} 行：${p.problems.join('；')}` })),
      },
    );
  }
  let filed = 0;
  let alreadyFiled = 0;
  const refused: Array<{ row: number; problems: string[] }> = [];
  for (const p of r.ready) {
    const before = await collection('filings')
      .where({ owner: ctx.caller.openid, requestId: p.request.requestId })
      .limit(1)
      .get();
    if (before.length) {
      alreadyFiled += 1;
      continue;
    }
    try {
      await submitFiling(p.request, ctx, p.who);
      filed += 1;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refused.push({ row: p.row.row, problems: [error.message] });
    }
  }
  return { filed, alreadyFiled, refused, skippedBadRows: r.problems.length };
}
