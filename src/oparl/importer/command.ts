import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Database } from '../../infra/db/database.js';
import { OParlUrls } from '../urls.js';
import { importOParl, type ImportProgress, type ImportReport } from './importer.js';
import { FetchError, httpSource, recordingSource } from './source.js';

export const importUsage = `Usage: npm run beirat -- oparl:import <URL of the System object | folder | archive.tar.gz> [--full] [--max-fetch N]

  Reads an OParl 1.0 or 1.1 system into Beirat and serves it under /oparl/v1.1.
  A folder (or a .tar.gz of one) holds recorded responses: system.json, body.json, body/1/paper?page=2.json, …
  Importing again reads only what changed since the last complete import; --full reads everything.
  --max-fetch  how many objects that are only referred to may be read one by one (default 1000)
`;

export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
}

export class ImportUsageError extends Error {}

/** `oparl:import`: the exit code is 0 when everything was read, 1 when something failed to load. */
export async function runImportCommand(args: string[], io: CommandIo, open: () => Promise<{ db: Database; baseUrl: string; close(): Promise<void> }>): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { full: { type: 'boolean' }, 'max-fetch': { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    throw new ImportUsageError(`${(error as Error).message}\n\n${importUsage}`);
  }
  const [location, ...extra] = parsed.positionals;
  if (!location || extra.length > 0) throw new ImportUsageError(importUsage);
  const maxFetch = parsed.values['max-fetch'] === undefined ? undefined : Number(parsed.values['max-fetch']);
  if (maxFetch !== undefined && (!Number.isInteger(maxFetch) || maxFetch < 0)) throw new ImportUsageError(`--max-fetch must be a whole number of 0 or more.\n\n${importUsage}`);
  const isUrl = /^https?:\/\//i.test(location);
  const isRecording = !isUrl && fs.existsSync(location) && (fs.statSync(location).isDirectory() || /\.(tar\.gz|tgz)$/i.test(location));
  if (!isUrl && !isRecording) throw new ImportUsageError(`"${location}" is neither an http(s) URL, nor a folder, nor a .tar.gz archive.\n\n${importUsage}`);
  const source = isUrl ? httpSource(location) : recordingSource(location);

  const { db, baseUrl, close } = await open();
  const progress = progressLine(io);
  try {
    const report = await importOParl(db, source, new OParlUrls(baseUrl), { full: parsed.values.full === true, maxReferenceFetches: maxFetch, onProgress: progress.update });
    progress.done();
    io.out(formatImportReport(report, baseUrl));
    return report.failures.length === 0 ? 0 : 1;
  } catch (error) {
    progress.done();
    if (error instanceof FetchError) {
      io.err(`Cannot import from ${location}: ${error.url}: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await close();
  }
}

/** One updating line on a terminal; a line every few seconds in a log. */
function progressLine(io: CommandIo): { update: (p: ImportProgress) => void; done: () => void } {
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const text = `Reading ${p.list}: page ${p.page}${p.totalPages ? ` of ${p.totalPages}` : ''}, ${p.objects} objects`;
      if (io.isTTY) {
        io.err(`\r\x1b[2K${text}`);
        shown = true;
      } else if (Date.now() - last > 3000 || p.page === p.totalPages) {
        io.err(`${text}\n`);
        last = Date.now();
      }
    },
    done() {
      if (shown) io.err('\r\x1b[2K');
    },
  };
}

export function formatImportReport(report: ImportReport, baseUrl: string): string {
  const lines: string[] = [];
  lines.push(`Imported ${report.systemId} (OParl ${report.oparlVersion?.replace(/^.*\/(\d\.\d)\/?$/, '$1') ?? '?'})${report.incremental ? `, changes since ${report.modifiedSince}` : ''}`);
  lines.push(`${report.bodies} ${report.bodies === 1 ? 'body' : 'bodies'}, ${report.pages} list pages read`);
  lines.push('');
  const rows = Object.entries(report.counts).sort(([a], [b]) => a.localeCompare(b));
  const head = ['Type', 'Read', 'New', 'Changed', 'Deleted'];
  const table = [head, ...rows.map(([type, c]) => [type, String(c.received), String(c.created), String(c.changed), String(c.deleted)])];
  const widths = head.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  for (const row of table) lines.push(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
  lines.push('');
  if (report.vanished > 0) lines.push(`${report.vanished} objects of earlier imports are no longer in the source: marked as deleted.`);
  if (report.unresolvedReferences > 0) lines.push(`${report.unresolvedReferences} references point to objects the source could not deliver; they are left out.`);
  if (report.failures.length > 0) {
    lines.push(`${report.failures.length} ${report.failures.length === 1 ? 'address' : 'addresses'} could not be read:`);
    for (const f of report.failures.slice(0, 20)) lines.push(`  ${f.url}: ${f.reason}`);
    if (report.failures.length > 20) lines.push(`  … and ${report.failures.length - 20} more`);
  }
  lines.push(report.complete ? 'Every list was read to its end.' : 'Some lists could not be read to their end: run the import again later.');
  lines.push(`Served at ${baseUrl}/oparl/v1.1/body`);
  return `${lines.join('\n')}\n`;
}
