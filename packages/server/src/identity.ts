/**
 * Who is calling. Everything that checks roles asks `IdentityResolver`, so bearer tokens (JWT)
 * can replace the dev-mode header without touching the routes.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface Identity {
  id: string;
  roles: readonly string[];
}

/** Resolves the caller from request headers; null means anonymous. */
export type IdentityResolver = (headers: IncomingHttpHeaders) => Identity | null;

/** The demo's named users; roles are the policy's approver roles. */
export const DEV_USERS: Readonly<Record<string, readonly string[]>> = {
  analyst: ['Ops Finance Analyst'],
  supervisor: ['Finance Supervisor', 'Fulfillment Lead'],
  auditor: ['Internal Audit'],
};

export const DEV_USER_HEADER = 'x-cmdctr-user';

/**
 * Dev mode: `X-Cmdctr-User: supervisor` names a demo user. An unknown name is anonymous rather
 * than an error, so a stale user switcher never locks the page.
 */
export function devUserResolver(
  users: Readonly<Record<string, readonly string[]>> = DEV_USERS,
): IdentityResolver {
  return (headers) => {
    const name = headers[DEV_USER_HEADER];
    if (typeof name !== 'string') return null;
    const roles = Object.hasOwn(users, name) ? users[name] : undefined;
    return roles ? { id: name, roles } : null;
  };
}

export const anonymous: IdentityResolver = () => null;
