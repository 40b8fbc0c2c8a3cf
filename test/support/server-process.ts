import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { openTestDatabase } from './database.js';

/**
 * Beirat as `npm start` runs it, in a child process that can be stopped and started again on the
 * same data, plus a real SMTP server that keeps what it receives.
 */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface TestSmtp {
  url: string;
  received: ParsedMail[];
  /** Milliseconds the server waits before accepting each message (to stop the app mid-way). */
  delayMs: number;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const port = await freePort();
  const state: TestSmtp = { url: `smtp://127.0.0.1:${port}`, received: [], delayMs: 0, close: async () => {} };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        setTimeout(() => {
          simpleParser(Buffer.concat(chunks))
            .then((mail) => {
              state.received.push(mail);
              callback();
            })
            .catch((error: Error) => callback(error));
        }, state.delayMs);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

export interface ServerProcess {
  url: string;
  /** Demo office accounts as printed at start: e-mail → password. */
  accounts: Map<string, string>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface ServerHome {
  dataDir: string;
  port: number;
  databaseUrl: string | undefined;
  start(env?: Record<string, string>): Promise<ServerProcess>;
  remove(): Promise<void>;
}

/** A data folder (and, with DATABASE_URL, a database of its own) that several starts share. */
export async function serverHome(): Promise<ServerHome> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beirat-server-'));
  const port = await freePort();
  const database = process.env.DATABASE_URL ? await openTestDatabase() : undefined;
  // The child migrates and seeds on its own; this handle only made (and will drop) the database.
  const databaseUrl = database?.url;
  return {
    dataDir,
    port,
    databaseUrl,
    start: (env = {}) => startServer({ dataDir, port, databaseUrl, env }),
    async remove() {
      await database?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startServer(options: { dataDir: string; port: number; databaseUrl: string | undefined; env: Record<string, string> }): Promise<ServerProcess> {
  // Vitest puts Vite's variables (BASE_URL, MODE …) into the environment: the app must not see them.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'VITEST', 'VITEST_MODE', 'NODE_ENV'].includes(k) && !k.startsWith('VITEST_'))) as Record<string, string>;
  const env: Record<string, string> = { ...inherited, BASE_URL: `http://127.0.0.1:${options.port}`, PORT: String(options.port), HOST: '127.0.0.1', DATA_DIR: options.dataDir, DEMO_DATA: 'true', LOG_LEVEL: 'warn', ...options.env };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Beirat did not start within 90 s:\n${output}`)), 90_000);
    const check = () => {
      if (output.includes('Stop with Ctrl+C.')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Beirat exited with ${code} before it was ready:\n${output}`));
    });
  });
  const url = /Beirat is running at (http:\/\/\S+?)\/\s/.exec(output)?.[1];
  if (!url) throw new Error(`No URL in the start output:\n${output}`);
  const accounts = new Map([...output.matchAll(/^\s+(buero\.\S+@\S+)\s+(\S+)\s*$/gm)].map((m) => [m[1]!, m[2]!]));
  return {
    url,
    accounts,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}
