/**
 * `oparl:validate <url-of-system|file.json>`: validates an OParl endpoint (crawled from its System object)
 * or one JSON file, prints the report, and exits 0 without errors, 1 with errors, 2 on bad usage.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { validateEndpoint, validateJsonFile, type ValidateOptions } from './index.js';
import { formatReport, type ValidationReport } from './report.js';

export const validateUsage = `Usage: oparl:validate <url-of-system|file.json> [--max-objects N] [--files same-origin|all|none] [--concurrency N] [--json]

  <url-of-system>   crawls the endpoint from its System object (e.g. https://example.org/oparl/v1.1/system)
  <file.json>       validates one OParl object or list page from a file
  --max-objects N   stops the crawl after N objects (the report then says it is incomplete)
  --files POLICY    which files to fetch: same-origin (default), all, or none
  --concurrency N   requests at the same time (default 4)
  --json            prints the report as JSON
`;

export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
}

class UsageError extends Error {}

function positiveInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value)) throw new UsageError(`${name} must be a positive whole number, got ${JSON.stringify(value)}.`);
  return Number(value);
}

/** A progress display: one line rewritten in place on a terminal, otherwise a line every few seconds. */
function progressReporter(io: CommandIo): { update: ValidateOptions['onProgress']; done: () => void } {
  const intervalMs = 5_000;
  let lastLine = 0;
  let shown = false;
  return {
    update: ({ requests, objects, url }) => {
      const now = Date.now();
      if (io.isTTY) {
        if (now - lastLine < 100) return;
        lastLine = now;
        const line = `${requests} requests, ${objects} objects – ${url}`;
        io.err(`\r\x1b[2K${line.length > 118 ? `${line.slice(0, 117)}…` : line}`);
        shown = true;
      } else if (now - lastLine >= intervalMs) {
        lastLine = now;
        io.err(`${requests} requests, ${objects} objects – ${url}\n`);
      }
    },
    done: () => {
      if (shown) io.err('\r\x1b[2K');
    },
  };
}

export async function runValidateCommand(args: string[], io: CommandIo): Promise<number> {
  let target: string;
  let json: boolean;
  const options: ValidateOptions = {};
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        'max-objects': { type: 'string' },
        files: { type: 'string' },
        concurrency: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      io.out(validateUsage);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'Give the URL of a System object or a JSON file.' : 'Give exactly one URL or file.');
    target = positionals[0]!;
    json = values.json;
    const maxObjects = positiveInteger('--max-objects', values['max-objects']);
    if (maxObjects !== undefined) options.maxObjects = maxObjects;
    const concurrency = positiveInteger('--concurrency', values.concurrency);
    if (concurrency !== undefined) options.concurrency = concurrency;
    if (values.files !== undefined) {
      if (values.files !== 'same-origin' && values.files !== 'all' && values.files !== 'none') {
        throw new UsageError(`--files must be same-origin, all or none, got ${JSON.stringify(values.files)}.`);
      }
      options.checkFiles = values.files;
    }
    const isUrl = /^https?:\/\//i.test(target);
    if (!isUrl) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) throw new UsageError(`Only http and https URLs can be crawled: ${target}`);
      if (!fs.existsSync(target) || !fs.statSync(target).isFile()) throw new UsageError(`No such file: ${target}`);
      if (values['max-objects'] !== undefined || values.files !== undefined || values.concurrency !== undefined) {
        throw new UsageError('--max-objects, --files and --concurrency apply to crawling a URL, not to a file.');
      }
    } else {
      try {
        new URL(target);
      } catch {
        throw new UsageError(`Not a valid URL: ${target}`);
      }
    }
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${error.message}\n\n${validateUsage}`);
      return 2;
    }
    throw error;
  }

  let report: ValidationReport;
  if (/^https?:\/\//i.test(target)) {
    const progress = progressReporter(io);
    options.onProgress = progress.update;
    try {
      report = await validateEndpoint(target, options);
    } finally {
      progress.done();
    }
  } else {
    report = await validateJsonFile(target);
  }
  io.out(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.errors > 0 ? 1 : 0;
}
