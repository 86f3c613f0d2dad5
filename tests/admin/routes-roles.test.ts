/**
 * Every admin route, walked without a session and with each role: the server enforces the role of each
 * route (routes.ts is the only place routes are declared, so a new route cannot skip this test).
 */
import { ADMIN_ROUTES } from '../../src/admin';
import { allows, ROLES, type Role } from '../../src/admin/roles';
import { AdminClient, startAdminApp, type AdminApp } from './helpers';

let admin: AdminApp;
beforeAll(async () => {
  admin = await startAdminApp();
  for (const role of ROLES) await admin.addUser(`${role}-user`, role);
});
afterAll(() => admin.stop());

const concrete = (path: string) => `/admin${path.replace('/entries/:id', '/entries/healthcare.gp').replace('/review/:id', '/review/424242').replace('/users/:id', '/users/424242')}`;
// Sign-out ends the session the walk uses, so it goes last.
const walk = [...ADMIN_ROUTES].sort((a, b) => Number(a.path === '/logout') - Number(b.path === '/logout'));

describe('without a session', () => {
  const client = () => new AdminClient(admin.base);

  test.each(walk.filter((r) => r.access !== 'public'))('$method $path is refused', async ({ method, path }) => {
    const c = client();
    const page = method === 'GET' ? await c.get(concrete(path)) : await c.post(concrete(path), { _csrf: 'x' }, { follow: false });
    if (method === 'GET') {
      expect(page.status).toBe(303);
      expect(page.location).toMatch(/^\/admin\/login\?next=/);
    } else {
      expect(page.status).toBe(401);
    }
    expect(page.text).not.toContain('healthcare.gp');
  });

  test('public routes are the style sheet and the sign-in form only', async () => {
    expect(ADMIN_ROUTES.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.path}`)).toEqual(['GET /admin.css', 'GET /login', 'POST /login']);
    expect((await client().get('/admin/admin.css')).status).toBe(200);
    expect((await client().get('/admin/login')).status).toBe(200);
    expect((await client().post('/admin/login', { name: 'admin-user', password: 'x' }, { follow: false })).status).toBe(403);
  });

  test('an unknown admin path is a 404 page, not the web chat', async () => {
    const page = await client().get('/admin/nothing-here');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});

describe.each(ROLES)('signed in as %s', (role: Role) => {
  const client = new AdminClient('');
  beforeAll(async () => {
    Object.assign(client, { base: admin.base });
    const res = await client.login(`${role}-user`);
    expect(res.status).toBe(303);
    await client.get('/admin/entries');
  });

  test.each(walk.filter((r) => r.access !== 'public' && r.path !== '/logout'))('$method $path ($access)', async ({ method, path, access }) => {
    const page = method === 'GET' ? await client.get(concrete(path)) : await client.post(concrete(path), {}, { follow: false });
    if (allows(role, access as Role)) {
      expect([401, 403]).not.toContain(page.status);
      if (method === 'GET') expect(page.status).toBe(path === '/' ? 303 : 200);
    } else {
      expect(page.status).toBe(403);
      expect(page.text).toContain(`needs the ${access} role`);
    }
  });

  test('a form without the session\'s CSRF token is refused', async () => {
    const page = await client.post('/admin/inbox/dismiss', { _csrf: 'forged', ids: '1' }, { follow: false });
    expect(page.status).toBe(403);
    expect(page.text).toContain('The form has expired');
  });

  test('POST /logout ends the session', async () => {
    expect((await client.post('/admin/logout', {}, { follow: false })).status).toBe(303);
    expect((await client.get('/admin/entries')).status).toBe(303);
  });
});
