import { createHmac } from 'node:crypto';
import { asc, eq, inArray } from 'drizzle-orm';
import { users } from '../auth/schema.js';
import { installationSecret } from '../auth/secrets.js';
import { createUser } from '../auth/service.js';
import { councils } from '../councils/schema.js';
import type { Database } from '../infra/db/database.js';

export interface DemoAccount {
  council: string;
  email: string;
  password: string;
}

/**
 * One office account per council, so a visitor of the demo can try the back office at once. The
 * passwords are derived from a secret of this installation: they can be printed at every start
 * without being stored, and differ between installations.
 */
export async function ensureDemoAccounts(db: Database): Promise<DemoAccount[]> {
  const secret = await installationSecret(db, 'demo_accounts_secret');
  const list = await db.select({ id: councils.id, slug: councils.slug, name: councils.name }).from(councils).orderBy(asc(councils.slug));
  const accounts = list.map((c) => ({
    councilId: c.id,
    council: c.name.de,
    email: `buero.${c.slug}@demo.example.org`,
    password: createHmac('sha256', secret).update(c.slug).digest('base64url').slice(0, 16),
  }));
  const existing = new Set(
    (await db.select({ email: users.email }).from(users).where(inArray(users.email, accounts.length > 0 ? accounts.map((a) => a.email) : ['']))).map((u) => u.email),
  );
  for (const account of accounts.filter((a) => !existing.has(a.email))) {
    await db.transaction((tx) =>
      createUser(tx, { email: account.email, displayName: `Geschäftsführung (Demo) ${account.council}`, role: 'office', councilId: account.councilId, password: account.password }, { userId: null, label: 'demo data' }),
    );
  }
  // Accounts that were disabled in the meantime are not advertised.
  const active = await db.select({ email: users.email, disabledAt: users.disabledAt }).from(users).where(inArray(users.email, accounts.length > 0 ? accounts.map((a) => a.email) : ['']));
  const usable = new Set(active.filter((u) => u.disabledAt === null).map((u) => u.email));
  return accounts.filter((a) => usable.has(a.email)).map(({ council, email, password }) => ({ council, email, password }));
}

export function describeDemoAccounts(accounts: readonly DemoAccount[], signInUrl: string): string {
  if (accounts.length === 0) return '';
  const width = Math.max(...accounts.map((a) => a.email.length));
  return [
    `Demo back office (${signInUrl}) — one office account per council; the password holds until it is changed:`,
    ...accounts.map((a) => `  ${a.email.padEnd(width)}  ${a.password}`),
    '',
  ].join('\n');
}
