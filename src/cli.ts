/**
 * Beirat's command line for administrators: `npm run beirat -- <command> [options]`.
 * It uses the same configuration (DATABASE_URL, DATA_DIR) as the server.
 */
import { parseArgs } from 'node:util';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from './audit/service.js';
import { maxPasswordLength, minPasswordLength } from './auth/passwords.js';
import { roleAssignments, users } from './auth/schema.js';
import { createUser, normalizeEmail, UserExistsError } from './auth/service.js';
import { deleteUserSessions } from './auth/sessions.js';
import { ConfigError, loadConfig } from './config/config.js';
import { councils } from './councils/schema.js';
import { DataDirLockedError } from './infra/db/data-dir-lock.js';
import { openDatabase, type DatabaseHandle } from './infra/db/database.js';
import { ImportUsageError, importUsage, runImportCommand } from './oparl/importer/command.js';
import { runValidateCommand, validateUsage } from './oparl/validator/command.js';

const usage = `Usage: npm run beirat -- <command> [options]

Commands:
  user:create --email ADDRESS --role admin|office|chair|member [--council SLUG] [--name NAME] [--password-stdin]
      Creates a user. The password is asked for (hidden), or read from standard input with --password-stdin.
      office, chair and member need --council (e.g. herrenhausen-stoecken).
  user:list
      Lists users with their roles.
  user:disable --email ADDRESS
      Disables a user and ends their sessions.
  oparl:validate <URL of a System object | file.json> [options]
      Checks an OParl 1.1 endpoint (any, not only Beirat's) against the standard; see oparl:validate --help.
  oparl:import <URL of a System object | folder | archive.tar.gz> [--full] [--max-fetch N]
      Reads another council system's OParl 1.0 or 1.1 data into Beirat; see oparl:import --help.
`;

class UsageError extends Error {}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    if (!fromStdin) throw new UsageError('No terminal to ask for the password: pass it on standard input with --password-stdin.');
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      process.stdout.write(prompt);
      const stdin = process.stdin;
      stdin.setRawMode(true);
      stdin.resume();
      let value = '';
      const onData = (data: Buffer) => {
        for (const ch of data.toString('utf8')) {
          if (ch === '\r' || ch === '\n') {
            stdin.setRawMode(false);
            stdin.pause();
            stdin.off('data', onData);
            process.stdout.write('\n');
            resolve(value);
            return;
          }
          if (ch === '\u0003') process.exit(130);
          if (ch === '\u007f') value = value.slice(0, -1);
          else value += ch;
        }
      };
      stdin.on('data', onData);
    });
  const first = await ask('Password: ');
  const second = await ask('Repeat password: ');
  if (first !== second) throw new UsageError('The passwords do not match.');
  return first;
}

const createOptions = z.object({
  email: z.string().trim().email('--email must be an e-mail address'),
  role: z.enum(['admin', 'office', 'chair', 'member'], { message: '--role must be admin, office, chair or member' }),
  council: z.string().optional(),
  name: z.string().trim().min(1).max(200).optional(),
});

const io = { out: (text: string) => process.stdout.write(text), err: (text: string) => process.stderr.write(text), isTTY: process.stderr.isTTY === true };

async function run(argv: string[], database: () => Promise<DatabaseHandle>): Promise<void> {
  const [command, ...rest] = argv;
  // The OParl commands have options of their own and set the exit code themselves.
  if (command === 'oparl:validate') {
    if (rest.includes('--help')) return void io.out(validateUsage);
    process.exitCode = await runValidateCommand(rest, io);
    return;
  }
  if (command === 'oparl:import') {
    if (rest.includes('--help')) return void io.out(importUsage);
    process.exitCode = await runImportCommand(rest, io, async () => {
      const handle = await database();
      return { db: handle.db, baseUrl: loadConfig().baseUrl, close: () => handle.close() };
    });
    return;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { email: { type: 'string' }, role: { type: 'string' }, council: { type: 'string' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`);
  }
  switch (command) {
    case 'user:create': {
      const parsed = createOptions.safeParse(values);
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('\n'));
      const { email, role, council: slug, name } = parsed.data;
      if (role !== 'admin' && !slug) throw new UsageError(`--council is required for the role ${role}.`);
      const password = await readPassword(values['password-stdin'] === true);
      if (password.length < minPasswordLength || password.length > maxPasswordLength) throw new UsageError(`The password must have ${minPasswordLength} to ${maxPasswordLength} characters.`);
      const { db, close } = await database();
      try {
        let councilId: number | null = null;
        if (role !== 'admin') {
          const [found] = await db.select({ id: councils.id }).from(councils).where(eq(councils.slug, slug!));
          if (!found) throw new UsageError(`There is no council "${slug}".`);
          councilId = found.id;
        }
        const id = await db.transaction((tx) => createUser(tx, { email, displayName: name ?? email, role, councilId, password }, { userId: null, label: 'command line' }));
        console.log(`Created user ${normalizeEmail(email)} (id ${id}) with the role ${role}${slug && role !== 'admin' ? ` for ${slug}` : ''}.`);
        if (role === 'admin') console.log('Admins set up a second factor (an authenticator app) at their first sign-in.');
      } finally {
        await close();
      }
      return;
    }
    case 'user:list': {
      const { db, close } = await database();
      try {
        const rows = await db
          .select({ email: users.email, name: users.displayName, disabledAt: users.disabledAt, role: roleAssignments.role, council: councils.slug })
          .from(users)
          .leftJoin(roleAssignments, eq(roleAssignments.userId, users.id))
          .leftJoin(councils, eq(councils.id, roleAssignments.councilId))
          .orderBy(asc(users.email));
        if (rows.length === 0) console.log('No users yet. Create one with: npm run beirat -- user:create --email you@example.org --role admin');
        for (const r of rows) console.log([r.email, r.name, r.role ?? '-', r.council ?? '', r.disabledAt ? 'disabled' : 'active'].join('\t'));
      } finally {
        await close();
      }
      return;
    }
    case 'user:disable': {
      const email = z.string().email('--email must be an e-mail address').safeParse(values.email);
      if (!email.success) throw new UsageError(email.error.issues[0]!.message);
      const { db, close } = await database();
      try {
        await db.transaction(async (tx) => {
          const [before] = await tx.select().from(users).where(eq(users.email, normalizeEmail(email.data)));
          if (!before) throw new UsageError(`There is no user ${email.data}.`);
          const [after] = await tx.update(users).set({ disabledAt: new Date() }).where(eq(users.id, before.id)).returning();
          await deleteUserSessions(tx, before.id);
          await recordAudit(tx, { actor: { userId: null, label: 'command line' }, action: 'user.disable', entityType: 'user', entityId: before.id, before, after });
        });
        console.log(`Disabled ${normalizeEmail(email.data)} and ended their sessions.`);
      } finally {
        await close();
      }
      return;
    }
    default:
      throw new UsageError(command ? `Unknown command "${command}".\n\n${usage}` : usage);
  }
}

const argv = process.argv.slice(2);
run(argv, async () => {
  const config = loadConfig();
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await handle.migrate();
  return handle;
}).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof ImportUsageError || error instanceof UserExistsError || error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(error instanceof DataDirLockedError ? 75 : 2);
  }
  console.error(error);
  process.exit(1);
});
