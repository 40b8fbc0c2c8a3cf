import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DatabaseHandle, Listener } from '../infra/db/database.js';

/**
 * Rendered public pages, feeds and OParl answers, kept in memory and dropped exactly when the data
 * behind them changes: database triggers announce every change with what it touched ('council:5',
 * 'all', 'oparl') on the channel `beirat_changes`, to every instance on the database. A page is
 * tagged with what it shows (a council's pages with 'council:<id>', city-wide pages with 'city'),
 * and an entry is served only if none of its tags changed since it began to be rendered.
 *
 * While the listening connection is down, nothing is served from the cache. After a write in this
 * instance, the response waits until the write's announcement has been received, so the next
 * request sees the change; other instances receive it a moment after the commit.
 *
 * Pages also depend on the clock (upcoming and past meetings), so entries expire after a minute.
 */

export const changeChannel = 'beirat_changes';

export interface CacheRoute {
  /** Seconds an entry may be served without a change; the default suits pages that show "upcoming". */
  ttlSeconds?: number;
  /**
   * The query parameters the answer depends on. A request with any other parameter is answered
   * without the cache, so made-up parameters cannot fill the memory with copies of one page.
   */
  query?: readonly string[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Cache the answer to GET for everyone: only for responses that are the same for every visitor. */
    cache?: CacheRoute;
  }
  interface FastifyInstance {
    /** The cache of this instance, if turned on. */
    pageCache: PageCacheHandle | null;
  }
  interface FastifyRequest {
    /** What the response shows, for dropping it when that changes; untagged responses count as city-wide. */
    cacheTags: Set<string> | null;
    cacheMiss: { startedAt: number } | null;
  }
}

interface Entry {
  headers: Record<string, string | string[]>;
  body: Buffer;
  etag: string;
  encoded: Map<'br' | 'gzip', Buffer>;
  tags: string[];
  /** The change counter when rendering began: a change after that makes the entry stale. */
  startedAt: number;
  expiresAt: number;
  bytes: number;
}

/** Headers that belong to one transfer, not to the representation. */
const transferHeaders = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'date', 'set-cookie', 'etag', 'vary', 'keep-alive']);

export class PageCache {
  private clock = 0;
  private everythingChangedAt = 0;
  private readonly changedAt = new Map<string, number>();
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  readonly stats = { hits: 0, misses: 0, stores: 0, drops: 0 };

  constructor(private readonly maxBytes: number) {}

  get now(): number {
    return this.clock;
  }

  /** A change announced by the database. */
  changed(tag: string): void {
    this.clock++;
    if (tag === 'all') {
      this.everythingChangedAt = this.clock;
      this.clear();
      return;
    }
    this.changedAt.set(tag, this.clock);
    // A council's change shows on the city-wide pages (overview, feeds, open data) and in OParl.
    if (tag.startsWith('council:')) {
      this.changedAt.set('city', this.clock);
      this.changedAt.set('oparl', this.clock);
    }
  }

  /** Announcements may have been missed: nothing cached can be trusted. */
  reset(): void {
    this.clock++;
    this.everythingChangedAt = this.clock;
    this.clear();
  }

  private clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private fresh(entry: Entry): boolean {
    if (entry.expiresAt < Date.now() || this.everythingChangedAt > entry.startedAt) return false;
    return entry.tags.every((tag) => (this.changedAt.get(tag) ?? 0) <= entry.startedAt);
  }

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (!this.fresh(entry)) {
      this.drop(key, entry);
      return undefined;
    }
    // Most recently used last: the oldest are dropped first when memory runs short.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  put(key: string, entry: Omit<Entry, 'bytes' | 'encoded'>): Entry | undefined {
    const stored: Entry = { ...entry, encoded: new Map(), bytes: entry.body.byteLength };
    if (stored.bytes > this.maxBytes / 8 || !this.fresh(stored)) return undefined;
    const previous = this.entries.get(key);
    if (previous) this.drop(key, previous);
    this.entries.set(key, stored);
    this.bytes += stored.bytes;
    this.stats.stores++;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest, old);
    }
    return stored;
  }

  /** The body in the encoding the client prefers, compressed once per entry. */
  encode(entry: Entry, encoding: 'br' | 'gzip' | 'identity'): Buffer {
    if (encoding === 'identity') return entry.body;
    let encoded = entry.encoded.get(encoding);
    if (!encoded) {
      encoded = encoding === 'br' ? brotliCompressSync(entry.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: entry.body.byteLength } }) : gzipSync(entry.body, { level: 9 });
      entry.encoded.set(encoding, encoded);
      this.bytes += encoded.byteLength;
      entry.bytes += encoded.byteLength;
    }
    return encoded;
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    this.stats.drops++;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}

/** br where the client takes it (it compresses best), else gzip, else none; small bodies are not worth it. */
function pickEncoding(acceptEncoding: string | undefined, entry: Entry): 'br' | 'gzip' | 'identity' {
  if (entry.body.byteLength < 1024) return 'identity';
  const accepted = String(acceptEncoding ?? '').toLowerCase();
  if (/\bbr\b/.test(accepted)) return 'br';
  if (/\bgzip\b/.test(accepted)) return 'gzip';
  return 'identity';
}

function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === bare || candidate.trim() === '*');
}

export interface CachedResponse {
  status: 200 | 304;
  headers: Record<string, string | string[] | number>;
  body: Buffer | undefined;
}

/** The answer to a GET or HEAD from a fresh entry, or undefined when there is none (or the cache cannot be trusted now). */
export function answerFromCache(handle: PageCacheHandle, method: string | undefined, url: string | undefined, requestHeaders: IncomingHttpHeaders): CachedResponse | undefined {
  if ((method !== 'GET' && method !== 'HEAD') || url === undefined || !handle.listener.healthy) return undefined;
  const entry = handle.cache.get(url);
  if (!entry) return undefined;
  handle.cache.stats.hits++;
  const headers: CachedResponse['headers'] = { ...entry.headers, etag: entry.etag, vary: 'Accept-Encoding' };
  if (etagMatches(requestHeaders['if-none-match'], entry.etag)) return { status: 304, headers, body: undefined };
  const encoding = pickEncoding(requestHeaders['accept-encoding'], entry);
  const body = handle.cache.encode(entry, encoding);
  if (encoding !== 'identity') headers['content-encoding'] = encoding;
  headers['content-length'] = body.byteLength;
  return { status: 200, headers, body: method === 'HEAD' ? undefined : body };
}

/**
 * For the HTTP server itself, ahead of the framework: a cached answer is written straight to the
 * socket, as a static file server would, so a crowd on one page costs little more than sending bytes.
 */
export function serveFromCache(handle: PageCacheHandle | null, request: IncomingMessage, response: ServerResponse): boolean {
  if (!handle) return false;
  const answer = answerFromCache(handle, request.method, request.url, request.headers);
  if (!answer) return false;
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body);
  return true;
}

export interface PageCacheHandle {
  cache: PageCache;
  listener: Listener;
}

/**
 * Hooks the cache into the app: serves fresh entries before routing work starts, stores 200s of
 * routes with `config.cache`, adds ETags (and answers If-None-Match with 304), and holds back the
 * response to a write until its announcement has arrived. Register before compression, so that
 * the stored body is the uncompressed one.
 */
export async function registerPageCache(app: FastifyInstance, database: DatabaseHandle, options: { maxBytes: number }): Promise<PageCacheHandle | undefined> {
  app.decorateRequest('cacheTags', null);
  app.decorateRequest('cacheMiss', null);
  app.decorate('pageCache', null);
  if (options.maxBytes <= 0) return undefined;
  const cache = new PageCache(options.maxBytes);
  const listener = await database.listen(changeChannel, { message: (tag) => cache.changed(tag), reset: () => cache.reset() });
  app.addHook('onClose', async () => listener.close());
  const handle: PageCacheHandle = { cache, listener };
  app.pageCache = handle;

  app.addHook('onRequest', async (request, reply) => {
    request.cacheTags = new Set();
    const route = request.routeOptions.config.cache;
    if (!route || (request.method !== 'GET' && request.method !== 'HEAD') || !listener.healthy || !cacheableQuery(request, route)) return;
    // Requests that did not come through the server's fast path (inject, or an entry that just went stale).
    const answer = answerFromCache(handle, request.method, request.url, request.headers);
    if (answer) return reply.code(answer.status).headers(answer.headers).send(answer.body);
    cache.stats.misses++;
    request.cacheMiss = { startedAt: cache.now };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      // The next request must not find what this one just changed: wait for the announcement.
      await listener.sync();
      return payload;
    }
    const miss = request.cacheMiss;
    const route = request.routeOptions.config.cache;
    if (!miss || !route || reply.statusCode !== 200 || reply.getHeader('set-cookie') !== undefined) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
    // A page with a form carries a visitor's own CSRF token: never one to share.
    if (body.includes('name="_csrf"')) return payload;
    // A route that makes its own ETag (the calendar feeds) keeps it.
    const own = reply.getHeader('etag');
    const etag = typeof own === 'string' ? own : `W/"${createHash('sha1').update(body).digest('base64url')}"`;
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined && !transferHeaders.has(name)) headers[name] = Array.isArray(value) ? value.map(String) : String(value);
    }
    const tags = request.cacheTags && request.cacheTags.size > 0 ? [...request.cacheTags] : ['city'];
    cache.put(request.url, { headers, body, etag, tags, startedAt: miss.startedAt, expiresAt: Date.now() + (route.ttlSeconds ?? 60) * 1000 });
    reply.header('etag', etag).header('vary', 'Accept-Encoding');
    if (etagMatches(request.headers['if-none-match'], etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });
  return handle;
}

function cacheableQuery(request: FastifyRequest, route: CacheRoute): boolean {
  const query = request.url.indexOf('?');
  if (query < 0) return true;
  const allowed = route.query ?? [];
  for (const name of new URLSearchParams(request.url.slice(query + 1)).keys()) if (!allowed.includes(name)) return false;
  return true;
}

/** Marks the response as showing a council's data (its pages are dropped when that council's data changes). */
export function tagCouncil(request: FastifyRequest, councilId: number): void {
  request.cacheTags?.add(`council:${councilId}`);
}
