import type { FastifyInstance } from 'fastify';

/**
 * A `fetch` that answers the app's own URLs (under `baseUrl`) through `inject`, without a socket, so
 * an HTTP client such as the OParl validator can run against the app in a unit test. Any other URL
 * is refused, as an unreachable host would be.
 */
export function injectFetch(app: FastifyInstance, baseUrl: string): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(`${baseUrl}/`)) throw new TypeError(`fetch failed: ${url} is not served by this app`);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
    const response = await app.inject({ method: (init?.method ?? 'GET') as 'GET', url: url.slice(baseUrl.length), headers });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(name, String(v));
    }
    const noBody = init?.method === 'HEAD' || response.statusCode === 204 || response.statusCode === 304;
    return new Response(noBody ? null : new Uint8Array(response.rawPayload), { status: response.statusCode, headers: responseHeaders });
  }) as typeof fetch;
}
