import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { HttpClient } from '../validator/http.js';

/**
 * Where an import reads from: an OParl server over HTTP, or a folder of recorded responses (one
 * file per response, named after the URL path below the API root, e.g. `body/1/paper?page=44.json`,
 * as crawlers record them). Either way the importer asks for URLs as the source's objects name them.
 */

export class FetchError extends Error {
  constructor(
    readonly url: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface Source {
  /** Where it reads from, for messages and for remembering the source. */
  readonly location: string;
  /** The System object's URL to start from. */
  readonly systemUrl: string;
  getJson(url: string): Promise<unknown>;
  /** After the System object is read: the source's own URLs (its ids) may differ from where it is read. */
  learnBase(systemId: string): void;
}

export interface HttpOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * Reads over HTTP, with the validator's client (timeouts, retries after network errors, redirects).
 * When the System object's id names another server than the URL it was read from (a mirror, a
 * proxy, a recorded crawl served locally), the ids' prefix is mapped onto the URL given.
 */
export function httpSource(systemUrl: string, options: HttpOptions = {}): Source {
  // One request at a time: an import is a guest on the source's server.
  const client = new HttpClient(options.fetch ?? fetch, 1, options.timeoutMs ?? 30_000, () => {}, 'Beirat OParl importer');
  let alias: { from: string; to: string } | undefined;
  return {
    location: systemUrl,
    systemUrl,
    learnBase(systemId) {
      alias = aliasFor(systemId, systemUrl);
    },
    async getJson(url) {
      const target = alias && url.startsWith(alias.from) ? alias.to + url.slice(alias.from.length) : url;
      const outcome = await client.request(target);
      if (!outcome.ok) throw new FetchError(url, outcome.error);
      if (outcome.result.status !== 200) throw new FetchError(url, `HTTP ${outcome.result.status}`, outcome.result.status);
      return parseJson(url, Buffer.from(outcome.result.body).toString('utf8'));
    },
  };
}

/**
 * Reads recorded responses: a folder, or a .tar.gz archive of one. `system.json` is the start; a
 * URL maps to the file named after its path below the API root, with its query (`?page=2`) but
 * without filters a recording cannot answer, and the first page may be recorded without `?page=1`.
 * `missing_ids.json`, where present, lists URLs the recording could not fetch.
 */
export function recordingSource(location: string): Source {
  const root = path.resolve(location);
  const read = /\.(tar\.gz|tgz)$/i.test(root) ? archiveReader(root) : folderReader(root);
  let base: string | undefined;
  let missing: Set<string> | undefined;
  const missingText = read('missing_ids.json');
  if (missingText !== undefined) {
    try {
      missing = new Set(Object.keys(JSON.parse(missingText) as Record<string, unknown>));
    } catch {
      missing = undefined;
    }
  }
  return {
    location: root,
    systemUrl: 'system',
    learnBase(systemId) {
      base = systemId.replace(/[^/]*$/, '');
    },
    async getJson(url) {
      if (url === 'system') {
        const text = read('system.json');
        if (text === undefined) throw new FetchError(url, `no system.json in ${root}`);
        return parseJson(url, text);
      }
      if (missing?.has(url)) throw new FetchError(url, 'not in the recording (listed in missing_ids.json)', 404);
      if (!base || !url.startsWith(base)) throw new FetchError(url, 'outside the recorded API', 404);
      for (const file of recordedFileNames(url.slice(base.length))) {
        const text = read(file);
        if (text !== undefined) return parseJson(url, text);
      }
      throw new FetchError(url, 'not in the recording', 404);
    },
  };
}

/** The files a recording may hold a URL (relative to the API root) in. */
export function recordedFileNames(relative: string): string[] {
  const [pathPart, query = ''] = relative.split('?', 2) as [string, string?];
  const page = new URLSearchParams(query).get('page');
  const name = decodeURIComponent(pathPart);
  return page && page !== '1' ? [`${name}?page=${page}.json`] : [`${name}.json`, `${name}?page=1.json`];
}

function folderReader(root: string): (file: string) => string | undefined {
  return (file) => {
    const full = path.join(root, file);
    // Never outside the folder, whatever a recorded URL contains.
    if (!full.startsWith(root + path.sep)) return undefined;
    return fs.existsSync(full) && fs.statSync(full).isFile() ? fs.readFileSync(full, 'utf8') : undefined;
  };
}

function archiveReader(file: string): (name: string) => string | undefined {
  const entries = readTarGz(fs.readFileSync(file));
  return (name) => entries.get(name)?.toString('utf8');
}

/** The regular files of a gzipped tar archive (ustar, with GNU long names), by their path without "./". */
export function readTarGz(archive: Buffer): Map<string, Buffer> {
  const tar = gunzipSync(archive);
  const files = new Map<string, Buffer>();
  let offset = 0;
  let longName: string | undefined;
  const text = (start: number, length: number) => tar.toString('utf8', start, start + length).replace(/\0.*$/s, '');
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(text(offset + 124, 12).trim() || '0', 8);
    const kind = String.fromCharCode(header[156]!);
    const prefix = text(offset + 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(offset, 100)}` : text(offset, 100));
    const body = tar.subarray(offset + 512, offset + 512 + size);
    longName = undefined;
    if (kind === 'L') longName = body.toString('utf8').replace(/\0.*$/s, '');
    else if (kind === '0' || kind === '\0') files.set(name.replace(/^\.\//, ''), Buffer.from(body));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

function parseJson(url: string, text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new FetchError(url, 'not JSON');
  }
}

/** The prefix of the source's ids and the prefix to read them from, when they differ. */
export function aliasFor(systemId: string, readFrom: string): { from: string; to: string } | undefined {
  let id: URL;
  let given: URL;
  try {
    id = new URL(systemId);
    given = new URL(readFrom);
  } catch {
    return undefined;
  }
  if (id.origin === given.origin) return undefined;
  // The longest common ending of both paths is the part inside the API; what precedes it differs.
  const a = id.href.replace(/[?#].*$/, '');
  const b = given.href.replace(/[?#].*$/, '');
  let common = 0;
  while (common < a.length && common < b.length && a[a.length - 1 - common] === b[b.length - 1 - common]) common++;
  const suffix = a.slice(a.length - common);
  const cut = suffix.indexOf('/');
  if (cut < 0) return undefined;
  const inside = suffix.slice(cut);
  return { from: a.slice(0, a.length - inside.length) + '/', to: b.slice(0, b.length - inside.length) + '/' };
}
