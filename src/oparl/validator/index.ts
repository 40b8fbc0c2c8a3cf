/**
 * An OParl 1.1 validator: crawls an endpoint (or reads a JSON file) and checks it against the schemas and
 * the prose of the standard. See crawler.ts for the crawl, rules.ts for the object rules.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { decodeJson } from './http.js';
import { buildReport, FindingCollector, ObjectCounter, type Finding, type ValidationReport } from './report.js';
import { inspectListPage, inspectObject, isJsonObject, pointerOf } from './rules.js';
import { typeNameOf } from './schemas.js';

export { validateEndpoint, type ValidateOptions } from './crawler.js';
export { formatReport, type Finding, type Severity, type TypeSummary, type ValidationReport } from './report.js';

/** Schema and content rules for one JSON object (embedded objects included), without network access. */
export function validateObject(object: unknown, options: { expectedType?: string; url?: string } = {}): Finding[] {
  const context: { expectedType?: string; sourceUrl?: string } = {};
  if (options.expectedType !== undefined) context.expectedType = options.expectedType;
  if (options.url !== undefined) context.sourceUrl = options.url;
  const collector = new FindingCollector();
  collector.addAll(inspectObject(object, context).findings);
  return collector.findings;
}

/**
 * Validates a JSON file holding one OParl object or one page of an external list. What needs the network
 * (references, files, HTTP headers, pagination across pages) is left out; the report's notes say so.
 */
export async function validateJsonFile(file: string): Promise<ValidationReport> {
  const location = path.resolve(file);
  const collector = new FindingCollector();
  const counter = new ObjectCounter();
  const { json, parsed, findings } = decodeJson(await fs.readFile(location), 'unknown', location);
  collector.addAll(findings);
  let filesSkipped = 0;
  let oparlVersion: string | undefined;

  const inspect = (value: unknown, expectedType: string | undefined, sourcePointer: string) => {
    const context: { expectedType?: string; sourceUrl: string; sourcePointer: string } = { sourceUrl: location, sourcePointer };
    if (expectedType !== undefined) context.expectedType = expectedType;
    const inspection = inspectObject(value, context);
    collector.addAll(inspection.findings);
    for (const visited of inspection.objects) {
      const isNew = counter.count(visited.type, visited.id ?? `${sourcePointer}${visited.pointer}`);
      if (isNew && visited.type === 'File' && !visited.deleted) filesSkipped += 1;
    }
    if (inspection.type === 'System' && isJsonObject(value) && typeof value.oparlVersion === 'string') oparlVersion = value.oparlVersion;
  };

  if (parsed) {
    if (isJsonObject(json) && json.type === undefined && 'data' in json) {
      // A list page: its items must all be of the type of the first one.
      const data = Array.isArray(json.data) ? json.data : [];
      const first = data[0];
      const itemType = (isJsonObject(first) ? typeNameOf(first.type) : undefined) ?? 'unknown';
      const { findings: pageFindings } = inspectListPage(json, location, itemType);
      collector.addAll(pageFindings);
      const ids = new Set<string>();
      data.forEach((item, index) => {
        const id = isJsonObject(item) && typeof item.id === 'string' ? item.id : undefined;
        if (id !== undefined && ids.has(id)) {
          collector.add({ severity: 'error', rule: 'list-duplicate', objectType: itemType, url: location, path: pointerOf('', 'data', index), message: `${id} appears twice in the list page.` });
        }
        if (id !== undefined) ids.add(id);
        inspect(item, itemType === 'unknown' ? undefined : itemType, pointerOf('', 'data', index));
      });
    } else {
      inspect(json, undefined, '');
    }
  }

  const input: Parameters<typeof buildReport>[0] = {
    start: location,
    complete: parsed,
    requests: 0,
    counter,
    findings: collector.findings,
    filesChecked: 0,
    filesSkipped,
    notes: ['A file is checked without network access: references, files, HTTP headers, pagination and filters are not checked.'],
  };
  if (oparlVersion !== undefined) input.oparlVersion = oparlVersion;
  return buildReport(input);
}
