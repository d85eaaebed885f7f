import { collection } from './collection';
import { randomBytes } from 'node:crypto';
import { getCloud, getDb } from './sdk';
import { DomainError } from './envelope';

/**
 * Files a person uploads belong to them: the page first asks a function for a storage path, which is registered
 * with the uploader before the file exists; only the same account's later requests may read or delete it, and
 * it is deleted when its purpose is done (or by a timer). Storage is readable by the functions only.
 */
export type UploadKind = 'rosters' | 'guardian_proofs';

const SUFFIX: Record<UploadKind, string> = { rosters: 'xlsx', guardian_proofs: 'jpg' };

export interface UploadDoc {
  _id: string;
  owner: string;
  cityCode: string;
  cloudPath: string;
  /** The storage file id, once the uploader has named it. */
  fileID: string | null;
  registeredAt: Date;
  /** Failed deletes so far: the timer tries again. */
  deleteAttempts?: number;
  /** Attached to a record still using it (a declaration waiting for review): the timer leaves it. */
  keep?: boolean;
}

/** The storage path an upload goes to (wx.cloud.uploadFile's cloudPath), registered with its uploader. */
export async function registerUpload(
  kind: UploadKind,
  owner: string,
  cityCode: string,
  now: Date,
): Promise<{ cloudPath: string }> {
  const id = randomBytes(18).toString('base64url');
  const cloudPath = `${kind}/${id}.${SUFFIX[kind]}`;
  await collection(kind)
    .doc(id)
    .set({ data: { owner, cityCode, cloudPath, fileID: null, registeredAt: now } });
  return { cloudPath };
}

/** The caller's own registered upload that `fileID` names; anyone else's gets the answer of none at all. */
export async function ownUpload(
  kind: UploadKind,
  fileID: string,
  openid: string,
  notFound: string,
): Promise<UploadDoc> {
  const path = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileID)?.[1] ?? '';
  const id = new RegExp(`^${kind}/([A-Za-z0-9_-]{16,64})\\.${SUFFIX[kind]}$`).exec(path)?.[1];
  const doc = id ? await collection(kind).doc(id).get() : null;
  if (!doc || doc.owner !== openid) throw new DomainError('NOT_FOUND', notFound);
  if (doc.fileID !== fileID) {
    await collection(kind).doc(doc._id).update({ data: { fileID } });
    await rememberPrefix(fileID.slice(0, fileID.length - doc.cloudPath.length));
  }
  return { ...doc, fileID };
}

/**
 * Storage file ids are the environment's prefix and the path: the prefix is kept once seen, so that an upload
 * whose page never named it (closed right after uploading) can still be deleted by the timer.
 */
async function rememberPrefix(prefix: string): Promise<void> {
  const ref = collection('settings').doc('storagePrefix');
  const known = await ref.get();
  if (known?.value !== prefix) await ref.set({ data: { value: prefix } });
}

/** wx-server-sdk's status for STORAGE_FILE_NONEXIST. */
const FILE_NOT_FOUND = -503003;

/**
 * Deletes the upload's file, then its registration. deleteFile reports a failed delete per file (status ≠ 0)
 * without throwing: then the registration stays, counted, and the timer tries again. A file already gone counts
 * as deleted.
 */
export async function deleteUpload(kind: UploadKind, doc: UploadDoc): Promise<boolean> {
  const fileID = doc.fileID ?? (await fileIdOf(doc));
  // Not named, and no file id seen yet to learn the prefix from: kept for a later run.
  if (!fileID) return false;
  let status: number;
  try {
    const res = (await getCloud().deleteFile({ fileList: [fileID] })) as { fileList: Array<{ status: number }> };
    status = res.fileList[0]?.status ?? -1;
  } catch {
    status = -1;
  }
  if (status !== 0 && status !== FILE_NOT_FOUND) {
    await collection(kind)
      .doc(doc._id)
      .update({ data: { deleteAttempts: getDb().command.inc(1) } });
    return false;
  }
  await collection(kind).doc(doc._id).remove();
  return true;
}

/** The file id of an upload whose page never named it, from the storage prefix seen before; null if none yet. */
async function fileIdOf(doc: UploadDoc): Promise<string | null> {
  const known = await collection('settings').doc('storagePrefix').get();
  return known ? known.value + doc.cloudPath : null;
}

/** Timer: deletes uploads registered before `before` and not kept (abandoned or done), retrying failed deletes. */
export async function purgeUploads(kind: UploadKind, before: Date): Promise<{ removed: number; failed: number }> {
  const _ = getDb().command;
  const stale = await collection(kind)
    .where({ registeredAt: _.lt(before), keep: _.neq(true) })
    .limit(100)
    .get();
  let removed = 0;
  for (const doc of stale) if (await deleteUpload(kind, doc)) removed += 1;
  return { removed, failed: stale.length - removed };
}
