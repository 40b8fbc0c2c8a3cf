import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { seedDemoDocuments } from '../../src/demo/documents.js';
import { seedDemoData } from '../../src/demo/seed.js';
import type { DatabaseHandle } from '../../src/infra/db/database.js';
import { openTestDatabase } from './database.js';

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  config: Config;
  /**
   * Waits until the page cache has heard of every change committed so far. A test that writes to the
   * database directly is a writer outside the app, like another instance: its changes reach the
   * cache with their announcement (through the app's own routes, before the response).
   */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** The real app on a test database, with the demo data unless `demo: false`. */
export async function createTestApp(options: { demo?: boolean; now?: Date; baseUrl?: string; settleBeforeRequests?: boolean; config?: Partial<Config> } = {}): Promise<TestApp> {
  // The demo as of now comes copied from the template the global setup seeded once; another `now` is seeded here.
  const template = options.demo !== false && !options.now ? inject('demoTemplate') : undefined;
  const database = await openTestDatabase({ template });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beirat-test-'));
  if (template) {
    fs.cpSync(template.files, path.join(dataDir, 'files'), { recursive: true });
  } else if (options.demo !== false) {
    await seedDemoData(database.db, options.now ? { now: options.now } : {});
    await seedDemoDocuments(database.db, dataDir, { minutesPerCouncil: 1 });
  }
  const config: Config = { ...loadConfig({ DATA_DIR: dataDir, BASE_URL: options.baseUrl ?? 'http://beirat.test' }), logLevel: 'silent', ...options.config };
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  // Tests write to the database directly between requests, as a writer outside the app would; each
  // request first lets the page cache hear of those writes (with PostgreSQL that takes a round trip).
  if (options.settleBeforeRequests !== false) {
    const inject = app.inject.bind(app);
    app.inject = (async (request: InjectOptions | string) => {
      await app.pageCache?.listener.sync();
      return inject(request);
    }) as typeof app.inject;
  }
  return {
    app,
    database,
    config,
    async settle() {
      await app.pageCache?.listener.sync();
    },
    async close() {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
