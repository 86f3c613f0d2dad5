/** Accounts (admins only): list, create, role, lock and disable. The CLI does the same from a shell. */
import { field, seeOther, sendPage } from '../http-util';
import { isRole } from '../roles';
import { UserError } from '../users';
import { flash, frameFor, type AdminServices, type SignedInHandler } from '../context';
import { usersPage } from '../pages/users';

export function userHandlers(services: AdminServices) {
  const { users } = services;

  const show: SignedInHandler = async (_req, res, visitor) => {
    sendPage(res, 200, usersPage(await frameFor(services, visitor, { takeFlash: true }), await users.list(), services.now().getTime()));
  };

  const create: SignedInHandler = async (req, res, visitor) => {
    const role = field(req, 'role');
    const name = field(req, 'name').trim();
    try {
      if (!isRole(role)) throw new UserError('choose a role');
      await users.create(name, role, field(req, 'password'));
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      sendPage(res, 422, usersPage(await frameFor(services, visitor), await users.list(), services.now().getTime(), `Not created: ${err.message}.`));
      return;
    }
    await flash(services, visitor, `Created the account ${name} (${role}).`);
    seeOther(res, '/admin/users');
  };

  const update: SignedInHandler = async (req, res, visitor) => {
    const target = await users.get(Number(req.params.id));
    if (!target || target.id === visitor.user.id) {
      await flash(services, visitor, '!You cannot change this account here.');
      return seeOther(res, '/admin/users');
    }
    const role = field(req, 'role');
    switch (field(req, 'action')) {
      case 'role':
        if (isRole(role)) await users.setRole(target.id, role);
        break;
      case 'unlock':
        await users.unlock(target.id);
        break;
      case 'disable':
        await users.setDisabled(target.id, true);
        break;
      case 'enable':
        await users.setDisabled(target.id, false);
        break;
    }
    await flash(services, visitor, `Updated ${target.name}.`);
    seeOther(res, '/admin/users');
  };

  return { show, create, update };
}
