import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import type { Database } from '../infra/db/database.js';
import { installationSecret } from './secrets.js';

/**
 * Cookies (signed with the installation's secret), form bodies, CSRF tokens for every form, and
 * rate limits that routes opt into. Registered before any route that posts a form.
 */
export async function registerRequestSecurity(app: FastifyInstance, db: Database, config: Config): Promise<void> {
  const secure = config.baseUrl.startsWith('https://');
  await app.register(cookie, { secret: await installationSecret(db, 'cookie_secret') });
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'beirat_csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure, signed: true },
    // Multipart forms (uploads) have no parsed body when the check runs: their token is in the action's query.
    getToken: (request) =>
      ((request.body as Record<string, unknown> | undefined)?._csrf ?? (request.query as Record<string, unknown> | undefined)?._csrf) as string | undefined,
  });
  await app.register(rateLimit, { global: false });
}

export const sessionCookieOptions = (config: Config, maxAgeSeconds?: number) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: config.baseUrl.startsWith('https://'),
  ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
});
