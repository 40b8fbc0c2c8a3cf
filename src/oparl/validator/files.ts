/**
 * The rules for the files behind `File` objects (OParl "Dateizugriffe"): the accessUrl answers and is not
 * sent as a download; the downloadUrl is sent as a download with a file name; size and checksums match.
 */
import { createHash } from 'node:crypto';
import type { HttpClient, HttpOutcome } from './http.js';
import type { Finding } from './report.js';
import { isAbsoluteHttpUrl } from './schemas.js';
import type { JsonObject } from './rules.js';

export type FilePolicy = 'same-origin' | 'all' | 'none';

interface Disposition {
  type: string;
  hasFilename: boolean;
}

function parseDisposition(header: string | null): Disposition | undefined {
  if (header === null) return undefined;
  const [type = '', ...parameters] = header.split(';').map((part) => part.trim());
  return { type: type.toLowerCase(), hasFilename: parameters.some((parameter) => /^filename\*?\s*=\s*\S/i.test(parameter)) };
}

const mediaTypeOf = (header: string | null) => (header ?? '').split(';')[0]!.trim().toLowerCase();

/** Servers that do not implement HEAD answer 405 or 501; those get a GET instead. */
async function headOrGet(http: HttpClient, url: string, needBody: boolean): Promise<HttpOutcome> {
  if (needBody) return http.request(url, { method: 'GET', accept: '*/*' });
  const head = await http.request(url, { method: 'HEAD', accept: '*/*' });
  if (head.ok && (head.result.status === 405 || head.result.status === 501)) return http.request(url, { method: 'GET', accept: '*/*' });
  return head;
}

export interface FileCheckResult {
  checked: boolean;
  findings: Finding[];
}

/** Checks one File object; `mayFetch` applies the same-origin/all/none policy to each URL. */
export async function checkFile(http: HttpClient, file: JsonObject, mayFetch: (url: string) => boolean): Promise<FileCheckResult> {
  const findings: Finding[] = [];
  const id = typeof file.id === 'string' ? file.id : '(File without id)';
  const add = (severity: Finding['severity'], rule: string, path: string, message: string) =>
    findings.push({ severity, rule, objectType: 'File', url: id, path, message });
  let checked = false;

  const accessUrl = typeof file.accessUrl === 'string' && isAbsoluteHttpUrl(file.accessUrl) ? file.accessUrl : undefined;
  if (accessUrl && mayFetch(accessUrl)) {
    checked = true;
    const size = typeof file.size === 'number' ? file.size : undefined;
    const sha512 = typeof file.sha512Checksum === 'string' ? file.sha512Checksum : undefined;
    const sha1 = typeof file.sha1Checksum === 'string' ? file.sha1Checksum : undefined;
    const outcome = await headOrGet(http, accessUrl, size !== undefined || sha512 !== undefined || sha1 !== undefined);
    if (!outcome.ok) {
      add('error', 'file-access', '/accessUrl', `The accessUrl ${accessUrl} could not be fetched: ${outcome.error}.`);
    } else if (outcome.result.status !== 200) {
      add('error', 'file-access', '/accessUrl', `The accessUrl ${accessUrl} answered HTTP ${outcome.result.status}, expected 200.`);
    } else {
      const { result } = outcome;
      if (parseDisposition(result.header('content-disposition'))?.type === 'attachment') {
        add('error', 'file-access-disposition', '/accessUrl', `The accessUrl must not be sent with Content-Disposition: attachment (got ${JSON.stringify(result.header('content-disposition'))}); that is what downloadUrl is for.`);
      }
      if (typeof file.mimeType === 'string' && file.mimeType !== '' && result.header('content-type') !== null) {
        const served = mediaTypeOf(result.header('content-type'));
        if (served !== file.mimeType.toLowerCase()) {
          add('warning', 'file-mime-type', '/mimeType', `mimeType is ${file.mimeType}, but the accessUrl is served as ${served}.`);
        }
      }
      if (size !== undefined && result.body.byteLength !== size) {
        add('error', 'file-size', '/size', `size is ${size}, but the accessUrl delivered ${result.body.byteLength} bytes.`);
      }
      if (sha512 !== undefined) {
        const actual = createHash('sha512').update(result.body).digest('hex');
        if (actual !== sha512.toLowerCase()) add('error', 'file-sha512', '/sha512Checksum', `sha512Checksum does not match the file at the accessUrl (its SHA-512 is ${actual}).`);
      }
      if (sha1 !== undefined) {
        const actual = createHash('sha1').update(result.body).digest('hex');
        if (actual !== sha1.toLowerCase()) add('error', 'file-sha1', '/sha1Checksum', `sha1Checksum does not match the file at the accessUrl (its SHA-1 is ${actual}).`);
      }
    }
  }

  const downloadUrl = typeof file.downloadUrl === 'string' && isAbsoluteHttpUrl(file.downloadUrl) ? file.downloadUrl : undefined;
  if (downloadUrl && mayFetch(downloadUrl)) {
    checked = true;
    const outcome = await headOrGet(http, downloadUrl, false);
    if (!outcome.ok) {
      add('error', 'file-download', '/downloadUrl', `The downloadUrl ${downloadUrl} could not be fetched: ${outcome.error}.`);
    } else if (outcome.result.status !== 200) {
      add('error', 'file-download', '/downloadUrl', `The downloadUrl ${downloadUrl} answered HTTP ${outcome.result.status}, expected 200.`);
    } else {
      const header = outcome.result.header('content-disposition');
      const disposition = parseDisposition(header);
      if (disposition?.type !== 'attachment' || !disposition.hasFilename) {
        add('error', 'file-download-disposition', '/downloadUrl', `The downloadUrl must be sent with Content-Disposition: attachment; filename="…", got ${header === null ? 'no Content-Disposition' : JSON.stringify(header)}.`);
      }
    }
  }
  return { checked, findings };
}
