/**
 * Who may do what, as data. Every back-office route names one permission; `can` decides it from the
 * user's roles and the council the route is about. The matrix test walks every route × every role.
 */
export type Role = 'admin' | 'office' | 'chair' | 'member';

export const permissions = [
  'backoffice.enter',
  'council.edit',
  'members.manage',
  'meetings.manage',
  'grants.manage',
  'applications.manage',
  'documents.manage',
  'documents.readInternal',
  'users.manage',
  'audit.read',
  'body.manage',
] as const;
export type Permission = (typeof permissions)[number];

/** Permissions a role holds for its council (admins hold every permission for every council). */
const councilPermissions: Record<Exclude<Role, 'admin'>, readonly Permission[]> = {
  office: ['backoffice.enter', 'council.edit', 'members.manage', 'meetings.manage', 'grants.manage', 'applications.manage', 'documents.manage', 'documents.readInternal'],
  chair: ['backoffice.enter', 'council.edit', 'members.manage', 'meetings.manage', 'grants.manage', 'applications.manage', 'documents.manage', 'documents.readInternal'],
  member: ['backoffice.enter', 'documents.readInternal'],
};

/**
 * City-wide permissions: only admins manage users, read the whole audit log and keep the city's own
 * records (its legislative terms), which every council shares.
 */
const cityWidePermissions: readonly Permission[] = ['users.manage', 'audit.read', 'body.manage'];

export interface RoleGrant {
  role: Role;
  councilId: number | null;
}

export interface Actor {
  roles: readonly RoleGrant[];
}

export function isAdmin(actor: Actor | undefined): boolean {
  return actor?.roles.some((r) => r.role === 'admin') ?? false;
}

/**
 * Whether `actor` holds `permission`, for `councilId` when the action concerns one council.
 * Without a council, a council-scoped permission holds if it holds for any of the actor's councils.
 */
export function can(actor: Actor | undefined, permission: Permission, councilId?: number): boolean {
  if (!actor) return false;
  if (isAdmin(actor)) return true;
  if (cityWidePermissions.includes(permission)) return false;
  return actor.roles.some(
    (r) => r.role !== 'admin' && councilPermissions[r.role].includes(permission) && (councilId === undefined || r.councilId === councilId),
  );
}

/** The councils an actor may work on in the back office; `'all'` for admins. */
export function councilsOf(actor: Actor): 'all' | number[] {
  if (isAdmin(actor)) return 'all';
  return [...new Set(actor.roles.flatMap((r) => (r.councilId === null ? [] : [r.councilId])))];
}
