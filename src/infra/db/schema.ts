/** Every table, for Drizzle's client and drizzle-kit. Each domain owns its own tables. */
export * from '../../city/schema.js';
export * from '../../councils/schema.js';
export * from '../../members/schema.js';
export * from '../../meetings/schema.js';
export * from '../../grants/schema.js';
export * from '../../documents/schema.js';
export * from '../../auth/schema.js';
export * from '../../audit/schema.js';
export * from '../../mail/schema.js';
export * from '../../joining/schema.js';
export * from '../../oparl/schema.js';
