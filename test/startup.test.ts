import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Starts Beirat as `npm start` would (from source, through tsx) on an embedded database, then a
 * second one on the same data folder.
 */
const tsx = path.resolve('node_modules/.bin/tsx');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beirat-start-'));
// Vite puts BASE_URL=/ into the test environment; Beirat would rightly refuse it.
const env = { ...process.env, DATABASE_URL: '', BASE_URL: '', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' };

function start(): ChildProcessWithoutNullStreams {
  return spawn(tsx, ['src/main.ts'], { env });
}

function waitForUrl(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Beirat is running at (http:\/\/\S+?)\/ /.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
}

let first: ChildProcessWithoutNullStreams;
let url: string;
let firstOutput = '';

beforeAll(async () => {
  first = start();
  first.stdout.on('data', (chunk: Buffer) => (firstOutput += chunk.toString()));
  url = await waitForUrl(first);
}, 120_000);

afterAll(async () => {
  first.kill('SIGTERM');
  await new Promise((resolve) => first.once('exit', resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start on the embedded database', () => {
  it('prints its URL and serves the 13 councils of the demo', async () => {
    const html = await (await fetch(`${url}/`)).text();
    expect(html.match(/class="kern-card council-card"/g)).toHaveLength(13);
  });

  it('prints a demo office account per council', async () => {
    await expect.poll(() => firstOutput).toMatch(/buero\.herrenhausen-stoecken@demo\.example\.org\s+[A-Za-z0-9_-]{16}/);
    expect(firstOutput.match(/@demo\.example\.org/g)).toHaveLength(13);
  });

  it('refuses a second process on the same data folder with a clear message; the first keeps serving', async () => {
    const second = start();
    let stderr = '';
    second.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(75);
    expect(stderr).toMatch(/data folder .* is in use by another Beirat process \(pid \d+\)/);

    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', database: 'pglite' });
  });
});
