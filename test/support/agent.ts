import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/**
 * A small browser for `inject`: keeps cookies, and posts forms with the CSRF token of the last page
 * it loaded, as a person with a browser would.
 */
export class Agent {
  private cookies = new Map<string, string>();
  csrf: string | undefined;

  /** Each agent comes from its own address, so rate limits apply per agent as per visitor. */
  private static next = 1;
  readonly remoteAddress: string;

  constructor(private readonly app: FastifyInstance, remoteAddress?: string) {
    this.remoteAddress = remoteAddress ?? `192.0.2.${Agent.next++ % 250}`;
  }

  private remember(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    return res;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.remember(await this.app.inject({ method: 'GET', url, remoteAddress: this.remoteAddress, headers: { cookie: this.cookieHeader(), accept: 'text/html' } }));
  }

  /** Posts a form; fields with array values are sent repeated, as checkboxes are. */
  async post(url: string, fields: Record<string, string | string[]>, options: { csrf?: string | false } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    const token = options.csrf === false ? undefined : (options.csrf ?? this.csrf);
    if (token) body.append('_csrf', token);
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.remoteAddress,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: body.toString(),
      }),
    );
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }
}
