import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { projectRoot } from '../../src/infra/paths.js';
import { readTarGz, recordedFileNames } from '../../src/oparl/importer/source.js';

/** The recorded OParl 1.0 crawl of Hürtgenwald (a copy of ../shared/oparl/data, see test/oparl/fixtures/README.md). */
export const huertgenwaldArchive = path.join(projectRoot, 'test', 'oparl', 'fixtures', 'huertgenwald-oparl-1.0.tar.gz');

export interface RecordingServer {
  /** The System object's URL on this server. */
  systemUrl: string;
  requests: string[];
  /** Replace a recorded response (by file name, e.g. "body/1/paper?page=3.json"); `status` instead of a body answers with that status. */
  override(file: string, change: { status: number } | { edit: (content: Record<string, unknown>) => void }): void;
  close(): Promise<void>;
}

/**
 * Serves a recorded crawl as the server once answered: `/system`, `/body/1/meeting?page=2` … from
 * the archive's files. `modified_since` is applied as an OParl server would (to the objects of
 * each page, and kept in the `next` link), so incremental imports can be tested; what the
 * recording could not fetch (missing_ids.json) answers 404.
 */
export async function startRecordingServer(archive = huertgenwaldArchive): Promise<RecordingServer> {
  const files = readTarGz(fs.readFileSync(archive));
  const text = (name: string) => files.get(name)?.toString('utf8');
  const overrides = new Map<string, { status: number } | { edit: (content: Record<string, unknown>) => void }>();
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://recording');
    requests.push(`${url.pathname}${url.search}`);
    const relative = `${url.pathname.slice(1)}${url.search.replace(/[?&]modified_since=[^&]*/, '').replace(/^&/, '?')}`;
    const names = relative === 'system' ? ['system.json'] : recordedFileNames(relative);
    const name = names.find((n) => files.has(n));
    const override = name ? overrides.get(name) : undefined;
    if (!name || (override && 'status' in override)) {
      response.writeHead(override && 'status' in override ? override.status : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ type: 'https://schema.oparl.org/1.0/Error', message: 'not found' }));
      return;
    }
    const content = JSON.parse(text(name)!) as Record<string, unknown>;
    if (override && 'edit' in override) override.edit(content);
    const since = url.searchParams.get('modified_since');
    if (since && Array.isArray(content.data)) {
      content.data = (content.data as Array<{ modified?: string }>).filter((o) => o.modified !== undefined && Date.parse(o.modified) >= Date.parse(since));
      const links = content.links as { next?: string } | undefined;
      if (links?.next) links.next = `${links.next}${links.next.includes('?') ? '&' : '?'}modified_since=${encodeURIComponent(since)}`;
    }
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(content));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    systemUrl: `http://127.0.0.1:${port}/system`,
    requests,
    override(file, change) {
      overrides.set(file, change);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
