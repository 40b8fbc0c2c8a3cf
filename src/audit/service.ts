import type { Database } from '../infra/db/database.js';
import { auditEvents } from './schema.js';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0] | Database;

export interface AuditActor {
  userId: number | null;
  label: string;
}

export const systemActor: AuditActor = { userId: null, label: 'system' };

/** Fields never copied into the trail. */
const secretFields = new Set(['passwordHash', 'totpSecret']);

function scrub(record: object | null | undefined): Record<string, unknown> | null {
  if (!record) return null;
  return Object.fromEntries(Object.entries(record).filter(([key]) => !secretFields.has(key)).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
}

/** The fields that differ between two versions of a record: what the audit view shows. */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys].filter((k) => k !== 'updatedAt' && JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after?.[k] ?? null)).sort();
}

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  entityType: string;
  entityId: string | number;
  councilId?: number | null;
  personId?: number | null;
  before?: object | null;
  after?: object | null;
}

/** Records a change; call it in the same transaction as the change itself. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvents).values({
    actorUserId: entry.actor.userId,
    actorLabel: entry.actor.label,
    action: entry.action,
    entityType: entry.entityType,
    entityId: String(entry.entityId),
    councilId: entry.councilId ?? null,
    personId: entry.personId ?? null,
    before: scrub(entry.before),
    after: scrub(entry.after),
  });
}
