/**
 * Crawls an OParl endpoint from its System object: System.body, every Body, every external list of each
 * Body (and lists found on other objects, such as Organization.meeting), page by page to the end. Every
 * object is checked on the way; then the filters and error answers are probed, references and embedded
 * ids are resolved, and the files are fetched.
 */
import { randomBytes } from 'node:crypto';
import { checkFile, type FilePolicy } from './files.js';
import { checkJsonResponse, HttpClient, type FetchFunction } from './http.js';
import { buildReport, FindingCollector, ObjectCounter, type Finding, type ValidationReport } from './report.js';
import { inspectListPage, inspectObject, isErrorObject, isJsonObject, pointerOf, type JsonObject, type ListUse, type ObjectContext, type ReferenceUse } from './rules.js';
import { anyVersionTypeNameOf, isAbsoluteHttpUrl, typeNameOf } from './schemas.js';

export interface ValidateOptions {
  /** Defaults to the global fetch; only `fetch(url, { method, headers })`, `status`, `headers.get` and `arrayBuffer()` are used. */
  fetch?: typeof fetch;
  /** Requests at the same time (default 4). */
  concurrency?: number;
  /** Stop crawling after this many objects (embedded ones included); the report then says the crawl is incomplete. */
  maxObjects?: number;
  /** Which files to fetch: only those on the endpoint's origin (default), all, or none. */
  checkFiles?: FilePolicy;
  /** Per request, including reading the body (default 30 s). */
  timeoutMs?: number;
  /** How many referenced or embedded objects not seen in any list may be fetched to check them (default: all). */
  maxReferenceFetches?: number;
  onProgress?: (progress: { requests: number; objects: number; url: string }) => void;
}

const farPast = '1970-01-01T00:00:00Z';

interface FirstPageObject {
  id: string;
  created: number | undefined;
  modified: number | undefined;
}

function timestampOf(item: unknown, field: 'created' | 'modified'): number | undefined {
  if (!isJsonObject(item) || typeof item[field] !== 'string') return undefined;
  const time = Date.parse(item[field] as string);
  return Number.isNaN(time) ? undefined : time;
}
const article = (type: string) => (/^[AEIOU]/.test(type) ? `an ${type}` : `a ${type}`);
const objects = (count: number) => `${count} ${count === 1 ? 'object' : 'objects'}`;
/** The modified_since probe follows the filtered list at most this far looking for the unfiltered first page. */
const maxFilterProbePages = 20;

type Fetched = { ok: false; url: string; error: string } | { ok: true; url: string; status: number; json?: unknown; parsed: boolean };

interface EmbeddedEntry {
  type: string;
  at: string;
  path: string;
}

/** The state of one validation run. */
class Crawl {
  readonly findings = new FindingCollector();
  readonly counter = new ObjectCounter();
  readonly http: HttpClient;
  readonly notes: string[] = [];
  oparlVersion?: string;
  cut = false;
  incompleteLists = 0;
  systemFetched = false;
  filesChecked = 0;
  filesSkipped = 0;

  private readonly systemOrigin: string;
  private readonly maxObjects: number;
  private readonly filePolicy: FilePolicy;
  private readonly maxReferenceFetches: number;
  /** URL → type of everything that answered with an object: list items and objects fetched directly. */
  private readonly resolved = new Map<string, string>();
  /** id → type of every object seen, embedded ones included. */
  private readonly known = new Map<string, string>();
  /** Embedded objects' ids, which must lead to the object as well. */
  private readonly embeddedIds = new Map<string, EmbeddedEntry>();
  /** Referenced URL → expected type → where it is referenced. */
  private readonly references = new Map<string, Map<string, ReferenceUse[]>>();
  /** Ids of list items and fetched objects already inspected (the same Meeting is in Body.meeting and Organization.meeting). */
  private readonly inspected = new Set<string>();
  private readonly lists = new Set<string>();
  private readonly files = new Map<string, JsonObject>();
  /** URLs fetched to resolve references and embedded ids, and why those that failed did. */
  private readonly attempted = new Set<string>();
  private readonly failures = new Map<string, string>();
  private referenceFetches = 0;
  private readonly tasks = new Set<Promise<void>>();
  private readonly taskErrors: unknown[] = [];
  private readonly onProgress: ValidateOptions['onProgress'];

  constructor(
    readonly systemUrl: string,
    options: ValidateOptions,
  ) {
    this.systemOrigin = new URL(systemUrl).origin;
    this.maxObjects = options.maxObjects ?? Number.POSITIVE_INFINITY;
    this.filePolicy = options.checkFiles ?? 'same-origin';
    this.maxReferenceFetches = options.maxReferenceFetches ?? Number.POSITIVE_INFINITY;
    this.onProgress = options.onProgress;
    const fetchFunction: FetchFunction = options.fetch ?? globalThis.fetch;
    this.http = new HttpClient(fetchFunction, options.concurrency ?? 4, options.timeoutMs ?? 30_000, (url) =>
      this.onProgress?.({ requests: this.http.requests, objects: this.counter.size, url }),
    );
  }

  private add(finding: Finding): void {
    this.findings.add(finding);
  }

  private sameOrigin(url: string): boolean {
    try {
      return new URL(url).origin === this.systemOrigin;
    } catch {
      return false;
    }
  }

  /**
   * Runs a task alongside the others; `drain` waits for all of them, including those they start. A task
   * that throws (a bug, not a finding) is kept for `drain` to rethrow, not left as an unhandled rejection.
   */
  private spawn(task: () => Promise<void>): void {
    const promise: Promise<void> = task()
      .catch((error: unknown) => void this.taskErrors.push(error))
      .finally(() => this.tasks.delete(promise));
    this.tasks.add(promise);
  }

  async drain(): Promise<void> {
    while (this.tasks.size > 0) await Promise.all([...this.tasks]);
    if (this.taskErrors.length > 0) throw this.taskErrors[0];
  }

  /**
   * One request for JSON. The response rules (Content-Type, CORS, …) apply to every answer of the endpoint
   * that is JSON or should be: all 200 answers and JSON error answers; answers of other servers are only read.
   */
  private async fetchJson(url: string, objectType: string): Promise<Fetched> {
    const outcome = await this.http.request(url);
    if (!outcome.ok) return { ok: false, url, error: outcome.error };
    const { result } = outcome;
    const looksJson = /json/i.test(result.header('content-type') ?? '');
    if (this.sameOrigin(result.url) && (result.status === 200 || looksJson)) {
      const check = checkJsonResponse(result, objectType);
      this.findings.addAll(check.findings);
      return { ok: true, url: result.url, status: result.status, json: check.json, parsed: check.parsed };
    }
    try {
      return { ok: true, url: result.url, status: result.status, json: JSON.parse(new TextDecoder().decode(result.body)) as unknown, parsed: true };
    } catch {
      return { ok: true, url: result.url, status: result.status, parsed: false };
    }
  }

  /** An object or list page that must answer 200 with JSON; failures become findings. */
  private async fetchDocument(url: string, objectType: string): Promise<{ url: string; json: unknown } | undefined> {
    const fetched = await this.fetchJson(url, objectType);
    if (!fetched.ok) {
      this.add({ severity: 'error', rule: 'network', objectType, url, message: `The request failed: ${fetched.error}.` });
      return undefined;
    }
    if (fetched.status !== 200) {
      this.add({ severity: 'error', rule: 'http-status', objectType, url: fetched.url, message: `HTTP status ${fetched.status}, expected 200.` });
      return undefined;
    }
    return fetched.parsed ? { url: fetched.url, json: fetched.json } : undefined;
  }

  /**
   * Checks an object and records what it holds. `fetchedFrom` is the URL it was fetched from directly
   * (its id must be that URL); list items come with their list page instead.
   */
  processObject(value: unknown, context: ObjectContext & { fetchedFrom?: string }): void {
    const id = isJsonObject(value) && typeof value.id === 'string' ? value.id : undefined;
    if (id !== undefined && this.inspected.has(id)) {
      // Seen before (in another list): only its type must fit this place too.
      const declared = isJsonObject(value) ? typeNameOf(value.type) : undefined;
      if (context.expectedType && declared !== context.expectedType) {
        this.add({ severity: 'error', rule: 'object-type', objectType: context.expectedType, url: id, message: `Expected ${article(context.expectedType)} here (${context.sourceUrl ?? ''}), got ${JSON.stringify(isJsonObject(value) ? value.type : value)}.` });
      }
      return;
    }
    if (id !== undefined) this.inspected.add(id);
    const inspection = inspectObject(value, context);
    this.findings.addAll(inspection.findings);
    const type = inspection.type ?? context.expectedType ?? 'unknown';

    if (context.fetchedFrom !== undefined) {
      this.resolved.set(context.fetchedFrom, type);
      if (inspection.id !== context.fetchedFrom) {
        this.add({
          severity: 'error',
          rule: 'id-canonical',
          objectType: type,
          url: context.fetchedFrom,
          path: '/id',
          message: `The object was fetched from ${context.fetchedFrom} but its id is ${JSON.stringify(isJsonObject(value) ? value.id : undefined)}; the id must be the object's one canonical URL.`,
        });
      }
    }

    for (const visited of inspection.objects) {
      const key = visited.id ?? `${context.sourceUrl ?? ''}#${context.sourcePointer ?? ''}${visited.pointer}`;
      if (this.counter.count(visited.type, key) && this.counter.size >= this.maxObjects) this.cut = true;
      if (visited.id === undefined) continue;
      if (!this.known.has(visited.id)) this.known.set(visited.id, visited.type);
      if (!visited.embedded && context.fetchedFrom === undefined) this.resolved.set(visited.id, visited.type);
      if (visited.embedded && !this.embeddedIds.has(visited.id)) {
        this.embeddedIds.set(visited.id, { type: visited.type, at: inspection.id ?? context.sourceUrl ?? '', path: visited.pointer });
      }
      if (visited.type === 'File' && !visited.deleted && !this.files.has(visited.id)) this.files.set(visited.id, visited.object);
    }
    for (const reference of inspection.references) {
      let byTarget = this.references.get(reference.url);
      if (!byTarget) this.references.set(reference.url, (byTarget = new Map()));
      const uses = byTarget.get(reference.target);
      if (uses) uses.push(reference);
      else byTarget.set(reference.target, [reference]);
    }
    for (const list of inspection.lists) this.startList(list);
  }

  private startList(list: ListUse): void {
    if (this.lists.has(list.url)) return;
    this.lists.add(list.url);
    if (this.cut) {
      this.incompleteLists += 1;
      return;
    }
    // The standard requires the filters on every external list; probing those of System and Body is
    // enough to see whether a server implements them (Organization.meeting lists can be many).
    const topLevel = list.ownerType === 'System' || list.ownerType === 'Body';
    this.spawn(() => this.crawlList(list, topLevel));
  }

  async start(): Promise<void> {
    const system = await this.fetchDocument(this.systemUrl, 'System');
    if (!system) {
      this.notes.push('The System object could not be fetched, so nothing else was checked.');
      return;
    }
    this.systemFetched = true;
    if (isJsonObject(system.json) && typeof system.json.oparlVersion === 'string') {
      this.oparlVersion = system.json.oparlVersion;
      if (system.json.oparlVersion !== 'https://schema.oparl.org/1.1/') {
        this.notes.push(`The System states oparlVersion ${system.json.oparlVersion}; this validator checks OParl 1.1.`);
      }
    }
    this.spawn(() => this.probeErrorAnswer());
    this.processObject(system.json, { expectedType: 'System', sourceUrl: system.url, fetchedFrom: system.url });
    await this.drain();
  }

  /** Follows one external list from its first page to its last. */
  private async crawlList(list: ListUse, topLevel: boolean): Promise<void> {
    const { itemType } = list;
    const filteredByModified = new URL(list.url).searchParams.has('modified_since');
    const pagesSeen = new Set<string>();
    const ids = new Set<string>();
    const elementsPerPage: Array<number | undefined> = [];
    const firstPage: FirstPageObject[] = [];
    const totalElements = new Set<number>();
    let items = 0;
    let complete = false;
    let pageUrl: string | undefined = list.url;

    for (let pageIndex = 0; pageUrl !== undefined; pageIndex += 1) {
      if (this.cut) break;
      if (pagesSeen.has(pageUrl)) {
        this.add({ severity: 'error', rule: 'list-next-loop', objectType: itemType, url: pageUrl, message: `links.next leads back to a page of this list already fetched (${list.url}).` });
        break;
      }
      pagesSeen.add(pageUrl);
      const document = await this.fetchDocument(pageUrl, itemType);
      if (!document) break;
      const { page, findings } = inspectListPage(document.json, document.url, itemType);
      this.findings.addAll(findings);
      if (page.self !== undefined && page.self !== document.url) {
        this.add({ severity: 'warning', rule: 'list-self', objectType: itemType, url: document.url, path: '/links/self', message: `links.self is ${page.self}, but the page was fetched from ${document.url}.` });
      }
      elementsPerPage.push(page.elementsPerPage);
      if (page.totalElements !== undefined) totalElements.add(page.totalElements);

      for (const [index, item] of (page.data ?? []).entries()) {
        if (this.cut) break;
        const id = isJsonObject(item) && typeof item.id === 'string' ? item.id : undefined;
        const deleted = isJsonObject(item) && item.deleted === true;
        if (id !== undefined) {
          if (ids.has(id)) {
            this.add({ severity: 'error', rule: 'list-duplicate', objectType: itemType, url: document.url, path: pointerOf('', 'data', index), message: `${id} appears twice in the list ${list.url}; the order of a list must be stable.` });
          }
          ids.add(id);
          if (pageIndex === 0 && !deleted) firstPage.push({ id, created: timestampOf(item, 'created'), modified: timestampOf(item, 'modified') });
        }
        if (deleted && !filteredByModified) {
          this.add({ severity: 'error', rule: 'list-deleted-unfiltered', objectType: itemType, url: document.url, path: pointerOf('', 'data', index), message: `${id ?? 'An object'} is deleted; deleted objects belong only in lists fetched with modified_since.` });
        }
        items += 1;
        this.processObject(item, { expectedType: itemType, sourceUrl: document.url, sourcePointer: pointerOf('', 'data', index) });
      }
      if (this.cut) break;

      if (page.next === undefined) {
        // The page numbers tell best; links.last only when they are missing (its URL may differ in form, e.g. ?page=1).
        const { currentPage, totalPages } = page;
        const counted = currentPage !== undefined && totalPages !== undefined;
        const notLastByCount = currentPage !== undefined && totalPages !== undefined && currentPage < totalPages;
        const notLastByLink = !counted && page.last !== undefined && page.last !== document.url && page.last !== page.self;
        if (page.data !== undefined && (notLastByCount || notLastByLink)) {
          this.add({
            severity: 'error',
            rule: 'list-next-missing',
            objectType: itemType,
            url: document.url,
            path: '/links',
            message: `links.next is missing, but this is not the last page (${notLastByCount ? `page ${page.currentPage} of ${page.totalPages}` : `links.last is ${page.last}`}).`,
          });
        } else if (page.data !== undefined) {
          complete = true;
        }
      }
      pageUrl = page.next;
    }

    if (!complete) this.incompleteLists += 1;
    const beforeLast = elementsPerPage.slice(0, complete ? -1 : elementsPerPage.length);
    const sizes = new Set(beforeLast.filter((size) => size !== undefined));
    if (sizes.size > 1) {
      this.add({ severity: 'error', rule: 'list-elements-per-page', objectType: itemType, url: list.url, path: '/pagination/elementsPerPage', message: `elementsPerPage differs between pages of the list (${[...sizes].join(', ')}); it must be the same on all pages but the last.` });
    }
    if (complete && [...totalElements].some((total) => total !== items)) {
      this.add({ severity: 'warning', rule: 'list-total-elements', objectType: itemType, url: list.url, path: '/pagination/totalElements', message: `totalElements is ${[...totalElements].join(', then ')}, but the list held ${objects(items)} (it may have changed while it was crawled).` });
    }
    if (topLevel) {
      await this.checkFirstItemResolves(list, firstPage[0]?.id);
      await this.probeFilters(list, firstPage);
    }
  }

  /** A list item's id must lead to the object: one sample per list. */
  private async checkFirstItemResolves(list: ListUse, id: string | undefined): Promise<void> {
    if (id === undefined || !isAbsoluteHttpUrl(id) || this.cut) return;
    const fetched = await this.fetchJson(id, list.itemType);
    this.attempted.add(id);
    if (!fetched.ok || fetched.status !== 200 || !fetched.parsed) {
      const reason = !fetched.ok ? fetched.error : fetched.status !== 200 ? `HTTP ${fetched.status}` : 'no JSON';
      this.add({ severity: 'error', rule: 'id-unresolved', objectType: list.itemType, url: id, message: `The id of this object from the list ${list.url} does not lead to it (${reason}).` });
      return;
    }
    const json = fetched.json;
    if (!isJsonObject(json) || json.id !== fetched.url) {
      this.add({ severity: 'error', rule: 'id-canonical', objectType: list.itemType, url: fetched.url, path: '/id', message: `The object fetched from ${fetched.url} has the id ${JSON.stringify(isJsonObject(json) ? json.id : undefined)}; the id must be the object's one canonical URL.` });
    }
    if (!isJsonObject(json) || typeNameOf(json.type) !== list.itemType) {
      this.add({ severity: 'error', rule: 'object-type', objectType: list.itemType, url: fetched.url, path: '/type', message: `Fetched on its own, the object has the type ${JSON.stringify(isJsonObject(json) ? json.type : undefined)}, expected ${list.itemType}.` });
    }
  }

  /**
   * The filters created_since, created_until, modified_since, modified_until, on a list's first page.
   * The bounds come from the data itself (real systems hold objects "created" in 1970 and earlier): a
   * bound just before the oldest object of the unfiltered first page must leave all of them out, a
   * bound at it must bring all of them in, and every object a filtered page returns must match.
   */
  private async probeFilters(list: ListUse, firstPage: FirstPageObject[]): Promise<void> {
    const { itemType } = list;
    const withParameter = (name: string, value: string) => {
      const url = new URL(list.url);
      url.searchParams.set(name, value);
      return url.href;
    };
    const future = new Date(Date.now() + 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const filterPage = async (rule: string, url: string) => {
      const fetched = await this.fetchJson(url, itemType);
      const fail = (message: string) => this.add({ severity: 'error', rule, objectType: itemType, url, message });
      if (!fetched.ok) return fail(`The filtered list could not be fetched: ${fetched.error}.`);
      if (fetched.status !== 200) return fail(`The filtered list answered HTTP ${fetched.status}; every external list must support this filter.`);
      if (!fetched.parsed) return undefined;
      const { page } = inspectListPage(fetched.json, fetched.url, itemType);
      if (page.data === undefined) return fail('The filtered list did not answer with a list page (data, pagination, links).');
      return page;
    };
    const oldest = (field: 'created' | 'modified') => {
      const times = firstPage.map((o) => o[field]).filter((t): t is number => t !== undefined);
      return times.length > 0 ? Math.min(...times) : undefined;
    };
    const iso = (time: number) => new Date(time).toISOString();

    // Bounds no object can pass: nothing is created after tomorrow, nothing before the oldest object seen, less a second.
    const createdBefore = oldest('created');
    const modifiedBefore = oldest('modified');
    const exclusionProbes: Array<[rule: string, field: 'created' | 'modified', name: string, value: string, passes: (time: number) => boolean]> = [
      ['filter-created-since', 'created', 'created_since', future, (time) => time >= Date.parse(future)],
      ...(createdBefore !== undefined ? [['filter-created-until', 'created', 'created_until', iso(createdBefore - 1000), (time: number) => time <= createdBefore - 1000] as [string, 'created', string, string, (time: number) => boolean]] : []),
      ...(modifiedBefore !== undefined ? [['filter-modified-until', 'modified', 'modified_until', iso(modifiedBefore - 1000), (time: number) => time <= modifiedBefore - 1000] as [string, 'modified', string, string, (time: number) => boolean]] : []),
    ];
    for (const [rule, field, name, value, passes] of exclusionProbes) {
      const url = withParameter(name, value);
      const page = await filterPage(rule, url);
      if (!page || page.data === undefined) continue;
      const excluded = new Set(firstPage.map((o) => o.id));
      const wrong = page.data.filter((item) => {
        if (!isJsonObject(item)) return false;
        if (typeof item.id === 'string' && excluded.has(item.id)) return true;
        const time = timestampOf(item, field);
        return time !== undefined && !passes(time);
      });
      if (wrong.length > 0) {
        const first = wrong[0];
        const example = isJsonObject(first) && typeof first.id === 'string' ? ` (e.g. ${first.id})` : '';
        this.add({ severity: 'error', rule, objectType: itemType, url, message: `With ${name}=${value} the list returned ${objects(wrong.length)} on its first page whose ${field} does not match${example}; the filter is ignored.` });
      }
    }

    // modified_since at the oldest modification seen: every object of the unfiltered first page (deleted ones may come too).
    const since = modifiedBefore !== undefined ? iso(modifiedBefore) : farPast;
    const wanted = new Set(firstPage.map((o) => o.id));
    const filteredUrl = withParameter('modified_since', since);
    let url: string | undefined = filteredUrl;
    let reachedEnd = false;
    let nextChecked = false;
    for (let pages = 0; url !== undefined && pages < maxFilterProbePages; pages += 1) {
      const page = await filterPage('filter-modified-since', url);
      if (!page) return;
      for (const item of page.data ?? []) {
        if (!isJsonObject(item)) continue;
        if (typeof item.id === 'string') wanted.delete(item.id);
        const time = timestampOf(item, 'modified');
        if (time !== undefined && time < Date.parse(since)) {
          this.add({ severity: 'error', rule: 'filter-modified-since', objectType: itemType, url, message: `With modified_since=${since} the list returned ${String(item.id)}, modified ${String(item.modified)}.` });
        }
      }
      if (page.next !== undefined && !nextChecked) {
        nextChecked = true;
        const kept = new URL(page.next).searchParams.get('modified_since');
        if (kept === null || Date.parse(kept) !== Date.parse(since)) {
          this.add({ severity: 'error', rule: 'filter-next-link', objectType: itemType, url, path: '/links/next', message: `links.next of a filtered list must keep the filter (modified_since=${since}), got ${page.next}.` });
        }
      }
      if (page.next === undefined) reachedEnd = true;
      if (wanted.size === 0) break;
      url = page.next;
    }
    if (wanted.size > 0 && reachedEnd) {
      const missing = [...wanted];
      this.add({ severity: 'error', rule: 'filter-modified-since', objectType: itemType, url: filteredUrl, message: `With modified_since=${since} the list must hold every object modified since, but ${missing.length} of the unfiltered first page are missing (e.g. ${missing[0]}).` });
    } else if (wanted.size > 0) {
      this.notes.push(`${list.url}: the modified_since probe stopped after ${maxFilterProbePages} pages without finding all objects of the unfiltered first page.`);
    }

    // An invalid filter value should be refused with a 4xx status and an Error object.
    const invalidUrl = withParameter('modified_since', 'not-a-date');
    const invalid = await this.fetchJson(invalidUrl, 'Error');
    if (!invalid.ok) {
      this.add({ severity: 'warning', rule: 'filter-invalid-value', objectType: itemType, url: invalidUrl, message: `The request failed: ${invalid.error}.` });
    } else if (invalid.status < 400 || invalid.status > 499) {
      this.add({ severity: 'warning', rule: 'filter-invalid-value', objectType: itemType, url: invalidUrl, message: `An invalid modified_since value should be refused with a 4xx status (e.g. 400) and an Error object, got HTTP ${invalid.status}.` });
    } else if (!isErrorObject(invalid.json)) {
      this.add({ severity: 'warning', rule: 'filter-invalid-value', objectType: itemType, url: invalidUrl, message: `The ${invalid.status} answer to an invalid modified_since value should be an OParl Error object ({"type": "https://schema.oparl.org/1.1/Error", "message": …}).` });
    }
  }

  /** A URL that cannot exist should answer 404 with an Error object. */
  private async probeErrorAnswer(): Promise<void> {
    const url = new URL(this.systemUrl);
    url.pathname = `${url.pathname.replace(/\/$/, '')}/does-not-exist-${randomBytes(6).toString('hex')}`;
    const fetched = await this.fetchJson(url.href, 'Error');
    if (!fetched.ok) {
      this.add({ severity: 'warning', rule: 'error-status', objectType: 'Error', url: url.href, message: `The request failed: ${fetched.error}.` });
      return;
    }
    if (fetched.status !== 404) {
      this.add({ severity: 'warning', rule: 'error-status', objectType: 'Error', url: url.href, message: `A URL that cannot exist should answer HTTP 404, got ${fetched.status}.` });
    }
    if (fetched.status >= 400 && !isErrorObject(fetched.json)) {
      this.add({ severity: 'warning', rule: 'error-object', objectType: 'Error', url: url.href, message: 'An error answer should be an OParl Error object ({"type": "https://schema.oparl.org/1.1/Error", "message": …}).' });
    }
  }

  /**
   * Every referenced URL must lead to an object of the referenced type, and every embedded object's id to
   * that object. What no list held is fetched; fetched objects are checked and may reference more.
   */
  async resolveReferences(): Promise<void> {
    let skipped = 0;
    for (;;) {
      const pending = new Map<string, string>();
      for (const [url, byTarget] of this.references) {
        const knownType = this.known.get(url) ?? this.resolved.get(url);
        if (knownType !== undefined) {
          for (const [target, uses] of byTarget) if (knownType !== target) this.referenceTypeFindings(uses, target, knownType);
          this.references.delete(url);
        } else if (!this.attempted.has(url)) {
          pending.set(url, byTarget.keys().next().value!);
        }
      }
      for (const [id, entry] of this.embeddedIds) {
        if (this.resolved.has(id)) this.embeddedIds.delete(id);
        else if (!this.attempted.has(id) && !pending.has(id)) pending.set(id, entry.type);
      }
      if (pending.size === 0) break;
      if (this.cut) {
        skipped += pending.size;
        break;
      }
      const batch = [...pending].slice(0, Math.max(0, this.maxReferenceFetches - this.referenceFetches));
      skipped += pending.size - batch.length;
      if (batch.length === 0) break;
      this.referenceFetches += batch.length;
      for (const [url] of batch) this.attempted.add(url);
      await Promise.all(batch.map(([url, type]) => this.fetchReferenced(url, type)));
      // What could not be fetched at all is reported here, once per place that refers to it.
      for (const [url] of batch) {
        if (this.resolved.has(url)) continue;
        const reason = this.failures.get(url) ?? 'no object';
        for (const [target, uses] of this.references.get(url) ?? []) {
          for (const use of uses) {
            this.add({ severity: 'error', rule: 'reference-unresolved', objectType: use.fromType, url: use.at, path: use.path, message: `${url} should lead to ${article(target)}, but it does not (${reason}).` });
          }
        }
        this.references.delete(url);
        const embedded = this.embeddedIds.get(url);
        if (embedded) {
          this.add({ severity: 'error', rule: 'id-unresolved', objectType: embedded.type, url: embedded.at, path: embedded.path, message: `The id ${url} of this embedded ${embedded.type} does not lead to it (${reason}).` });
          this.embeddedIds.delete(url);
        }
      }
    }
    if (skipped > 0) {
      this.notes.push(`${skipped} referenced or embedded URLs not seen in any list were not fetched (${this.cut ? 'the crawl was cut' : 'maxReferenceFetches'}).`);
    }
  }

  private async fetchReferenced(url: string, expectedType: string): Promise<void> {
    const fetched = await this.fetchJson(url, expectedType);
    if (!fetched.ok) return void this.failures.set(url, fetched.error);
    if (fetched.status !== 200) return void this.failures.set(url, `HTTP ${fetched.status}`);
    if (!fetched.parsed || !isJsonObject(fetched.json)) return void this.failures.set(url, 'not a JSON object');
    const type = anyVersionTypeNameOf(fetched.json.type);
    if (type === undefined) return void this.failures.set(url, `an object of type ${JSON.stringify(fetched.json.type)}`);
    this.resolved.set(url, type);
    if (!this.known.has(url)) this.known.set(url, type);
    const entry = this.embeddedIds.get(url);
    if (entry && entry.type !== type) {
      this.add({ severity: 'error', rule: 'id-unresolved', objectType: entry.type, url: entry.at, path: entry.path, message: `The id ${url} of this embedded ${entry.type} leads to ${article(type)}.` });
    }
    // Objects of other servers (e.g. System.otherOparlVersions) are not this endpoint's to validate.
    if (this.sameOrigin(fetched.url)) this.processObject(fetched.json, { sourceUrl: fetched.url, fetchedFrom: fetched.url });
    await this.drain();
  }

  private referenceTypeFindings(uses: ReferenceUse[], target: string, actual: string): void {
    for (const use of uses) {
      this.add({ severity: 'error', rule: 'reference-type', objectType: use.fromType, url: use.at, path: use.path, message: `${use.url} is ${article(actual)}, but ${article(target)} is expected here.` });
    }
  }

  async checkFiles(): Promise<void> {
    const files = [...this.files.values()];
    if (this.filePolicy === 'none') {
      this.filesSkipped = files.length;
      return;
    }
    const mayFetch = (url: string) => this.filePolicy === 'all' || this.sameOrigin(url);
    const results = await Promise.all(files.map((file) => checkFile(this.http, file, mayFetch)));
    for (const result of results) {
      this.findings.addAll(result.findings);
      if (result.checked) this.filesChecked += 1;
      else this.filesSkipped += 1;
    }
    if (this.filesSkipped > 0 && this.filePolicy === 'same-origin') {
      this.notes.push(`${this.filesSkipped} files on other servers than ${this.systemOrigin} were not fetched (checkFiles: 'all' fetches them).`);
    }
  }

  report(): ValidationReport {
    if (this.cut) this.notes.unshift(`The crawl was cut after ${this.maxObjects} objects (maxObjects); lists, references and totals are not complete.`);
    else if (this.incompleteLists > 0) this.notes.unshift(`${this.incompleteLists} lists could not be followed to their end (see the findings).`);
    if (this.filePolicy === 'none' && this.filesSkipped > 0) this.notes.push(`${this.filesSkipped} files were not fetched (checkFiles: 'none').`);
    const input: Parameters<typeof buildReport>[0] = {
      start: this.systemUrl,
      complete: this.systemFetched && !this.cut && this.incompleteLists === 0,
      requests: this.http.requests,
      counter: this.counter,
      findings: this.findings.findings,
      filesChecked: this.filesChecked,
      filesSkipped: this.filesSkipped,
      notes: this.notes,
    };
    if (this.oparlVersion !== undefined) input.oparlVersion = this.oparlVersion;
    return buildReport(input);
  }
}

/** Crawls an OParl endpoint from the URL of its System object and checks it against OParl 1.1. */
export async function validateEndpoint(systemUrl: string, options: ValidateOptions = {}): Promise<ValidationReport> {
  if (!isAbsoluteHttpUrl(systemUrl)) throw new TypeError(`Not an http(s) URL: ${systemUrl}`);
  const crawl = new Crawl(systemUrl, options);
  await crawl.start();
  await crawl.resolveReferences();
  await crawl.checkFiles();
  return crawl.report();
}
