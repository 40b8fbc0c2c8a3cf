import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/infra/paths.js';
import { runValidateCommand } from '../../src/oparl/validator/command.js';
import { formatReport, validateEndpoint, validateJsonFile, validateObject, type Finding, type ValidationReport } from '../../src/oparl/validator/index.js';
import { isDate, isDateTime, oparlStandard } from '../../src/oparl/validator/schemas.js';
import { buildFixtureData, expectedCounts, startFixtureServer, type FixtureOptions, type FixtureServer, type JsonObject } from './fixtures/oparl-server.js';

/**
 * The OParl validator against a synthetic endpoint on node:http: a correct data set passes without any
 * finding, and each rule fails when the data set or the server breaks it (one variant per rule).
 */

const meetingExample = path.join(projectRoot, 'test', 'oparl', 'fixtures', 'Meeting-01.json');

async function withServer<T>(options: FixtureOptions, run: (server: FixtureServer) => Promise<T>): Promise<T> {
  const server = await startFixtureServer(options);
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

const rulesOf = (report: ValidationReport) => [...new Set(report.findings.map((finding) => finding.rule))].sort();

function captureIo(isTTY = false) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (text: string) => out.push(text), err: (text: string) => err.push(text), isTTY }, out, err };
}

describe('validateEndpoint on a correct endpoint', () => {
  let server: FixtureServer;
  let report: ValidationReport;
  const progress: Array<{ requests: number; objects: number; url: string }> = [];
  let fetchCalls = 0;

  beforeAll(async () => {
    server = await startFixtureServer();
    report = await validateEndpoint(server.systemUrl, {
      fetch: (input, init) => {
        fetchCalls += 1;
        return fetch(input, init);
      },
      onProgress: (step) => progress.push(step),
    });
  });
  afterAll(() => server.close());

  it('reports no findings, a complete crawl and the OParl version', () => {
    expect(report.findings).toEqual([]);
    expect(report.errors).toBe(0);
    expect(report.warnings).toBe(0);
    expect(report.complete).toBe(true);
    expect(report.oparlVersion).toBe('https://schema.oparl.org/1.1/');
    expect(report.start).toBe(server.systemUrl);
    expect(report.notes).toEqual([]);
  });

  it('counts each object once per type, embedded objects included', () => {
    const counts = Object.fromEntries(Object.entries(report.byType).map(([type, summary]) => [type, summary.objects]));
    expect(counts).toEqual(expectedCounts);
    for (const summary of Object.values(report.byType)) expect(summary).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('crawls every list to its end, follows Organization.meeting, probes filters and errors, and fetches the files', () => {
    const paths = new Set(server.requests);
    const bodyPath = '/oparl/v1.1/body/1';
    for (const list of ['organization', 'person', 'meeting', 'paper', 'agendaitem', 'consultation', 'file', 'location', 'legislativeterm', 'membership']) {
      expect(paths, list).toContain(`${bodyPath}/${list}`);
    }
    expect(paths).toContain(`${bodyPath}/agendaitem?page=3`);
    expect(paths).toContain('/oparl/v1.1/organization/1/meeting');
    expect([...paths].some((p) => /^\/oparl\/v1\.1\/body\/1\/paper\?created_since=\d{4}-\d\d-\d\dT\d\d%3A\d\d%3A\d\dZ$/.test(p))).toBe(true);
    // The bounds are taken from the data: just before the oldest object of the first page, or at it.
    for (const filter of ['modified_until', 'created_until', 'modified_since']) {
      expect([...paths].some((p) => new RegExp(`^/oparl/v1\\.1/body/1/paper\\?${filter}=\\d{4}-\\d\\d-\\d\\dT\\d\\d%3A\\d\\d%3A\\d\\d\\.\\d{3}Z$`).test(p)), filter).toBe(true);
    }
    expect(paths).toContain(`${bodyPath}/paper?modified_since=not-a-date`);
    expect([...paths].some((p) => p.startsWith('/oparl/v1.1/system/does-not-exist-'))).toBe(true);
    expect(paths).toContain('/oparl/v1.1/file/1/content');
    expect(paths).toContain('/oparl/v1.1/file/6/download');
    expect(report.filesChecked).toBe(6);
    expect(report.filesSkipped).toBe(0);
  });

  it('uses the injected fetch for every request and reports progress', () => {
    expect(fetchCalls).toBe(report.requests);
    expect(fetchCalls).toBe(server.requests.length);
    expect(progress).toHaveLength(report.requests);
    expect(progress[0]).toEqual({ requests: 1, objects: 0, url: server.systemUrl });
    expect(progress.at(-1)!.objects).toBe(37);
  });

  it('formats a table per type and a summary line', () => {
    const text = formatReport(report);
    expect(text).toContain(`OParl validation of ${server.systemUrl}`);
    expect(text).toMatch(/^Type\s+Objects\s+Errors\s+Warnings$/m);
    expect(text).toMatch(/^AgendaItem\s+6\s+0\s+0$/m);
    expect(text).toMatch(/^Total\s+37\s+0\s+0$/m);
    expect(text).toContain(`0 errors, 0 warnings; 37 objects; ${report.requests} requests; 6 files checked, 0 skipped; validation complete.`);
  });
});

describe('validateEndpoint options', () => {
  it('cuts the crawl at maxObjects and says so', async () => {
    const report = await withServer({}, (server) => validateEndpoint(server.systemUrl, { maxObjects: 10 }));
    expect(report.complete).toBe(false);
    expect(report.notes[0]).toContain('cut after 10 objects');
    // The object that reaches the cap still brings its embedded objects along.
    const objects = Object.values(report.byType).reduce((sum, summary) => sum + summary.objects, 0);
    expect(objects).toBeGreaterThanOrEqual(10);
    expect(objects).toBeLessThan(16);
    expect(formatReport(report)).toContain('validation incomplete.');
  });

  it('fetches no files with checkFiles none, and files of other origins only with all', async () => {
    const none = await withServer({}, (server) => validateEndpoint(server.systemUrl, { checkFiles: 'none' }));
    expect(none).toMatchObject({ filesChecked: 0, filesSkipped: 6, errors: 0 });

    // The accessUrl and downloadUrl of one file are on another origin, which the injected fetch maps onto the server.
    const otherOrigin = 'http://files.example';
    const edit: FixtureOptions['edit'] = (data) => {
      const file = data.files[0]!;
      const origin = new URL(data.base).origin;
      for (const key of ['accessUrl', 'downloadUrl']) file[key] = (file[key] as string).replace(origin, otherOrigin);
    };
    const validate = (server: FixtureServer, checkFiles?: 'all') =>
      validateEndpoint(server.systemUrl, {
        ...(checkFiles ? { checkFiles } : {}),
        fetch: (input, init) => fetch(String(input).replace(otherOrigin, new URL(server.base).origin), init),
      });
    const sameOrigin = await withServer({ edit }, (server) => validate(server));
    expect(sameOrigin).toMatchObject({ filesChecked: 5, filesSkipped: 1, errors: 0 });
    expect(sameOrigin.notes.join('\n')).toContain('1 files on other servers');
    const all = await withServer({ edit }, (server) => validate(server, 'all'));
    expect(all).toMatchObject({ filesChecked: 6, filesSkipped: 0, errors: 0 });
  });

  it('reports an endpoint that cannot be reached instead of throwing', async () => {
    const report = await validateEndpoint('http://127.0.0.1:9/oparl/system', {
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    expect(report.complete).toBe(false);
    expect(report.findings).toEqual([expect.objectContaining({ rule: 'network', severity: 'error', objectType: 'System' })]);
    expect(report.findings[0]!.message).toContain('after 3 attempts');
  });

  it('gives up on a request after timeoutMs', async () => {
    const report = await validateEndpoint('http://oparl.test/system', {
      fetch: () => new Promise<Response>(() => {}),
      timeoutMs: 50,
    });
    expect(report.findings[0]).toMatchObject({ rule: 'network' });
    expect(report.findings[0]!.message).toContain('within 50 ms');
  });
});

interface Variant {
  name: string;
  options: FixtureOptions;
  /** A finding the report must hold; `{base}` in its url stands for the server's base URL. */
  expected: Partial<Finding> & { rule: string };
  /** No other rule may fail. */
  only?: boolean;
}

const clone = (object: JsonObject): JsonObject => JSON.parse(JSON.stringify(object)) as JsonObject;

const variants: Variant[] = [
  { name: 'the CORS header is missing', options: { cors: false }, expected: { rule: 'cors-origin', severity: 'error', objectType: 'System', url: '{base}/system' } },
  {
    name: 'a JSON response is sent as text/html',
    options: { respond: (url, response) => void (url.pathname.endsWith('/body/1/person') && (response.headers['content-type'] = 'text/html; charset=utf-8')) },
    expected: { rule: 'content-type', severity: 'error', objectType: 'Person', url: '{base}/body/1/person' },
    only: true,
  },
  {
    name: 'a JSON response declares another charset',
    options: { respond: (url, response) => void (url.pathname.endsWith('/meeting/1') && (response.headers['content-type'] = 'application/json; charset=iso-8859-1')) },
    expected: { rule: 'content-type', severity: 'error', url: '{base}/meeting/1' },
    only: true,
  },
  {
    name: 'Access-Control-Allow-Methods leaves out GET',
    options: { respond: (url, response) => void (url.pathname.endsWith('/system') && (response.headers['access-control-allow-methods'] = 'POST, OPTIONS')) },
    expected: { rule: 'cors-methods', severity: 'error', url: '{base}/system' },
    only: true,
  },
  {
    name: 'a response starts with a byte order mark',
    options: { respond: (url, response) => void (url.pathname.endsWith('/body/1/location') && (response.bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), response.bytes]))) },
    expected: { rule: 'utf8-bom', severity: 'error', url: '{base}/body/1/location' },
    only: true,
  },
  {
    name: 'a list page is not valid JSON',
    options: { respond: (url, response) => void (url.pathname.endsWith('/body/1/consultation') && url.search === '' && (response.bytes = response.bytes.subarray(0, 40))) },
    expected: { rule: 'json-syntax', severity: 'error', url: '{base}/body/1/consultation' },
  },
  {
    name: 'links.next is missing on a page that is not the last',
    options: {
      rewrite: (url, body) => {
        if (url.pathname.endsWith('/body/1/organization') && url.search === '') delete (body.links as JsonObject).next;
      },
    },
    expected: { rule: 'list-next-missing', severity: 'error', url: '{base}/body/1/organization' },
    only: true,
  },
  { name: 'a property is null', options: { edit: (data) => void (data.persons[0]!.affix = null) }, expected: { rule: 'null-value', severity: 'error', url: '{base}/person/1', path: '/affix' }, only: true },
  { name: 'a string is empty', options: { edit: (data) => void (data.organizations[1]!.shortName = '') }, expected: { rule: 'empty-string', severity: 'error', url: '{base}/organization/2', path: '/shortName' }, only: true },
  { name: 'an optional array is empty', options: { edit: (data) => void (data.persons[2]!.title = []) }, expected: { rule: 'empty-array', severity: 'error', url: '{base}/person/3', path: '/title' }, only: true },
  {
    name: 'an embedded object lacks modified',
    options: {
      edit: (data) => {
        const location = clone(data.locations[1]!);
        delete location.modified;
        data.meetings[0]!.location = location;
      },
    },
    expected: { rule: 'created-modified', severity: 'error', objectType: 'Location', url: '{base}/meeting/1', path: '/location' },
    only: true,
  },
  {
    name: 'an id differs from the URL the object was fetched from',
    options: {
      rewrite: (url, body) => {
        if (url.pathname.endsWith('/system')) body.id = `${body.id as string}/`;
      },
    },
    expected: { rule: 'id-canonical', severity: 'error', objectType: 'System', url: '{base}/system', path: '/id' },
    only: true,
  },
  { name: 'a deleted object is in a list without modified_since', options: { deletedInUnfilteredLists: true }, expected: { rule: 'list-deleted-unfiltered', severity: 'error', objectType: 'Paper' }, only: true },
  { name: 'created_since is ignored', options: { ignoreFilters: ['created_since'] }, expected: { rule: 'filter-created-since', severity: 'error', objectType: 'Paper' }, only: true },
  { name: 'modified_until is ignored', options: { ignoreFilters: ['modified_until'] }, expected: { rule: 'filter-modified-until', severity: 'error' }, only: true },
  {
    name: 'modified_since drops objects',
    options: { rewrite: (url, body) => void (url.searchParams.has('modified_since') && Array.isArray(body.data) && (body.data = body.data.slice(1))) },
    expected: { rule: 'filter-modified-since', severity: 'error' },
    only: true,
  },
  {
    name: 'links.next of a filtered list loses the filter',
    options: {
      rewrite: (url, body) => {
        const links = body.links as JsonObject | undefined;
        if (links?.next && url.searchParams.has('modified_since')) links.next = (links.next as string).replace(/modified_since=[^&]*&?/, '');
      },
    },
    expected: { rule: 'filter-next-link', severity: 'error', path: '/links/next' },
    only: true,
  },
  {
    name: 'an invalid filter value is not refused',
    options: { rewrite: (url, body) => void (url.searchParams.get('modified_since') === 'not-a-date' && (body.type = 'about:blank')) },
    expected: { rule: 'filter-invalid-value', severity: 'warning' },
    only: true,
  },
  {
    name: 'a reference leads to a 404',
    options: { edit: (data) => void (data.meetings[0]!.participant as string[]).push(`${data.base}/person/999`) },
    expected: { rule: 'reference-unresolved', severity: 'error', objectType: 'Meeting', url: '{base}/meeting/1', path: '/participant/2' },
    only: true,
  },
  {
    name: 'a reference leads to an object of another type',
    options: { edit: (data) => void (data.meetings[0]!.participant as string[]).push(`${data.base}/organization/1`) },
    expected: { rule: 'reference-type', severity: 'error', url: '{base}/meeting/1', path: '/participant/2' },
    only: true,
  },
  {
    name: "an embedded object's id leads nowhere",
    options: { edit: (data) => void (data.meetings[0]!.location = { ...data.locations[1]!, id: `${data.base}/location/99` }) },
    expected: { rule: 'id-unresolved', severity: 'error', objectType: 'Location', url: '{base}/meeting/1', path: '/location' },
    only: true,
  },
  { name: 'the downloadUrl is not sent as an attachment', options: { downloadAttachment: false }, expected: { rule: 'file-download-disposition', severity: 'error', objectType: 'File', path: '/downloadUrl' }, only: true },
  {
    name: 'the sha512Checksum is wrong',
    options: { edit: (data) => void (data.files[0]!.sha512Checksum = 'ab'.repeat(64)) },
    expected: { rule: 'file-sha512', severity: 'error', url: '{base}/file/1', path: '/sha512Checksum' },
    only: true,
  },
  {
    name: 'the size is wrong',
    options: { edit: (data) => void (data.files[3]!.size = 1) },
    expected: { rule: 'file-size', severity: 'error', url: '{base}/file/4', path: '/size' },
    only: true,
  },
  {
    name: 'an embedded agenda item lacks order',
    options: {
      edit: (data) => {
        const items = data.meetings[1]!.agendaItem as JsonObject[];
        const item = clone(items[0]!);
        delete item.order;
        items[0] = item;
      },
    },
    expected: { rule: 'json-schema', severity: 'error', objectType: 'AgendaItem', url: '{base}/meeting/2', path: '/agendaItem/0', message: "must have required property 'order'" },
    only: true,
  },
  {
    name: 'an id appears twice in a list',
    options: {
      rewrite: (url, body) => {
        if (url.pathname.endsWith('/body/1/person') && url.searchParams.get('page') === '2') (body.data as JsonObject[]).push({ ...(body.data as JsonObject[])[0]!, id: url.href.replace(/\/body\/1\/person.*/, '/person/1') });
      },
    },
    expected: { rule: 'list-duplicate', severity: 'error' },
  },
  {
    name: 'elementsPerPage changes between pages',
    options: { rewrite: (url, body) => void (url.pathname.endsWith('/body/1/agendaitem') && url.searchParams.get('page') === '2' && ((body.pagination as JsonObject).elementsPerPage = 3)) },
    expected: { rule: 'list-elements-per-page', severity: 'error' },
    only: true,
  },
  {
    name: 'totalElements does not match the list',
    options: { rewrite: (url, body) => void (url.pathname.endsWith('/body/1/file') && url.search === '' && ((body.pagination as JsonObject).totalElements = 99)) },
    expected: { rule: 'list-total-elements', severity: 'warning' },
    only: true,
  },
  {
    name: 'links.self is not the URL of the page',
    options: { rewrite: (url, body) => void (url.pathname.endsWith('/body/1/membership') && url.search === '' && ((body.links as JsonObject).self = `${url.href}?page=1`)) },
    expected: { rule: 'list-self', severity: 'warning', path: '/links/self' },
    only: true,
  },
  {
    name: 'a missing URL does not answer 404 with an Error object',
    options: { rewrite: (url, body) => void (url.pathname.includes('/does-not-exist-') && delete body.type) },
    expected: { rule: 'error-object', severity: 'warning', objectType: 'Error' },
    only: true,
  },
  {
    name: 'modified is before created',
    options: { edit: (data) => void (data.papers[0]!.modified = '2023-12-31T23:00:00Z') },
    expected: { rule: 'modified-before-created', severity: 'warning', url: '{base}/paper/1', path: '/modified' },
    only: true,
  },
];

describe('validateEndpoint breaks one rule at a time', () => {
  it.each(variants)('$expected.rule: $name', async ({ options, expected, only }) => {
    await withServer(options, async (server) => {
      const report = await validateEndpoint(server.systemUrl);
      const wanted = { ...expected, ...(expected.url ? { url: expected.url.replace('{base}', server.base) } : {}) };
      expect(report.findings).toContainEqual(expect.objectContaining(wanted));
      if (only) expect(rulesOf(report)).toEqual([expected.rule]);
      if (expected.severity === 'error') expect(report.errors).toBeGreaterThan(0);
      else expect(report.errors).toBe(0);
      const summary = report.byType[report.findings[0]!.objectType]!;
      expect(summary.errors + summary.warnings).toBeGreaterThan(0);
    });
  });
});

describe('validateObject and validateJsonFile', () => {
  const data = buildFixtureData('https://oparl.example.org/oparl');

  it('finds nothing wrong with the objects of the correct data set', () => {
    for (const object of [data.system, data.body, ...data.meetings, ...data.papers, ...data.persons, ...data.organizations, ...data.files]) {
      expect(validateObject(object), object.id as string).toEqual([]);
    }
    expect(validateObject(data.deletedPapers[0], { expectedType: 'Paper' })).toEqual([]);
  });

  it('checks the type where the object is found, the formats and deleted objects', () => {
    expect(validateObject(data.meetings[0], { expectedType: 'Paper' })).toEqual([
      expect.objectContaining({ rule: 'object-type', objectType: 'Paper', path: '/type' }),
    ]);
    const meeting = { ...clone(data.meetings[0]!), start: '2024-03-03 18:00', end: '2024-03-03T20:00:00', web: '/meeting/1' };
    const findings = validateObject(meeting);
    expect(findings.map((finding) => [finding.rule, finding.path])).toEqual([
      ['json-schema', '/start'],
      ['json-schema', '/end'],
      ['json-schema', '/web'],
    ]);
    expect(findings[0]!.message).toBe('must match format "date-time" (got "2024-03-03 18:00")');
    const deleted = validateObject({ ...data.deletedPapers[0], name: 'Antrag 4' });
    expect(deleted).toEqual([expect.objectContaining({ rule: 'deleted-properties', severity: 'warning' })]);
    expect(validateObject('not an object', { url: 'https://oparl.example.org/x' })).toEqual([
      expect.objectContaining({ rule: 'object-type', url: 'https://oparl.example.org/x' }),
    ]);
    expect(validateObject({ type: 'https://schema.oparl.org/1.1/Location' }, { url: 'https://oparl.example.org/list' })).toContainEqual(
      expect.objectContaining({ rule: 'json-schema', url: 'https://oparl.example.org/list', message: "must have required property 'id'" }),
    );
  });

  it('knows real dates and RFC 3339 date-times', () => {
    expect(isDate('2024-02-29')).toBe(true);
    expect(isDate('2023-02-29')).toBe(false);
    expect(isDate('2024-13-01')).toBe(false);
    expect(isDateTime('2024-02-29T23:59:60Z')).toBe(true);
    expect(isDateTime('2024-02-29T10:00:00.123+01:00')).toBe(true);
    expect(isDateTime('2024-02-29T10:00:00')).toBe(false);
    expect(isDateTime('2024-02-29T24:00:00Z')).toBe(false);
    expect(isDateTime('2024-02-30T10:00:00Z')).toBe(false);
  });

  it('builds the reference table from the schemas', () => {
    const { types } = oparlStandard();
    expect(types.get('Body')!.properties.get('locationList')).toEqual({ kind: 'externalList', itemType: 'Location' });
    expect(types.get('Organization')!.properties.get('meeting')).toEqual({ kind: 'externalList', itemType: 'Meeting' });
    expect(types.get('Meeting')!.properties.get('agendaItem')).toEqual({ kind: 'embedded', itemType: 'AgendaItem', array: true });
    expect(types.get('Meeting')!.properties.get('participant')).toEqual({ kind: 'reference', target: 'Person', array: true });
    expect(types.get('Location')!.properties.get('papers')).toEqual({ kind: 'reference', target: 'Paper', array: true });
    expect(types.get('Body')!.required.has('legislativeTerm')).toBe(true);
  });

  it('reports the embedded agenda item without order in the standard example Meeting-01.json', async () => {
    const report = await validateJsonFile(meetingExample);
    expect(report.findings).toContainEqual({
      severity: 'error',
      rule: 'json-schema',
      objectType: 'AgendaItem',
      url: 'https://oparl.example.org/meeting/281',
      path: '/agendaItem/0',
      message: "must have required property 'order'",
    });
    expect(report.errors).toBe(1);
    expect(report.byType.Meeting).toEqual({ objects: 1, errors: 0, warnings: 0 });
    expect(report.byType.AgendaItem).toEqual({ objects: 1, errors: 1, warnings: 0 });
    // The four File objects share one id: counted once, and not fetched.
    expect(report.byType.File!.objects).toBe(1);
    expect(report.filesSkipped).toBe(1);
  });

  it('validates a list page from a file, and reports a byte order mark and broken JSON', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oparl-validator-'));
    try {
      const page = path.join(dir, 'organizations.json');
      const organizations = [data.organizations[0]!, { ...data.organizations[1]!, name: null }];
      fs.writeFileSync(page, JSON.stringify({ data: organizations, pagination: {}, links: {} }));
      const listReport = await validateJsonFile(page);
      expect(listReport.findings).toEqual([expect.objectContaining({ rule: 'null-value', url: data.organizations[1]!.id, path: '/name' })]);
      expect(listReport.byType.Organization!.objects).toBe(2);

      const bom = path.join(dir, 'bom.json');
      fs.writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(data.system))]));
      expect(rulesOf(await validateJsonFile(bom))).toEqual(['utf8-bom']);

      const broken = path.join(dir, 'broken.json');
      fs.writeFileSync(broken, '{"id": ');
      const brokenReport = await validateJsonFile(broken);
      expect(rulesOf(brokenReport)).toEqual(['json-syntax']);
      expect(brokenReport.complete).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('oparl:validate', () => {
  it('exits 0 for a correct endpoint and prints the report, with progress on stderr', async () => {
    await withServer({}, async (server) => {
      const { io, out, err } = captureIo();
      expect(await runValidateCommand([server.systemUrl, '--concurrency', '2'], io)).toBe(0);
      const text = out.join('');
      expect(text).toMatch(/^Total\s+37\s+0\s+0$/m);
      expect(text).toContain('0 errors, 0 warnings; 37 objects;');
      expect(err.join('')).toMatch(/^1 requests, 0 objects – http:\/\/127\.0\.0\.1:\d+\/oparl\/v1\.1\/system\n/);
    });
  });

  it('rewrites one progress line on a terminal and clears it at the end', async () => {
    await withServer({}, async (server) => {
      const { io, err } = captureIo(true);
      expect(await runValidateCommand([server.systemUrl], io)).toBe(0);
      expect(err[0]).toMatch(/^\r\x1b\[2K1 requests, 0 objects – /);
      expect(err.at(-1)).toBe('\r\x1b[2K');
      expect(err.join('')).not.toContain('\n');
    });
  });

  it('exits 1 for an endpoint with errors and lists the findings by rule', async () => {
    await withServer({ cors: false, downloadAttachment: false }, async (server) => {
      const { io, out } = captureIo();
      expect(await runValidateCommand([server.systemUrl, '--files', 'all'], io)).toBe(1);
      const text = out.join('');
      expect(text).toContain('ERROR cors-origin (');
      expect(text).toContain('The header Access-Control-Allow-Origin: * is missing.');
      expect(text).toContain('ERROR file-download-disposition (6)');
      expect(text).toMatch(/… and \d+ more/);
      expect(text).toMatch(/^System\s+1\s+1\s+0$/m);
    });
  });

  it('prints JSON with --json and honours --max-objects', async () => {
    await withServer({}, async (server) => {
      const { io, out } = captureIo();
      expect(await runValidateCommand([server.systemUrl, '--json', '--max-objects', '5', '--files', 'none'], io)).toBe(0);
      const report = JSON.parse(out.join('')) as ValidationReport;
      expect(report.complete).toBe(false);
      expect(report.errors).toBe(0);
      expect(report.notes[0]).toContain('cut after 5 objects');
    });
  });

  it('validates a file: exit 1 with the agenda item finding', async () => {
    const { io, out } = captureIo();
    expect(await runValidateCommand([meetingExample], io)).toBe(1);
    const text = out.join('');
    expect(text).toContain('ERROR json-schema (1)');
    expect(text).toContain('AgendaItem https://oparl.example.org/meeting/281 /agendaItem/0');
    expect(text).toContain("must have required property 'order'");
    expect(text).toContain('1 error, 0 warnings; 4 objects; 0 requests; 0 files checked, 1 skipped; validation complete.');
  });

  it.each([
    [[], 'Give the URL of a System object or a JSON file.'],
    [['a.json', 'b.json'], 'Give exactly one URL or file.'],
    [['http://oparl.test/system', '--files', 'some'], '--files must be same-origin, all or none'],
    [['http://oparl.test/system', '--max-objects', '0'], '--max-objects must be a positive whole number'],
    [['http://oparl.test/system', '--concurrency', 'two'], '--concurrency must be a positive whole number'],
    [['http://oparl.test/system', '--verbose'], "Unknown option '--verbose'"],
    [['/does/not/exist.json'], 'No such file: /does/not/exist.json'],
    [['ftp://oparl.test/system'], 'Only http and https URLs can be crawled'],
  ])('exits 2 for bad usage: %j', async (args, message) => {
    const { io, out, err } = captureIo();
    expect(await runValidateCommand(args, io)).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('')).toContain(message);
    expect(err.join('')).toContain('Usage: oparl:validate <url-of-system|file.json>');
  });
});
