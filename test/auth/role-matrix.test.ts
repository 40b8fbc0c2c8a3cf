import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backOfficeRoutes } from '../../src/admin/kit.js';
import { can, type Role } from '../../src/auth/policy.js';
import { users } from '../../src/auth/schema.js';
import { createUser } from '../../src/auth/service.js';
import { newTotpSecret, totpCode } from '../../src/auth/totp.js';
import { councils } from '../../src/councils/schema.js';
import { Agent } from '../support/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

/**
 * Every back-office route × every role: anonymous visitors are sent to the sign-in page, roles
 * without the route's permission get 403, roles with it get through (whatever the handler then
 * answers to the test's empty form). The routes are taken from the live registry, so a new
 * route is covered the moment it exists.
 */
let t: TestApp;
const password = 'matrix password 2026';
let hsId: number;
let mitteId: number;

interface Persona {
  name: string;
  role?: Role;
  council?: 'hs' | 'mitte';
}
const personas: Persona[] = [
  { name: 'anonymous' },
  { name: 'admin', role: 'admin' },
  { name: 'office of the council', role: 'office', council: 'hs' },
  { name: 'chair of the council', role: 'chair', council: 'hs' },
  { name: 'member of the council', role: 'member', council: 'hs' },
  { name: 'office of another council', role: 'office', council: 'mitte' },
];

beforeAll(async () => {
  t = await createTestApp();
  const all = await t.database.db.select().from(councils);
  hsId = all.find((c) => c.slug === 'herrenhausen-stoecken')!.id;
  mitteId = all.find((c) => c.slug === 'mitte')!.id;
});
afterAll(async () => t?.close());

async function signedIn(persona: Persona): Promise<Agent> {
  const agent = new Agent(t.app);
  if (!persona.role) return agent;
  const email = `${persona.name.replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2)}@example.org`;
  const councilId = persona.council === 'hs' ? hsId : persona.council === 'mitte' ? mitteId : null;
  const id = await t.database.db.transaction((tx) => createUser(tx, { email, displayName: persona.name, role: persona.role!, councilId, password }, { userId: null, label: 'test' }));
  const secret = newTotpSecret();
  if (persona.role === 'admin') await t.database.db.update(users).set({ totpSecret: secret, totpEnabledAt: new Date() }).where(eq(users.id, id));
  await agent.get('/admin/anmelden');
  const res = await agent.post('/admin/anmelden', { email, password });
  if (persona.role === 'admin') {
    await agent.get('/admin/anmelden/code');
    await agent.post('/admin/anmelden/code', { code: totpCode(secret, new Date()) });
  }
  expect(res.statusCode).toBe(303);
  return agent;
}

function concrete(path: string): string {
  // Unknown ids: the permission check comes first, and nothing real is changed by the probe.
  return path.replace(':slug', 'herrenhausen-stoecken').replace(/:(\w+)/g, '999999');
}

describe('back-office role matrix', () => {
  it('has back-office routes to check', () => {
    expect(backOfficeRoutes.length).toBeGreaterThan(5);
  });

  it.each(personas)('$name', async (persona) => {
    const agent = await signedIn(persona);
    const actor = persona.role ? { roles: [{ role: persona.role, councilId: persona.council === 'hs' ? hsId : persona.council === 'mitte' ? mitteId : null }] } : undefined;
    // Signing out ends the session: probe it last.
    const routes = [...backOfficeRoutes].sort((a, b) => Number(a.path === '/admin/abmelden') - Number(b.path === '/admin/abmelden'));
    const wrong: string[] = [];
    for (const route of routes) {
      const url = concrete(route.path);
      await agent.get(persona.role ? '/admin/konto' : '/admin/anmelden');
      const res = route.method === 'GET' ? await agent.get(url) : await agent.post(url, {});
      const location = String(res.headers.location ?? '');
      const toSignIn = res.statusCode === 303 && location.startsWith('/admin/anmelden') && !location.includes('hinweis=');
      const councilScoped = route.path.includes(':slug');
      const allowed = actor !== undefined && can(actor, route.permission, councilScoped ? hsId : undefined);
      const outcome = toSignIn ? 'sign-in' : res.statusCode === 403 ? 'forbidden' : 'through';
      const expected = !persona.role ? 'sign-in' : allowed ? 'through' : 'forbidden';
      if (outcome !== expected) wrong.push(`${route.method} ${url}: expected ${expected}, got ${res.statusCode} ${location}`);
      if (res.statusCode >= 500) wrong.push(`${route.method} ${url}: ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });
});
