import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { seedDemoData } from '../src/demo/seed.js';
import { openDatabase, type DatabaseHandle } from '../src/infra/db/database.js';
import { Agent } from './support/agent.js';
import { openTestDatabase } from './support/database.js';

/**
 * The administrators' command line, run as `npm run beirat -- …` runs it, against an embedded data
 * folder (or the test PostgreSQL database when DATABASE_URL is set).
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beirat-cli-'));
let serverUrl: string | undefined;
let keepOpen: DatabaseHandle | undefined;

async function openShared(): Promise<DatabaseHandle> {
  return serverUrl ? openDatabase({ databaseUrl: serverUrl, poolSize: 2 }) : openDatabase({ dataDir });
}

beforeAll(async () => {
  if (process.env.DATABASE_URL) {
    keepOpen = await openTestDatabase();
    serverUrl = (keepOpen as DatabaseHandle & { url: string }).url;
    await seedDemoData(keepOpen.db);
  } else {
    const handle = await openDatabase({ dataDir });
    await handle.migrate();
    await seedDemoData(handle.db);
    await handle.close();
  }
}, 120_000);

afterAll(async () => {
  await keepOpen?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function cli(args: string[], input?: string) {
  const result = spawnSync(path.resolve('node_modules/.bin/tsx'), ['src/cli.ts', ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: serverUrl ?? '', DATA_DIR: dataDir, BASE_URL: '' },
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('npm run beirat', () => {
  it('creates an admin with a password from standard input, who then signs in and must set up TOTP', async () => {
    const created = cli(['user:create', '--email', 'Chefin@Example.org', '--role', 'admin', '--name', 'Chefin', '--password-stdin'], 'a long admin password\n');
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    expect(created.out).toContain('Created user chefin@example.org');

    const database = await openShared();
    try {
      const config = { ...loadConfig({ DATA_DIR: dataDir, BASE_URL: 'http://beirat.test' }), logLevel: 'silent' as const };
      const app = await buildApp({ config, database, logger: false });
      const agent = new Agent(app);
      await agent.get('/admin/anmelden');
      const res = await agent.post('/admin/anmelden', { email: 'chefin@example.org', password: 'a long admin password' });
      expect(res.headers.location).toBe('/admin/konto/zwei-faktor');
      await app.close();
    } finally {
      await database.close();
    }
  });

  it('creates an office user for a council, lists and disables users', () => {
    expect(cli(['user:create', '--email', 'office@example.org', '--role', 'office', '--council', 'herrenhausen-stoecken', '--password-stdin'], 'office password 2026').code).toBe(0);
    const list = cli(['user:list']);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/office@example\.org\toffice@example\.org\toffice\therrenhausen-stoecken\tactive/);
    expect(cli(['user:disable', '--email', 'office@example.org']).code).toBe(0);
    expect(cli(['user:list']).out).toMatch(/office@example\.org.*\tdisabled/);
  });

  it('explains what is wrong instead of failing obscurely', () => {
    const cases: Array<[string[], string | undefined, RegExp]> = [
      [['user:create', '--email', 'x@example.org', '--role', 'office', '--password-stdin'], 'long enough password', /--council is required/],
      [['user:create', '--email', 'x@example.org', '--role', 'office', '--council', 'atlantis', '--password-stdin'], 'long enough password', /no council "atlantis"/],
      [['user:create', '--email', 'not-an-address', '--role', 'admin', '--password-stdin'], 'long enough password', /--email must be an e-mail address/],
      [['user:create', '--email', 'x@example.org', '--role', 'king', '--password-stdin'], 'long enough password', /--role must be admin, office, chair or member/],
      [['user:create', '--email', 'y@example.org', '--role', 'admin', '--password-stdin'], 'short', /12 to 256 characters/],
      [['user:create', '--email', 'chefin@example.org', '--role', 'admin', '--password-stdin'], 'long enough password', /exists already/],
      [['user:disable', '--email', 'nobody@example.org'], undefined, /no user nobody@example\.org/],
      [['user:explode'], undefined, /Unknown command "user:explode"/],
      [['user:create', '--bogus'], undefined, /Unknown option|unknown/i],
    ];
    for (const [args, input, message] of cases) {
      const result = cli(args, input);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.err, args.join(' ')).toMatch(message);
      expect(result.err).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});
