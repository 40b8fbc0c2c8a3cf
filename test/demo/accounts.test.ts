import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/auth/schema.js';
import { describeDemoAccounts, ensureDemoAccounts } from '../../src/demo/accounts.js';
import { Agent } from '../support/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('demo office accounts', () => {
  it('gives every council an office account that signs in to its own council only', async () => {
    const accounts = await ensureDemoAccounts(t.database.db);
    expect(accounts).toHaveLength(13);
    const hs = accounts.find((a) => a.email === 'buero.herrenhausen-stoecken@demo.example.org')!;
    expect(hs.password).toMatch(/^[A-Za-z0-9_-]{16}$/);

    const agent = new Agent(t.app);
    await agent.get('/admin/anmelden');
    expect((await agent.post('/admin/anmelden', { email: hs.email, password: hs.password })).headers.location).toBe('/admin');
    expect((await agent.get('/admin/beiraete/herrenhausen-stoecken/texte')).statusCode).toBe(200);
    expect((await agent.get('/admin/beiraete/mitte/texte')).statusCode).toBe(403);
  });

  it('is idempotent, keeps the same passwords, and stops advertising a disabled account', async () => {
    const first = await ensureDemoAccounts(t.database.db);
    const before = await t.database.db.select().from(users);
    const again = await ensureDemoAccounts(t.database.db);
    expect(again).toEqual(first);
    expect(await t.database.db.select().from(users)).toHaveLength(before.length);
    await t.database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.email, 'buero.mitte@demo.example.org'));
    expect((await ensureDemoAccounts(t.database.db)).map((a) => a.email)).not.toContain('buero.mitte@demo.example.org');
    expect(describeDemoAccounts(again, 'http://x/admin/anmelden')).toContain('buero.nord@demo.example.org');
  });
});
