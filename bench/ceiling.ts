/**
 * The ceiling: a bare node:http server answering each benchmarked URL with the very bytes and
 * headers Beirat answered it with, precomputed. Nothing serves those bytes faster on this machine
 * from Node, so Beirat's speed is reported as a share of this one's, measured in the same run.
 *
 * Reads `{ port, responses: { [url]: { status, headers, body (base64) } } }` as JSON from the file
 * named by its first argument.
 */
import fs from 'node:fs';
import http from 'node:http';

interface Recorded {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const { port, responses } = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as { port: number; responses: Record<string, Recorded> };
const prepared = new Map(Object.entries(responses).map(([url, r]) => [url, { status: r.status, headers: r.headers, body: Buffer.from(r.body, 'base64') }]));

http
  .createServer((request, response) => {
    const found = prepared.get(request.url ?? '');
    if (!found) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(found.status, found.headers).end(found.body);
  })
  .listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
