/**
 * Every route of the volunteers' pages and the least role it needs. The router is built from this table,
 * so no route can exist without a declared role, and tests walk it with each role and without a session.
 */
import type { Role } from './roles';

export type Access = 'public' | Role;

export const ADMIN_ROUTES = [
  { method: 'GET', path: '/admin.css', access: 'public' },
  { method: 'GET', path: '/login', access: 'public' },
  { method: 'POST', path: '/login', access: 'public' },
  { method: 'POST', path: '/logout', access: 'editor' },
  { method: 'GET', path: '/', access: 'editor' },
  { method: 'GET', path: '/entries', access: 'editor' },
  { method: 'GET', path: '/entries/new', access: 'editor' },
  { method: 'POST', path: '/entries/new', access: 'editor' },
  { method: 'GET', path: '/entries/:id', access: 'editor' },
  { method: 'POST', path: '/entries/:id', access: 'editor' },
  { method: 'GET', path: '/entries/:id/history', access: 'editor' },
  { method: 'POST', path: '/entries/:id/restore', access: 'editor' },
  { method: 'GET', path: '/inbox', access: 'editor' },
  { method: 'POST', path: '/inbox/phrasing', access: 'editor' },
  { method: 'POST', path: '/inbox/dismiss', access: 'editor' },
  { method: 'GET', path: '/review', access: 'reviewer' },
  { method: 'POST', path: '/review/:id/approve', access: 'reviewer' },
  { method: 'POST', path: '/review/:id/reject', access: 'reviewer' },
  { method: 'GET', path: '/audit', access: 'admin' },
  { method: 'GET', path: '/users', access: 'admin' },
  { method: 'POST', path: '/users', access: 'admin' },
  { method: 'POST', path: '/users/:id', access: 'admin' },
] as const satisfies ReadonlyArray<{ method: 'GET' | 'POST'; path: string; access: Access }>;

type RouteOf<R> = R extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never;
export type RouteKey = RouteOf<(typeof ADMIN_ROUTES)[number]>;
