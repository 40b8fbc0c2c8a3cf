import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

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
