/** Findings, the report a validation returns, and its text form for a terminal. */
import { oparlTypes } from '../urls.js';

export type Severity = 'error' | 'warning';

export interface Finding {
  severity: Severity;
  /** A stable id of the rule, e.g. `list-next-missing`; the text report groups by it. */
  rule: string;
  /** The OParl type concerned (`Meeting`, `AgendaItem`, …), or `Error` for the error-handling probes. */
  objectType: string;
  /** The object's id, or the URL of the response (or the file) the finding was made in. */
  url: string;
  /** JSON pointer into the object or response, e.g. `/agendaItem/0`. */
  path?: string;
  message: string;
}

export interface TypeSummary {
  objects: number;
  errors: number;
  warnings: number;
}

export interface ValidationReport {
  /** The System URL or the file validated. */
  start: string;
  oparlVersion?: string;
  /** False when the crawl was cut (maxObjects) or a list could not be followed to its end. */
  complete: boolean;
  requests: number;
  byType: Record<string, TypeSummary>;
  findings: Finding[];
  errors: number;
  warnings: number;
  filesChecked: number;
  filesSkipped: number;
  /** What the validation did not check, and why (crawl cut, files on other servers, …). */
  notes: string[];
}

/** Collects findings without repeating identical ones (the same object can arrive through several lists). */
export class FindingCollector {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();

  add(finding: Finding): void {
    const key = [finding.severity, finding.rule, finding.url, finding.path ?? '', finding.message].join('\u0000');
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.findings.push(finding);
  }

  addAll(findings: Iterable<Finding>): void {
    for (const finding of findings) this.add(finding);
  }
}

/** Object counts per type; an object is counted once however often it appears. */
export class ObjectCounter {
  private readonly byType = new Map<string, Set<string>>();
  private total = 0;

  /** Returns true when the object had not been counted yet. */
  count(type: string, key: string): boolean {
    let keys = this.byType.get(type);
    if (!keys) this.byType.set(type, (keys = new Set()));
    if (keys.has(key)) return false;
    keys.add(key);
    this.total += 1;
    return true;
  }

  get size(): number {
    return this.total;
  }

  entries(): Array<[string, number]> {
    return [...this.byType].map(([type, keys]) => [type, keys.size]);
  }
}

const typeOrder: readonly string[] = oparlTypes;

export function buildReport(input: {
  start: string;
  oparlVersion?: string;
  complete: boolean;
  requests: number;
  counter: ObjectCounter;
  findings: Finding[];
  filesChecked: number;
  filesSkipped: number;
  notes: string[];
}): ValidationReport {
  const byType: Record<string, TypeSummary> = {};
  const summary = (type: string) => (byType[type] ??= { objects: 0, errors: 0, warnings: 0 });
  for (const type of typeOrder) if (input.counter.entries().some(([counted]) => counted === type)) summary(type);
  for (const [type, objects] of input.counter.entries()) summary(type).objects = objects;
  let errors = 0;
  let warnings = 0;
  for (const finding of input.findings) {
    if (finding.severity === 'error') {
      errors += 1;
      summary(finding.objectType).errors += 1;
    } else {
      warnings += 1;
      summary(finding.objectType).warnings += 1;
    }
  }
  const ordered: Record<string, TypeSummary> = {};
  const rank = (type: string) => (typeOrder.includes(type) ? typeOrder.indexOf(type) : typeOrder.length);
  for (const type of Object.keys(byType).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))) ordered[type] = byType[type]!;
  const result: ValidationReport = {
    start: input.start,
    complete: input.complete,
    requests: input.requests,
    byType: ordered,
    findings: input.findings,
    errors,
    warnings,
    filesChecked: input.filesChecked,
    filesSkipped: input.filesSkipped,
    notes: input.notes,
  };
  if (input.oparlVersion !== undefined) result.oparlVersion = input.oparlVersion;
  return result;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * A table per object type (objects, errors, warnings), the findings grouped by rule with a few examples
 * each (errors first), notes, and a summary line.
 */
export function formatReport(report: ValidationReport, options: { maxFindingsPerRule?: number } = {}): string {
  const maxExamples = Math.max(1, options.maxFindingsPerRule ?? 5);
  const lines: string[] = [];
  lines.push(`OParl validation of ${report.start}${report.oparlVersion ? ` (oparlVersion ${report.oparlVersion})` : ''}`);
  lines.push('');

  const rows: string[][] = [['Type', 'Objects', 'Errors', 'Warnings']];
  let objects = 0;
  for (const [type, summary] of Object.entries(report.byType)) {
    rows.push([type, String(summary.objects), String(summary.errors), String(summary.warnings)]);
    objects += summary.objects;
  }
  rows.push(['Total', String(objects), String(report.errors), String(report.warnings)]);
  const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  rows.forEach((row, index) => {
    if (index === rows.length - 1) lines.push(widths.map((width) => '-'.repeat(width)).join('  '));
    lines.push(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
  });

  if (report.findings.length > 0) {
    const byRule = new Map<string, Finding[]>();
    for (const finding of report.findings) {
      const key = `${finding.severity} ${finding.rule}`;
      const list = byRule.get(key);
      if (list) list.push(finding);
      else byRule.set(key, [finding]);
    }
    const groups = [...byRule.values()].sort(
      (a, b) => (a[0]!.severity === b[0]!.severity ? b.length - a.length : a[0]!.severity === 'error' ? -1 : 1),
    );
    lines.push('');
    lines.push('Findings by rule:');
    for (const group of groups) {
      const first = group[0]!;
      lines.push('');
      lines.push(`${first.severity.toUpperCase()} ${first.rule} (${group.length})`);
      for (const finding of group.slice(0, maxExamples)) {
        lines.push(`  ${finding.objectType} ${finding.url}${finding.path ? ` ${finding.path}` : ''}`);
        lines.push(`    ${finding.message}`);
      }
      if (group.length > maxExamples) lines.push(`  … and ${group.length - maxExamples} more`);
    }
  }

  if (report.notes.length > 0) {
    lines.push('');
    lines.push('Notes:');
    for (const note of report.notes) lines.push(`- ${note}`);
  }

  lines.push('');
  lines.push(
    [
      `${plural(report.errors, 'error', 'errors')}, ${plural(report.warnings, 'warning', 'warnings')}`,
      plural(objects, 'object', 'objects'),
      plural(report.requests, 'request', 'requests'),
      `${plural(report.filesChecked, 'file', 'files')} checked, ${report.filesSkipped} skipped`,
      report.complete ? 'validation complete' : 'validation incomplete',
    ].join('; ') + '.',
  );
  return lines.join('\n') + '\n';
}
