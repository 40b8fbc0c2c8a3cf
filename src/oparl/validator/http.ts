/**
 * HTTP for the crawler (and the importer): bounded concurrency, a timeout per request, retries on network errors, redirects
 * followed by hand (so the URL an object really came from is known), and the rules every JSON response
 * of an OParl server must follow (status, Content-Type, UTF-8 without BOM, JSON, CORS).
 */
import type { Finding } from './report.js';

export type FetchFunction = typeof fetch;

export interface HttpResult {
  /** The URL asked for. */
  requestedUrl: string;
  /** The URL that answered, after redirects. */
  url: string;
  status: number;
  header(name: string): string | null;
  body: Uint8Array;
}

export type HttpOutcome = { ok: true; result: HttpResult } | { ok: false; url: string; error: string };

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const maxRedirects = 5;
const retries = 2;

class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await task();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class HttpClient {
  requests = 0;
  private readonly semaphore: Semaphore;

  constructor(
    private readonly fetchFunction: FetchFunction,
    concurrency: number,
    private readonly timeoutMs: number,
    private readonly onRequest: (url: string) => void,
    private readonly userAgent = 'Beirat OParl validator',
  ) {
    this.semaphore = new Semaphore(Math.max(1, concurrency));
  }

  /** GET (or HEAD) with redirects followed; network errors and timeouts are retried twice. */
  async request(url: string, options: { method?: 'GET' | 'HEAD'; accept?: string } = {}): Promise<HttpOutcome> {
    let current = url;
    for (let redirect = 0; ; redirect += 1) {
      const outcome = await this.withRetries(current, options.method ?? 'GET', options.accept ?? 'application/json');
      if (!outcome.ok) return outcome;
      const location = outcome.result.header('location');
      if (!redirectStatuses.has(outcome.result.status) || !location) return { ok: true, result: { ...outcome.result, requestedUrl: url } };
      if (redirect >= maxRedirects) return { ok: false, url, error: `more than ${maxRedirects} redirects` };
      try {
        current = new URL(location, current).href;
      } catch {
        return { ok: false, url, error: `redirect to an invalid Location: ${location}` };
      }
    }
  }

  private async withRetries(url: string, method: 'GET' | 'HEAD', accept: string): Promise<HttpOutcome> {
    let lastError = '';
    for (let attempt = 0; attempt <= retries; attempt += 1) {
      if (attempt > 0) await delay(250 * attempt);
      try {
        const result = await this.semaphore.run(() => this.once(url, method, accept));
        return { ok: true, result };
      } catch (error) {
        lastError = error instanceof Error ? (error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message) : String(error);
      }
    }
    return { ok: false, url, error: `${lastError} (after ${retries + 1} attempts)` };
  }

  private async once(url: string, method: 'GET' | 'HEAD', accept: string): Promise<HttpResult> {
    this.requests += 1;
    this.onRequest(url);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // The race covers fetch functions that ignore the abort signal (adapters in tests, for instance).
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error(`no complete answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([
        (async () => {
          // Called unbound: a fetch taken from globalThis must not run with this client as `this`.
          const fetchFunction = this.fetchFunction;
          const response = await fetchFunction(url, {
            method,
            headers: { accept, 'user-agent': this.userAgent },
            redirect: 'manual',
            signal: controller.signal,
          });
          const body = method === 'HEAD' ? new Uint8Array() : new Uint8Array(await response.arrayBuffer());
          return { requestedUrl: url, url, status: response.status, header: (name: string) => response.headers.get(name), body };
        })(),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface JsonCheck {
  findings: Finding[];
  /** The parsed body, when it is JSON. */
  json?: unknown;
  parsed: boolean;
}

/**
 * Content-Type, encoding, JSON syntax and CORS of a JSON response. The status is left to the caller,
 * which knows what it expected (200 for objects, 4xx for the error probes).
 */
export function checkJsonResponse(result: HttpResult, objectType: string): JsonCheck {
  const findings: Finding[] = [];
  const url = result.url;
  const add = (rule: string, message: string) => findings.push({ severity: 'error', rule, objectType, url, message });

  const contentType = result.header('content-type');
  const [mediaType = '', ...parameters] = (contentType ?? '').split(';').map((part) => part.trim());
  const charset = parameters.map((parameter) => /^charset\s*=\s*"?([^";]*)"?$/i.exec(parameter)?.[1]).find((value) => value !== undefined);
  if (mediaType.toLowerCase() !== 'application/json') {
    add('content-type', `Content-Type must be application/json, got ${contentType === null ? 'none' : JSON.stringify(contentType)}.`);
  } else if (charset !== undefined && charset.toLowerCase() !== 'utf-8') {
    add('content-type', `The charset of a JSON response must be utf-8 (or left out), got ${JSON.stringify(charset)}.`);
  }

  const allowOrigin = result.header('access-control-allow-origin');
  if (allowOrigin?.trim() !== '*') {
    add('cors-origin', allowOrigin === null ? 'The header Access-Control-Allow-Origin: * is missing.' : `Access-Control-Allow-Origin must be *, got ${JSON.stringify(allowOrigin)}.`);
  }
  const allowMethods = result.header('access-control-allow-methods');
  if (allowMethods !== null && !allowMethods.split(',').some((method) => method.trim().toUpperCase() === 'GET' || method.trim() === '*')) {
    add('cors-methods', `Access-Control-Allow-Methods must include GET when it is sent, got ${JSON.stringify(allowMethods)}.`);
  }

  const decoded = decodeJson(result.body, objectType, url);
  return { findings: [...findings, ...decoded.findings], json: decoded.json, parsed: decoded.parsed };
}

/** UTF-8 without a byte order mark, and JSON: for responses and for files. */
export function decodeJson(body: Uint8Array, objectType: string, url: string): JsonCheck {
  const findings: Finding[] = [];
  const add = (rule: string, message: string) => findings.push({ severity: 'error', rule, objectType, url, message });
  let bytes = body;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    add('utf8-bom', 'The JSON starts with a UTF-8 byte order mark, which OParl forbids.');
    bytes = bytes.subarray(3);
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    add('utf8', 'The JSON is not valid UTF-8.');
    return { findings, parsed: false };
  }
  try {
    return { findings, json: JSON.parse(text) as unknown, parsed: true };
  } catch (error) {
    add('json-syntax', `Not valid JSON: ${error instanceof Error ? error.message : String(error)}.`);
    return { findings, parsed: false };
  }
}
