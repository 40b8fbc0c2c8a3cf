/**
 * `npm run bench [-- --scale city|nation --engine postgres|pglite --duration 10 --connections 50]`
 *
 * Starts Beirat (built, as `npm start` runs it) on the data `npm run bench:data` made, and loads it
 * over loopback with autocannon: the city's start page, a council page, its meetings, a meeting,
 * its projects, its iCal feed, a page of 100 OParl objects and one OParl object. In the same run a
 * bare node:http server answers the same URLs with the same bytes (bench/ceiling.ts): the ceiling.
 * Reported per route: requests per second, p50 and p99 latency, the share of the ceiling, and the
 * latency of rendering without the cache; per installation: the time from start to the first page,
 * memory, database size and how fast a client crawls the whole OParl API.
 *
 * Results: bench/results/latest.md and .json, and the table in README.md (earlier runs are in git).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { projectRoot } from '../src/infra/paths.js';
import { openDatabase } from '../src/infra/db/database.js';
import { rowsOf } from '../src/oparl/projection.js';
import { explainRoutes } from './explain.js';
import { benchBaseUrl, benchDatabaseName, benchDataDir, benchPort, benchServerUrl, type Engine, type Scale } from './setup.js';

const ceilingPort = benchPort + 1;
const acceptEncoding = 'gzip, deflate, br';
const resultsDir = path.join(projectRoot, 'bench', 'results');

interface Target {
  scale: Scale;
  engine: Engine;
}

interface RouteResult {
  name: string;
  url: string;
  bytes: number;
  encoding: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  ceilingRps: number;
  ceilingP50: number;
  ceilingP99: number;
  ratio: number;
  uncachedP50?: number;
  uncachedP99?: number;
}

interface TargetResult extends Target {
  startupMs: number;
  restartMs: number;
  rssMb: number;
  peakRssMb: number;
  databaseMb: number;
  routes: RouteResult[];
  crawl?: { objects: number; seconds: number; perSecond: number; requests: number };
  /** Where the query plans are, and which queries scan a large table from end to end. */
  plans: { file: string; fullScans: string[] };
}

// ---------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function databaseExists(scale: Scale): Promise<boolean> {
  const client = new pg.Client({ connectionString: `${benchServerUrl()}/postgres` });
  try {
    await client.connect();
    const found = await client.query('select 1 from pg_database where datname = $1', [benchDatabaseName(scale)]);
    return found.rowCount === 1;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function availableTargets(scales: Scale[], engines: Engine[]): Promise<Target[]> {
  const found: Target[] = [];
  for (const scale of scales) {
    for (const engine of engines) {
      const present = engine === 'postgres' ? await databaseExists(scale) : fs.existsSync(path.join(benchDataDir(scale, engine), 'pglite'));
      if (present) found.push({ scale, engine });
    }
  }
  return found;
}

function databaseUrl(target: Target): string {
  return `${benchServerUrl()}/${benchDatabaseName(target.scale)}`;
}

/** The URLs to measure: the first council of the first city, its last meeting with minutes. */
async function pickUrls(target: Target): Promise<Array<{ name: string; url: string; page: boolean }>> {
  const handle = target.engine === 'postgres' ? await openDatabase({ databaseUrl: databaseUrl(target), poolSize: 1 }) : await openDatabase({ dataDir: benchDataDir(target.scale, target.engine) });
  try {
    const [row] = rowsOf<{ slug: string; meeting: number; body: number }>(
      await handle.db.execute(sql`
        select c.slug, c.body_id as body,
          (select m.id from meetings m where m.council_id = c.id and m.state = 'minutes_approved' order by m.starts_at desc limit 1) as meeting
        from councils c where c.body_id = (select min(id) from bodies) order by c.id limit 1`),
    );
    if (!row) throw new Error('The benchmark database has no council: run npm run bench:data first.');
    return [
      { name: 'city start page', url: '/', page: true },
      { name: 'council page', url: `/beiraete/${row.slug}`, page: true },
      { name: 'meeting list', url: `/beiraete/${row.slug}/sitzungen`, page: true },
      { name: 'meeting page', url: `/beiraete/${row.slug}/sitzungen/${row.meeting}`, page: true },
      { name: 'project list', url: `/beiraete/${row.slug}/projekte`, page: true },
      { name: 'iCal feed', url: `/beiraete/${row.slug}/sitzungen.ics`, page: true },
      { name: 'OParl list page (100 objects)', url: `/oparl/v1.1/body/${row.body}/agendaitem?page=3`, page: false },
      { name: 'OParl object', url: `/oparl/v1.1/meeting/${row.meeting}`, page: false },
    ];
  } finally {
    await handle.close();
  }
}

function request(port: number, url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: url, headers: { 'accept-encoding': acceptEncoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(new Error(`timeout on ${url}`)));
  });
}

interface Server {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The Node options `npm start` runs Beirat with (heap sizes), read from package.json so the two cannot differ. */
function startNodeOptions(): string[] {
  const start = (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';
  return /\bnode ((?:--\S+ )*)dist\/src\/main\.js/.exec(start)?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
}

/** Starts Beirat as `npm start` does (after the build) and returns once `/` answers 200, with the time that took. */
async function startBeirat(target: Target, env: Record<string, string> = {}): Promise<Server & { startMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [...startNodeOptions(), path.join(projectRoot, 'dist', 'src', 'main.js')], {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: String(benchPort),
      HOST: '127.0.0.1',
      BASE_URL: benchBaseUrl,
      DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      DATA_DIR: benchDataDir(target.scale, target.engine),
      DATABASE_URL: target.engine === 'postgres' ? databaseUrl(target) : '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Beirat exited with ${child.exitCode}:\n${output}`);
    if (performance.now() - started > 180_000) throw new Error(`Beirat did not answer within 180 s:\n${output}`);
    try {
      if ((await request(benchPort, '/')).status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return {
    child,
    startMs: performance.now() - started,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function startCeiling(responses: Record<string, { status: number; headers: Record<string, string>; body: string }>): Promise<Server> {
  const file = path.join(os.tmpdir(), `beirat-ceiling-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify({ port: ceilingPort, responses }));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'bench', 'ceiling.ts'), file], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the ceiling server exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(file, { force: true });
    },
  };
}

async function load(port: number, url: string, connections: number, seconds: number): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const result = await autocannon({ url: `http://127.0.0.1:${port}${url}`, connections, duration: seconds, headers: { 'accept-encoding': acceptEncoding } });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx };
}

function memoryOf(pid: number): { rssMb: number; peakRssMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : fs.statSync(full).size;
  }
  return total;
}

async function databaseMb(target: Target): Promise<number> {
  if (target.engine === 'pglite') return folderBytes(path.join(benchDataDir(target.scale, target.engine), 'pglite')) / 1024 / 1024;
  const client = new pg.Client({ connectionString: databaseUrl(target) });
  await client.connect();
  try {
    const result = await client.query<{ size: string }>('select pg_database_size(current_database()) as size');
    return Number(result.rows[0]!.size) / 1024 / 1024;
  } finally {
    await client.end();
  }
}

/** A client reading the whole OParl API: every list of every body, page by page, four requests at a time. */
async function crawlOParl(port: number): Promise<{ objects: number; seconds: number; perSecond: number; requests: number }> {
  const started = performance.now();
  let objects = 0;
  let requests = 0;
  const getJson = async (url: string) => {
    requests++;
    const response = await fetch(url.replace(benchBaseUrl, `http://127.0.0.1:${port}`));
    return (await response.json()) as { data?: Array<Record<string, unknown>>; links?: { next?: string } } & Record<string, unknown>;
  };
  const lists: string[] = [];
  for (let next: string | undefined = `${benchBaseUrl}/oparl/v1.1/body`; next; ) {
    const page = await getJson(next);
    for (const body of page.data ?? []) {
      objects++;
      for (const name of ['organization', 'person', 'meeting', 'paper', 'agendaItem', 'consultation', 'file', 'locationList', 'legislativeTermList', 'membership']) {
        if (typeof body[name] === 'string') lists.push(body[name] as string);
      }
    }
    next = page.links?.next;
  }
  const crawlList = async (first: string) => {
    for (let next: string | undefined = first; next; ) {
      const page = await getJson(next);
      objects += page.data?.length ?? 0;
      next = page.links?.next;
    }
  };
  const queue = [...lists];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let list = queue.shift(); list; list = queue.shift()) await crawlList(list);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { objects, seconds, perSecond: objects / seconds, requests };
}

// ---------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------

async function benchmark(target: Target, options: { seconds: number; connections: number; crawl: boolean }): Promise<TargetResult> {
  const label = `${target.scale} / ${target.engine === 'postgres' ? 'PostgreSQL' : 'PGlite'}`;
  const urls = await pickUrls(target);
  log(`\n${label}: starting`);
  const first = await startBeirat(target);
  await first.stop();
  const server = await startBeirat(target);
  log(`  start to first page: ${first.startMs.toFixed(0)} ms, restart: ${server.startMs.toFixed(0)} ms`);

  const recorded: Record<string, { status: number; headers: Record<string, string>; body: string }> = {};
  const meta = new Map<string, { bytes: number; encoding: string }>();
  for (const { url } of urls) {
    const response = await request(benchPort, url);
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) if (value !== undefined && name !== 'date' && name !== 'connection' && name !== 'keep-alive') headers[name] = Array.isArray(value) ? value.join(', ') : value;
    recorded[url] = { status: response.status, headers, body: response.body.toString('base64') };
    meta.set(url, { bytes: response.body.byteLength, encoding: headers['content-encoding'] ?? 'identity' });
  }
  const ceiling = await startCeiling(recorded);
  const routes: RouteResult[] = [];
  try {
    for (const { name, url } of urls) {
      // A second of warm-up each, so neither side is measured while its JIT is still cold.
      await load(benchPort, url, options.connections, 1);
      const measured = await load(benchPort, url, options.connections, options.seconds);
      await load(ceilingPort, url, options.connections, 1);
      const top = await load(ceilingPort, url, options.connections, options.seconds);
      routes.push({ name, url, ...meta.get(url)!, ...measured, ceilingRps: top.rps, ceilingP50: top.p50, ceilingP99: top.p99, ratio: measured.rps / top.rps });
      log(`  ${name}: ${measured.rps.toFixed(0)} req/s (ceiling ${top.rps.toFixed(0)}, ${(measured.rps / top.rps).toFixed(2)}×), p99 ${measured.p99} ms`);
    }
  } finally {
    await ceiling.stop();
  }
  const crawl = options.crawl ? await crawlOParl(benchPort) : undefined;
  if (crawl) log(`  OParl crawl: ${crawl.objects} objects in ${crawl.seconds.toFixed(1)} s = ${crawl.perSecond.toFixed(0)} objects/s`);
  const memory = memoryOf(server.child.pid!);
  await server.stop();

  // The same URLs rendered every time: what a change or an expired entry costs.
  const uncached = await startBeirat(target, { PAGE_CACHE_MB: '0' });
  try {
    for (const route of routes) {
      await load(benchPort, route.url, 1, 1);
      const measured = await load(benchPort, route.url, 1, Math.max(2, Math.round(options.seconds / 2)));
      route.uncachedP50 = measured.p50;
      route.uncachedP99 = measured.p99;
      log(`  ${route.name} without cache: p50 ${measured.p50} ms, p99 ${measured.p99} ms`);
    }
  } finally {
    await uncached.stop();
  }
  const plans = await explainRoutes(target.scale, target.engine, urls);
  log(`  query plans: ${path.relative(projectRoot, plans.file)}${plans.fullScans.length > 0 ? `, full scans: ${plans.fullScans.join('; ')}` : ''}`);
  return { ...target, startupMs: first.startMs, restartMs: server.startMs, ...memory, databaseMb: await databaseMb(target), routes, crawl, plans: { file: path.relative(projectRoot, plans.file), fullScans: plans.fullScans } };
}

function machine(): Record<string, string | number> {
  const cpus = os.cpus();
  const postgres = spawnSync('psql', ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
  return { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGb: Math.round(os.totalmem() / 1024 ** 3), node: process.version, postgres: postgres.replace(/^psql \(PostgreSQL\) /, 'PostgreSQL '), os: `${os.type()} ${os.release()}` };
}

const targets = {
  pageRatio: 0.7,
  uncachedP99Ms: 20,
  oparlP99Ms: 20,
  crawlPerSecond: 5000,
  restartMs: 2000,
  rssMb: 200,
};

function markdown(results: TargetResult[], info: Record<string, string | number>, options: { seconds: number; connections: number }, date: string): string {
  const lines: string[] = [];
  lines.push(`Measured ${date} on ${info.cpu} (${info.cores} cores, ${info.memoryGb} GB), Node.js ${info.node}, ${info.postgres}; ${options.connections} connections, ${options.seconds} s per route, responses compressed as browsers ask (\`${acceptEncoding}\`). The ceiling is a bare node:http server sending the same bytes, measured in the same run.`);
  for (const r of results) {
    lines.push('');
    lines.push(
      `**${r.scale === 'city' ? 'City' : 'Nation'} scale on ${r.engine === 'postgres' ? 'PostgreSQL' : 'PGlite'}**: start to first page ${(r.startupMs / 1000).toFixed(2)} s, restart to first page ${(r.restartMs / 1000).toFixed(2)} s, RSS ${r.rssMb.toFixed(0)} MB (peak ${r.peakRssMb.toFixed(0)} MB), database ${r.databaseMb.toFixed(0)} MB${r.crawl ? `, OParl crawl ${r.crawl.objects} objects at ${r.crawl.perSecond.toFixed(0)} objects/s` : ''}; query plans in [${r.plans.file}](${r.plans.file}) (${r.plans.fullScans.length === 0 ? 'no full scan of a large table' : `full scans: ${r.plans.fullScans.join(', ')}`}).`,
    );
    lines.push('');
    lines.push('| Route | req/s | p50 ms | p99 ms | ceiling req/s | × ceiling | uncached p50 ms | uncached p99 ms |');
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const route of r.routes) {
      lines.push(`| ${route.name} | ${route.rps.toFixed(0)} | ${route.p50} | ${route.p99} | ${route.ceilingRps.toFixed(0)} | ${route.ratio.toFixed(2)} | ${route.uncachedP50 ?? '–'} | ${route.uncachedP99 ?? '–'} |`);
    }
  }
  lines.push('');
  lines.push('Targets (PostgreSQL at nation scale where measured, else the largest scale measured):');
  const main = results.find((r) => r.scale === 'nation' && r.engine === 'postgres') ?? results.find((r) => r.engine === 'postgres') ?? results[0];
  if (main) {
    const pages = main.routes.filter((r) => !r.url.startsWith('/oparl'));
    const worstRatio = Math.min(...pages.map((r) => r.ratio));
    const worstUncached = Math.max(...pages.map((r) => r.uncachedP99 ?? 0));
    const oparlList = main.routes.find((r) => r.name.startsWith('OParl list'));
    const crawl = results.find((r) => r.scale === 'city' && r.engine === 'postgres')?.crawl ?? results.find((r) => r.crawl)?.crawl;
    const check = (ok: boolean) => (ok ? 'met' : '**missed**');
    lines.push(`- public pages and feeds ≥ ${targets.pageRatio} × ceiling: worst ${worstRatio.toFixed(2)} × – ${check(worstRatio >= targets.pageRatio)}`);
    lines.push(`- uncached render p99 ≤ ${targets.uncachedP99Ms} ms: worst ${worstUncached} ms – ${check(worstUncached <= targets.uncachedP99Ms)}`);
    if (oparlList) lines.push(`- OParl page of 100 objects p99 ≤ ${targets.oparlP99Ms} ms: ${oparlList.p99} ms (uncached ${oparlList.uncachedP99 ?? '–'} ms) – ${check(oparlList.p99 <= targets.oparlP99Ms)}`);
    if (crawl) lines.push(`- OParl crawl of a city ≥ ${targets.crawlPerSecond} objects/s: ${crawl.perSecond.toFixed(0)} – ${check(crawl.perSecond >= targets.crawlPerSecond)}`);
    lines.push(`- restart to first page ≤ ${targets.restartMs / 1000} s: ${(main.restartMs / 1000).toFixed(2)} s – ${check(main.restartMs <= targets.restartMs)}`);
    lines.push(`- RSS ≤ ${targets.rssMb} MB: ${main.rssMb.toFixed(0)} MB – ${check(main.rssMb <= targets.rssMb)}`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { scale: { type: 'string' }, engine: { type: 'string' }, duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '50' }, 'no-readme': { type: 'boolean' } },
  });
  const scales: Scale[] = values.scale === 'city' || values.scale === 'nation' ? [values.scale] : ['city', 'nation'];
  const engines: Engine[] = values.engine === 'postgres' || values.engine === 'pglite' ? [values.engine] : ['postgres', 'pglite'];
  const options = { seconds: Number(values.duration), connections: Number(values.connections) };
  if (!(options.seconds > 0) || !(options.connections > 0)) throw new Error('--duration and --connections must be positive numbers');
  const found = await availableTargets(scales, engines);
  if (found.length === 0) throw new Error('No benchmark data: run `npm run bench:data -- --scale city` (and `--scale nation`) first.');

  log('Building Beirat as npm start does …');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: projectRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('The build failed.');

  const results: TargetResult[] = [];
  for (const target of found) results.push(await benchmark(target, { ...options, crawl: target.scale === 'city' }));

  const date = new Date().toISOString();
  const info = machine();
  const table = markdown(results, info, options, date.slice(0, 10));
  fs.mkdirSync(resultsDir, { recursive: true });
  const json = JSON.stringify({ date, machine: info, options, results }, null, 2);
  fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${json}\n`);
  fs.writeFileSync(path.join(resultsDir, 'latest.md'), `# Benchmark\n\n${table}`);
  if (!values['no-readme']) {
    const readme = path.join(projectRoot, 'README.md');
    const text = fs.readFileSync(readme, 'utf8');
    const replaced = text.replace(/<!-- bench:begin -->[\s\S]*<!-- bench:end -->/, `<!-- bench:begin -->\n${table}<!-- bench:end -->`);
    if (replaced !== text) fs.writeFileSync(readme, replaced);
  }
  process.stdout.write(`\n${table}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
