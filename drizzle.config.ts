import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new migration from the schema; the app applies them at start.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/infra/db/schema.ts',
  out: './drizzle',
  casing: 'snake_case',
});
