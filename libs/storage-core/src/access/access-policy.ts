/**
 * Who may do what with the query API. Pure, so the policy is unit-tested apart from HTTP.
 *
 * - arbiter: agent statistics and feedback (what routing needs), never record-level data;
 * - analyst: statistics, feedback, collection health and data points with ANONYMIZED fields only
 *   (see ANALYST_HIDDEN_PATHS);
 * - rl-trainer: everything an analyst sees, with all fields (diffs and conversations are training data);
 * - admin: everything, plus key management and running jobs.
 * Tenant scope: a key scoped to one (hashed) tenant reads record-level data of that tenant only;
 * aggregates have no tenant dimension and are readable with any scope.
 */
export const ROLES = ['arbiter', 'analyst', 'rl-trainer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ALL_TENANTS = '*';

export type Permission = 'stats:read' | 'feedback:read' | 'datapoints:read' | 'health:read' | 'admin';

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  arbiter: ['stats:read', 'feedback:read'],
  analyst: ['stats:read', 'feedback:read', 'datapoints:read', 'health:read'],
  'rl-trainer': ['stats:read', 'feedback:read', 'datapoints:read', 'health:read'],
  admin: ['stats:read', 'feedback:read', 'datapoints:read', 'health:read', 'admin'],
};

export interface Principal {
  keyId: string;
  role: Role;
  tenantScope: string;
}

export type AccessDecision = { allowed: true } | { allowed: false; status: 401 | 403; reason: string };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** `principal` null means no (valid) key was presented. */
export function authorize(principal: Principal | null, permission: Permission): AccessDecision {
  if (!principal) return { allowed: false, status: 401, reason: 'a valid x-api-key header is required' };
  if (!ROLE_PERMISSIONS[principal.role].includes(permission)) {
    return { allowed: false, status: 403, reason: `role '${principal.role}' may not ${permission.replace(':', ' ')}` };
  }
  return { allowed: true };
}

export function canAccessTenant(principal: Principal, tenantId: string): boolean {
  return principal.tenantScope === ALL_TENANTS || principal.tenantScope === tenantId;
}

/** Record-level reads with an explicit tenant filter: 403 unless the key's scope covers it. */
export function authorizeTenant(principal: Principal, tenantId: string | undefined): AccessDecision {
  if (tenantId === undefined || canAccessTenant(principal, tenantId)) return { allowed: true };
  return { allowed: false, status: 403, reason: `key is scoped to another tenant` };
}

/** Creating a key: a tenant-scoped admin can only create keys within its own tenant. */
export function authorizeKeyCreation(principal: Principal, tenantScope: string): AccessDecision {
  const base = authorize(principal, 'admin');
  if (!base.allowed) return base;
  if (principal.tenantScope !== ALL_TENANTS && tenantScope !== principal.tenantScope) {
    return { allowed: false, status: 403, reason: 'a tenant-scoped admin may only create keys for its own tenant' };
  }
  return { allowed: true };
}

export type FieldVisibility = 'full' | 'anonymized';

export function fieldVisibility(role: Role): FieldVisibility {
  return role === 'analyst' ? 'anonymized' : 'full';
}

/**
 * What "anonymized fields only" means: analysts see ids, hashed tenant, the task's type,
 * complexity and requirements, routing, every metric, score, gate and label — but no free text
 * an agent or a user wrote: the task description, failure reasons, diffs, file contents,
 * conversations, turn feedback, tool-call arguments/results and gate details. Paths with `[]`
 * apply to every element of an array.
 */
export const ANALYST_HIDDEN_PATHS: readonly string[] = [
  'task.description',
  'execution.failureReason',
  'execution.artifacts.diff',
  'execution.artifacts.files',
  'execution.artifacts.messages',
  'execution.turns[].messages',
  'execution.turns[].feedback',
  'execution.turns[].toolCalls[].arguments',
  'execution.turns[].toolCalls[].result',
  'evaluation.qualityGates[].detail',
];

/** A deep copy of `record` without the paths the role may not see. */
export function redactForRole<T extends object>(record: T, role: Role): T {
  if (fieldVisibility(role) === 'full') return record;
  const copy = structuredClone(record);
  for (const path of ANALYST_HIDDEN_PATHS) removePath(copy as Record<string, unknown>, path.split('.'));
  return copy;
}

function removePath(target: unknown, segments: string[]): void {
  if (target === null || typeof target !== 'object' || segments.length === 0) return;
  const [head, ...rest] = segments;
  const isArray = head.endsWith('[]');
  const key = isArray ? head.slice(0, -2) : head;
  const container = target as Record<string, unknown>;
  if (rest.length === 0 && !isArray) {
    delete container[key];
    return;
  }
  const next = container[key];
  if (isArray) {
    if (Array.isArray(next)) for (const item of next) removePath(item, rest);
  } else {
    removePath(next, rest);
  }
}
