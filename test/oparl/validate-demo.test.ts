import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEndpoint, type ValidationReport } from '../../src/oparl/validator/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { injectFetch } from '../support/inject-fetch.js';
import { freePort } from '../support/server-process.js';

/** Beirat's own API against the standard: the validator crawls the demo city from its System object. */

let t: TestApp;
let port: number;
let report: ValidationReport;

beforeAll(async () => {
  port = await freePort();
  t = await createTestApp({ baseUrl: `http://127.0.0.1:${port}` });
  await t.app.listen({ port, host: '127.0.0.1' });
  report = await validateEndpoint(`${t.config.baseUrl}/oparl/v1.1/system`, { fetch: injectFetch(t.app, t.config.baseUrl) });
}, 180_000);
afterAll(async () => t?.close());

describe('the validator on the demo city', () => {
  it('reports 0 errors and 0 warnings for every object reachable from the System, with every list crawled to its end', () => {
    expect(report.findings.slice(0, 10)).toEqual([]);
    expect(report.complete).toBe(true);
    expect(report.byType.Meeting!.objects).toBeGreaterThan(150);
    expect(report.byType.AgendaItem!.objects).toBeGreaterThan(1000);
    for (const type of ['System', 'Body', 'LegislativeTerm', 'Organization', 'Person', 'Membership', 'Paper', 'Consultation', 'File', 'Location']) {
      expect(report.byType[type]?.objects, type).toBeGreaterThan(0);
    }
    // Every file is Beirat's own, so every one was downloaded and checked.
    expect(report.filesChecked).toBe(report.byType.File!.objects);
    expect(report.filesSkipped).toBe(0);
  });

  it('as `npm run beirat -- oparl:validate <url>` over HTTP: exit code 0 and the report', async () => {
    // Not spawnSync: the app answering the requests runs in this very process.
    const result = await promisify(execFile)(path.resolve('node_modules/.bin/tsx'), ['src/cli.ts', 'oparl:validate', `${t.config.baseUrl}/oparl/v1.1/system`], { encoding: 'utf8', timeout: 150_000 });
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.stdout).toMatch(/^Total\s+\d+\s+0\s+0$/m);
    expect(result.stdout).toContain('0 errors, 0 warnings');
    expect(result.stdout).toContain('validation complete');
  }, 180_000);

  it('flags the standard’s own example Meeting-01.json: its embedded agenda item lacks order', () => {
    const result = spawnSync(path.resolve('node_modules/.bin/tsx'), ['src/cli.ts', 'oparl:validate', 'test/oparl/fixtures/Meeting-01.json'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('/agendaItem/0');
    expect(result.stdout).toContain("must have required property 'order'");
  }, 90_000);
});
