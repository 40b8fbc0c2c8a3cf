import { jsonb, timestamp } from 'drizzle-orm/pg-core';
import type { LocalizedText, LocalizedList } from '../i18n/localized.js';

/** created/modified on every row: OParl needs both on every object, and audits read them. */
export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

/** A text stored per language; German is always present and is the fallback. */
export const localized = (name: string) => jsonb(name).$type<LocalizedText>();
export const localizedList = (name: string) => jsonb(name).$type<LocalizedList>();
