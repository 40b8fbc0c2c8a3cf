import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config/config.js';
import { describeDemoAccounts, ensureDemoAccounts, type DemoAccount } from './demo/accounts.js';
import { seedDemoDocuments } from './demo/documents.js';
import { seedDemoData } from './demo/seed.js';
import { DataDirLockedError } from './infra/db/data-dir-lock.js';
import { openDatabase } from './infra/db/database.js';
import { deleteExpiredSessions } from './auth/sessions.js';
import { deleteExpiredDrafts } from './grants/apply-service.js';
import { deleteExpiredApplications } from './joining/service.js';
import { startScheduler } from './jobs/scheduler.js';
import { sendProofReminders } from './grants/reminders.js';
import { createMailer, deliverDueMail, mailQueued, onMailQueued } from './mail/outbox.js';
import { projectPending } from './oparl/projection.js';
import { OParlUrls } from './oparl/urls.js';
import { deleteUnconfirmedSubscriptions } from './subscriptions/service.js';

/** `npm start`: configuration, database (migrated), demo data when wanted, then the web server. */
async function main(): Promise<void> {
  const started = performance.now();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Beirat cannot start. ${error.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }

  let database;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(`Beirat cannot start: ${error.message}`);
      process.exit(75); // EX_TEMPFAIL: try again once the other process has stopped
    }
    console.error(`Beirat cannot open its database: ${(error as Error).message}`);
    process.exit(1);
  }

  await database.migrate();
  const app = await buildApp({ config, database });
  app.log.info({ database: database.describe }, 'database opened and migrated');
  let demoAccounts: DemoAccount[] = [];
  if (config.demoData) {
    const { seeded } = await seedDemoData(database.db);
    if (seeded) {
      const files = await seedDemoDocuments(database.db, config.dataDir, { baseUrl: config.baseUrl });
      app.log.info({ files }, 'demo data loaded into the empty database');
    }
    demoAccounts = await ensureDemoAccounts(database.db);
  }

  const mailer = createMailer({ smtpUrl: config.smtpUrl, dataDir: config.dataDir });
  app.log.info({ mail: mailer.describe }, config.smtpUrl ? 'mail is sent over SMTP' : 'SMTP_URL is not set: mails are written to files, not sent');
  const baseHost = new URL(config.baseUrl).hostname;
  const scheduler = startScheduler(
    [
      {
        name: 'outbox',
        everyMs: 10_000,
        // Batch after batch while mail goes out; a batch that sends nothing (all failing) waits for its retry time.
        run: async (_now, signal) => {
          while (!signal.aborted && (await deliverDueMail(database.db, mailer, { from: config.mailFrom, baseHost, log: app.log, signal })) > 0);
        },
      },
      // The OParl API renders changed objects before it answers; this keeps that work off the first request after a change.
      { name: 'OParl objects', everyMs: 10_000, run: () => projectPending(database.db, new OParlUrls(config.baseUrl), app.log) },
      { name: 'expired sessions', everyMs: 3600_000, run: (now) => deleteExpiredSessions(database.db, now) },
      { name: 'expired grant drafts', everyMs: 3600_000, run: (now) => deleteExpiredDrafts(database.db, config.dataDir, now) },
      // Hourly, so a restart never skips a day; the deletion itself is idempotent.
      { name: 'application retention', everyMs: 3600_000, run: (now) => deleteExpiredApplications(database.db, now, config.applicationRetentionMonths) },
      { name: 'unconfirmed subscriptions', everyMs: 3600_000, run: (now) => deleteUnconfirmedSubscriptions(database.db, now) },
      // Hourly: each reminder has its own outbox key, so a run after a restart sends nothing twice.
      {
        name: 'proof-of-use reminders',
        everyMs: 3600_000,
        run: async (now) => {
          if ((await sendProofReminders(database.db, now, config.baseUrl)) > 0) mailQueued();
        },
      },
    ],
    app.log,
  );

  // Mail queued by a request goes out right away; the interval is the fallback.
  const stopListening = onMailQueued(() => scheduler.runNow('outbox'));

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    stopListening();
    await app.close();
    await scheduler.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.baseUrl.replace(/:(\d+)$/, (whole, p: string) => (Number(p) === config.port ? `:${port}` : whole));
  app.log.info({ ms: Math.round(performance.now() - started) }, 'ready');
  console.log(`\nBeirat is running at ${url}/  (English: ${url}/en/)\nDatabase: ${database.describe}\n`);
  // Demo passwords go to the terminal only, never into the log.
  if (demoAccounts.length > 0) console.log(describeDemoAccounts(demoAccounts, `${url}/admin/anmelden`));
  console.log('Stop with Ctrl+C.\n');
}

main().catch((error: unknown) => {
  console.error('Beirat stopped because of an unexpected error:', error);
  process.exit(1);
});
