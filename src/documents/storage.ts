import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { recordAudit, type AuditActor, type Tx } from '../audit/service.js';
import type { Database } from '../infra/db/database.js';
import type { LocalizedText } from '../infra/i18n/localized.js';
import { documents } from './schema.js';

/**
 * Files live in DATA_DIR/files under random names, never under the uploaded name, so no path a
 * user can influence reaches the file system.
 */
export function filesDir(dataDir: string): string {
  return path.join(dataDir, 'files');
}

export interface StoredFile {
  storageKey: string;
  sha512: string;
  sizeBytes: number;
}

export async function storeFile(dataDir: string, bytes: Uint8Array): Promise<StoredFile> {
  const storageKey = `${randomUUID()}.bin`;
  const dir = filesDir(dataDir);
  await fs.promises.mkdir(dir, { recursive: true });
  const target = path.join(dir, storageKey);
  // Write under a temporary name first: a crash never leaves a half file under a real key.
  await fs.promises.writeFile(`${target}.part`, bytes);
  await fs.promises.rename(`${target}.part`, target);
  return { storageKey, sha512: createHash('sha512').update(bytes).digest('hex'), sizeBytes: bytes.byteLength };
}

export function storedFilePath(dataDir: string, storageKey: string): string {
  if (!/^[0-9a-f-]{36}\.bin$/.test(storageKey)) throw new Error('Invalid storage key');
  return path.join(filesDir(dataDir), storageKey);
}

/** Removes a stored file; a file already gone is not an error (deleting twice must not fail). */
export async function removeStoredFile(dataDir: string, storageKey: string): Promise<void> {
  await fs.promises.rm(storedFilePath(dataDir, storageKey), { force: true });
}

/* Documents as records: the file and its row are created and removed together, audited. */

export type DocumentRow = typeof documents.$inferSelect;
export type UploadKind = (typeof uploadKinds)[number];

/** What the office uploads; the other kinds (grant applications, decision papers) come from their own flows. */
export const uploadKinds = ['invitation', 'supplement', 'minutes', 'attachment', 'other'] as const;

export interface NewDocument {
  councilId: number;
  meetingId: number | null;
  agendaItemId?: number | null;
  kind: UploadKind;
  title: LocalizedText;
  fileName: string;
  mimeType: string;
  isPublic: boolean;
  bytes: Uint8Array;
}

/** Stores the bytes, then the row; if the row cannot be written the file goes again, so none is orphaned. */
export async function addDocument(db: Database, dataDir: string, input: NewDocument, actor: AuditActor): Promise<DocumentRow> {
  const stored = await storeFile(dataDir, input.bytes);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(documents)
        .values({
          councilId: input.councilId,
          meetingId: input.meetingId,
          agendaItemId: input.agendaItemId ?? null,
          kind: input.kind,
          title: input.title,
          fileName: input.fileName,
          mimeType: input.mimeType,
          isPublic: input.isPublic,
          ...stored,
        })
        .returning();
      await recordAudit(tx, { actor, action: 'document.upload', entityType: 'document', entityId: row!.id, councilId: row!.councilId, after: row });
      return row!;
    });
  } catch (error) {
    await removeStoredFile(dataDir, stored.storageKey);
    throw error;
  }
}

export async function findCouncilDocument(db: Tx, councilId: number, id: number): Promise<DocumentRow | undefined> {
  const [row] = await db.select().from(documents).where(and(eq(documents.id, id), eq(documents.councilId, councilId))).limit(1);
  return row;
}

/** Publishes or withdraws a document; doing what is already done changes nothing and records nothing. */
export async function setDocumentVisibility(db: Database, councilId: number, id: number, isPublic: boolean, actor: AuditActor): Promise<DocumentRow | undefined> {
  return db.transaction(async (tx) => {
    const before = await findCouncilDocument(tx, councilId, id);
    if (!before || before.isPublic === isPublic) return before;
    const [after] = await tx.update(documents).set({ isPublic }).where(eq(documents.id, id)).returning();
    await recordAudit(tx, { actor, action: isPublic ? 'document.publish' : 'document.unpublish', entityType: 'document', entityId: id, councilId, before, after });
    return after;
  });
}

/** Deletes the row (audited), then the file: a failure in between leaves a stray file, never a row without one. */
export async function deleteDocument(db: Database, dataDir: string, councilId: number, id: number, actor: AuditActor): Promise<DocumentRow | undefined> {
  const removed = await db.transaction(async (tx) => {
    const before = await findCouncilDocument(tx, councilId, id);
    if (!before) return undefined;
    await tx.delete(documents).where(eq(documents.id, id));
    await recordAudit(tx, { actor, action: 'document.delete', entityType: 'document', entityId: id, councilId, before });
    return before;
  });
  if (removed) await removeStoredFile(dataDir, removed.storageKey);
  return removed;
}
