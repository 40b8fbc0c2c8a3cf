import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/infra/db/database.js';
import { aliasFor, recordedFileNames } from '../../src/oparl/importer/source.js';
import { openTestDatabase } from '../support/database.js';
import { huertgenwaldArchive } from '../support/oparl-recording.js';

/** `npm run beirat -- oparl:import`, run as an administrator runs it, on an embedded data folder (or the test PostgreSQL). */

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beirat-import-'));
let database: (DatabaseHandle & { url: string | undefined }) | undefined;

beforeAll(async () => {
  // With PostgreSQL the command works on a database of its own; the embedded one lives in the data folder.
  if (process.env.DATABASE_URL) database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(path.resolve('node_modules/.bin/tsx'), ['src/cli.ts', ...args], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, DATABASE_URL: database?.url ?? '', DATA_DIR: dataDir, BASE_URL: 'https://beirat.example.org' },
    });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout, err: failed.stderr };
  }
}

describe('npm run beirat -- oparl:import', () => {
  it('imports a recording straight from its archive and prints what it read', async () => {
    const first = await cli(['oparl:import', huertgenwaldArchive]);
    expect(first.err).toContain('Reading paper: page 85 of 85');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^Meeting\s+367\s+367\s+0\s+21$/m);
    expect(first.out).toMatch(/^Paper\s+2115\s+2115\s+0\s+18$/m);
    expect(first.out).toMatch(/^Organization\s+22\s+22\s+0\s+0$/m);
    expect(first.out).toMatch(/^Person\s+49\s+49\s+0\s+0$/m);
    expect(first.out).toContain('Every list was read to its end.');
    expect(first.out).toContain('Served at https://beirat.example.org/oparl/v1.1/body');
    // The second, incremental run is in test/oparl/import.test.ts, where its every row is compared.
  }, 240_000);

  it('refuses what it cannot read with a message and the usage', async () => {
    for (const args of [['oparl:import'], ['oparl:import', '/no/such/folder'], ['oparl:import', huertgenwaldArchive, 'extra'], ['oparl:import', '--max-fetch', 'many', huertgenwaldArchive], ['oparl:import', '--colour', huertgenwaldArchive]]) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err, args.join(' ')).toContain('Usage: npm run beirat -- oparl:import');
    }
    const unreachable = await cli(['oparl:import', 'http://127.0.0.1:9/oparl/v1.1/system']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.err).toContain('Cannot import from http://127.0.0.1:9/oparl/v1.1/system');
    const help = await cli(['oparl:import', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('--full');
  }, 120_000);
});

describe('reading sources', () => {
  it('maps the ids of a system read from elsewhere onto the address it is read from', () => {
    expect(aliasFor('https://ris.example.org/rim/webservice/oparl/v1.0/system', 'http://127.0.0.1:4000/system')).toEqual({
      from: 'https://ris.example.org/rim/webservice/oparl/v1.0/',
      to: 'http://127.0.0.1:4000/',
    });
    expect(aliasFor('https://ris.example.org/oparl/v1/system', 'https://mirror.example.net/cache/oparl/v1/system')).toEqual({ from: 'https://ris.example.org/', to: 'https://mirror.example.net/cache/' });
    expect(aliasFor('https://ris.example.org/oparl/system', 'https://ris.example.org/oparl/system')).toBeUndefined();
    expect(aliasFor('not a url', 'https://ris.example.org/oparl/system')).toBeUndefined();
  });

  it('finds a recorded response by path and page; the first page may be recorded without its number', () => {
    expect(recordedFileNames('body/1/paper?page=44')).toEqual(['body/1/paper?page=44.json']);
    expect(recordedFileNames('body/1/paper?page=1')).toEqual(['body/1/paper.json', 'body/1/paper?page=1.json']);
    expect(recordedFileNames('body/1/paper?modified_since=2024-01-01T00%3A00%3A00Z')).toEqual(['body/1/paper.json', 'body/1/paper?page=1.json']);
    expect(recordedFileNames('body/1/person/13')).toEqual(['body/1/person/13.json', 'body/1/person/13?page=1.json']);
  });
});
