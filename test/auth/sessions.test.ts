import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../src/auth/schema.js';
import { createUser } from '../../src/auth/service.js';
import { absoluteSessionHours, createSession, findSession, hashToken } from '../../src/auth/sessions.js';
import { Agent } from '../support/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let userId: number;
const password = 'session test password';

beforeAll(async () => {
  t = await createTestApp({ demo: false });
  userId = await t.database.db.transaction((tx) => createUser(tx, { email: 's@example.org', displayName: 'S', role: 'member', councilId: null, password }, { userId: null, label: 'test' }));
});
afterAll(async () => t?.close());

describe('database sessions', () => {
  it('end after the idle time and are deleted', async () => {
    const start = new Date('2026-11-25T10:00:00Z');
    const token = await createSession(t.database.db, userId, true, start);
    expect(await findSession(t.database.db, token, 60, new Date(start.getTime() + 59 * 60_000))).toMatchObject({ id: userId });
    // Activity moved the idle clock: still valid 59 minutes after that.
    expect(await findSession(t.database.db, token, 60, new Date(start.getTime() + 118 * 60_000))).toBeDefined();
    expect(await findSession(t.database.db, token, 60, new Date(start.getTime() + 180 * 60_000))).toBeUndefined();
    expect(await t.database.db.select().from(sessions).where(eq(sessions.id, hashToken(token)))).toHaveLength(0);
  });

  it('end after twelve hours however active', async () => {
    const start = new Date('2026-11-25T06:00:00Z');
    const token = await createSession(t.database.db, userId, true, start);
    for (let h = 1; h < absoluteSessionHours; h++) expect(await findSession(t.database.db, token, 90, new Date(start.getTime() + h * 3600_000))).toBeDefined();
    expect(await findSession(t.database.db, token, 90, new Date(start.getTime() + absoluteSessionHours * 3600_000))).toBeUndefined();
  });

  it('store only a hash of the token, and ignore malformed cookies', async () => {
    const token = await createSession(t.database.db, userId, true);
    const [row] = await t.database.db.select().from(sessions).where(eq(sessions.id, hashToken(token)));
    expect(row!.id).not.toContain(token);
    expect(await findSession(t.database.db, 'x', 60)).toBeUndefined();
    expect(await findSession(t.database.db, `${token.slice(0, -1)}!`, 60)).toBeUndefined();
  });

  it('get a new token at sign-in: a token planted before sign-in is worth nothing', async () => {
    const agent = new Agent(t.app);
    await agent.get('/admin/anmelden');
    await agent.post('/admin/anmelden', { email: 's@example.org', password });
    const first = (await agent.get('/admin')).statusCode;
    expect(first).toBe(200);
    const before = await t.database.db.select().from(sessions).where(eq(sessions.userId, userId));
    await agent.get('/admin/anmelden');
    await agent.post('/admin/anmelden', { email: 's@example.org', password });
    const after = await t.database.db.select().from(sessions).where(eq(sessions.userId, userId));
    // The old session of this browser was deleted, a new one made.
    expect(after.map((s) => s.id).filter((id) => !before.some((b) => b.id === id))).toHaveLength(1);
    expect(after.length).toBe(before.length);
  });
});
