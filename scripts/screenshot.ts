/**
 * `npm run screenshot`: the README's picture of a real council page, taken from a fresh demo
 * instance in Debian's Chromium.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { seedDemoData } from '../src/demo/seed.js';
import { openDatabase } from '../src/infra/db/database.js';
import { launchChromium } from '../test/support/browser.js';

const target = process.argv[2] ?? 'docs/screenshot.png';
const pagePath = process.argv[3] ?? '/beiraete/herrenhausen-stoecken';

const database = await openDatabase({});
await database.migrate();
await seedDemoData(database.db);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beirat-shot-'));
const app = await buildApp({ config: { ...loadConfig({ DATA_DIR: dataDir }), logLevel: 'silent' }, database, logger: false });
const origin = await app.listen({ host: '127.0.0.1', port: 0 });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1500 }, deviceScaleFactor: 1 });
  await page.goto(`${origin}${pagePath}`);
  await page.screenshot({ path: target });
  console.log(`wrote ${target} from ${pagePath}`);
} finally {
  await browser.close();
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
