/**
 * The query plans behind the benchmarked routes: each route is rendered once without the cache, its
 * queries are caught and run again under EXPLAIN ANALYZE, and the plans are written to
 * bench/results/explain-<scale>-<engine>.md: which index each query uses, how long it took, and
 * whether anything scans a large table from end to end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { openDatabase, queryObserver } from '../src/infra/db/database.js';
import { projectRoot } from '../src/infra/paths.js';
import { benchBaseUrl, benchDatabaseName, benchDataDir, benchServerUrl, type Engine, type Scale } from './setup.js';

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  Plans?: PlanNode[];
}

export const largeTables = ['meetings', 'agenda_items', 'grants', 'documents', 'memberships', 'chair_terms', 'people', 'oparl_objects', 'grant_allocations', 'grant_payments', 'decision_papers', 'budgets', 'oparl_imported_objects'];

function describePlan(node: PlanNode, depth = 0): string[] {
  const target = node['Index Name'] ? ` using ${node['Index Name']}` : node['Relation Name'] ? ` on ${node['Relation Name']}` : '';
  return [`${'  '.repeat(depth)}${node['Node Type']}${target} (${node['Actual Rows'] ?? '?'} rows)`, ...(node.Plans ?? []).flatMap((child) => describePlan(child, depth + 1))];
}

/** The large tables a plan reads from end to end. */
export function fullScans(node: PlanNode): string[] {
  const own = node['Node Type'] === 'Seq Scan' && node['Relation Name'] && largeTables.includes(node['Relation Name']) ? [node['Relation Name']] : [];
  return [...own, ...(node.Plans ?? []).flatMap(fullScans)];
}

export async function explainRoutes(scale: Scale, engine: Engine, routes: Array<{ name: string; url: string }>): Promise<{ file: string; fullScans: string[] }> {
  const database = engine === 'postgres' ? await openDatabase({ databaseUrl: `${benchServerUrl()}/${benchDatabaseName(scale)}`, poolSize: 2 }) : await openDatabase({ dataDir: benchDataDir(scale, engine) });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beirat-explain-'));
  const app = await buildApp({ config: { ...loadConfig({ DATA_DIR: dataDir, BASE_URL: benchBaseUrl }), pageCacheBytes: 0, logLevel: 'silent' }, database, logger: false });
  await app.ready();
  const client = (database.db as unknown as { $client: { query(text: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }> } }).$client;
  const lines: string[] = [`# Query plans: ${scale} scale on ${engine === 'postgres' ? 'PostgreSQL' : 'PGlite'}`, '', 'Each route rendered without the cache; every query run again with EXPLAIN (ANALYZE).', ''];
  const scans: string[] = [];
  try {
    for (const route of routes) {
      await app.inject(route.url);
      const queries: Array<{ query: string; params: unknown[] }> = [];
      queryObserver.current = (query, params) => queries.push({ query, params });
      const started = performance.now();
      await app.inject(route.url);
      const ms = performance.now() - started;
      queryObserver.current = undefined;
      lines.push(`## ${route.name} (\`${route.url}\`): ${queries.length} queries, rendered in ${ms.toFixed(1)} ms`, '');
      for (const { query, params } of queries) {
        if (!/^\s*(select|with)\b/i.test(query)) continue;
        const { rows } = await client.query(`explain (analyze, format json) ${query}`, params);
        const result = (rows[0]!['QUERY PLAN'] as Array<{ Plan: PlanNode; 'Execution Time': number }>)[0]!;
        for (const table of fullScans(result.Plan)) scans.push(`${route.name}: ${table}`);
        lines.push('```', query.length > 400 ? `${query.slice(0, 400)} …` : query, `-- ${result['Execution Time'].toFixed(2)} ms`, ...describePlan(result.Plan), '```', '');
      }
    }
  } finally {
    queryObserver.current = undefined;
    await app.close();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  lines.push(scans.length === 0 ? 'No query scans a large table from end to end.' : `Full scans of large tables: ${scans.join('; ')}`);
  const file = path.join(projectRoot, 'bench', 'results', `explain-${scale}-${engine}.md`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, fullScans: scans };
}
