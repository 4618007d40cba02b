// Administration (admins): organisations, users and their roles (create,
// change roles, disable, new password), service accounts for partner systems
// (the client secret shown once, at creation), and the theme taxonomy
// (./taxonomy.ts). Everything goes through the identity and registry APIs,
// which check the role.
import { organisationName } from '../api';
import { h, replace } from '../dom';
import { dateTime } from '../i18n';
import type { Ctx } from './common';
import * as session from './session';
import { taxonomySection } from './taxonomy';
import { w } from './texts';

type Shell = (title: string, ...content: (Node | null)[]) => void;
interface Org { name: string; displayNameFr?: string; displayNameAr?: string; displayNameEn?: string; kind?: string; country?: string; demo?: boolean }
interface User { name: string; username: string; organisation: string; roles?: string[]; disabled?: boolean; etag?: string; createTime?: string }
interface ServiceAccount { name: string; displayName: string; organisation: string; disabled?: boolean; createTime?: string }

const ROLES = ['editor', 'validator', 'analyst', 'admin'];
const KINDS = ['MINISTRY', 'NGO', 'DIASPORA_ASSOCIATION', 'REGION', 'AGENCY', 'DONOR'];

function form(fields: [string, HTMLElement][], submit: string, onsubmit: (status: HTMLElement) => Promise<void>): HTMLElement {
  const status = h('div', { class: 'ws-status', role: 'status', 'aria-live': 'polite' });
  const f = h('form', { class: 'ws-admin-form' },
    fields.map(([label, input]) => h('label', {}, label, input)), h('button', { type: 'submit', class: 'primary' }, submit), status);
  f.addEventListener('submit', (e) => { e.preventDefault(); void onsubmit(status); });
  return f;
}


/** A secret shown once, with what to do about it. */
const secret = (title: string, rows: [string, string][]) => h('div', { class: 'ws-secret', role: 'alert' },
  h('strong', {}, title), rows.map(([k, v]) => h('p', {}, `${k} : `, h('code', {}, v))), h('p', {}, w('shownOnce')));

export async function adminPage(shell: Shell, ctx: Ctx): Promise<void> {
  shell(w('admin'), h('p', {}, '…'));
  let orgs: Org[] = [], users: User[] = [], accounts: ServiceAccount[] = [];
  try {
    [orgs, users, accounts] = await Promise.all([
      session.call<{ organisations?: Org[] }>('GET', '/v1/organisations?pageSize=500').then((r) => r.organisations ?? []),
      session.call<{ users?: User[] }>('GET', '/v1/users?pageSize=500').then((r) => r.users ?? []),
      session.call<{ serviceAccounts?: ServiceAccount[] }>('GET', '/v1/serviceAccounts?pageSize=500').then((r) => r.serviceAccounts ?? []),
    ]);
  } catch (e) { shell(w('admin'), h('p', { class: 'ws-error', role: 'alert' }, session.errorMessage(e))); return; }
  const refresh = () => { void adminPage(shell, ctx); };
  const orgName = (name: string) => {
    const o = orgs.find((x) => x.name === name);
    return o ? organisationName(o) : name;
  };
  const orgSelect = () => h('select', { required: true }, orgs.map((o) => h('option', { value: o.name }, orgName(o.name))));

  // Organisations.
  const oid = h('input', { required: true, pattern: '[a-z0-9][a-z0-9-]{1,62}', maxlength: 63 });
  const [ofr, oar, oen] = [h('input', { required: true, maxlength: 200 }), h('input', { maxlength: 200, dir: 'rtl', lang: 'ar' }), h('input', { maxlength: 200 })];
  const okind = h('select', {}, KINDS.map((k) => h('option', { value: k }, k.toLowerCase().replace('_', ' '))));
  const ocountry = h('input', { maxlength: 3, value: 'MAR', pattern: '[A-Z]{3}' });
  const orgForm = form([[w('orgId'), oid], [w('nameFr'), ofr], [w('nameAr'), oar], [w('nameEn'), oen], [w('kind'), okind],
    [w('countryCode'), ocountry]], w('create'), async (status) => {
    try {
      await session.call('POST', `/v1/organisations?organisationId=${encodeURIComponent(oid.value)}`, {
        displayNameFr: ofr.value, displayNameAr: oar.value, displayNameEn: oen.value, kind: okind.value, country: ocountry.value });
      refresh();
    } catch (e) { status.textContent = session.errorMessage(e); }
  });

  // Users.
  const uname = h('input', { required: true, maxlength: 64, autocomplete: 'off' });
  const uorg = orgSelect();
  const uroles = h('select', { multiple: true, size: 4 }, ROLES.map((r) => h('option', { value: r, selected: r === 'editor' }, r)));
  const userForm = form([[w('username'), uname], [w('organisation'), uorg], [w('roles'), uroles]], w('create'), async (status) => {
    try {
      const r = await session.call<{ user: User; initialPassword?: string }>('POST', '/v1/users', {
        user: { username: uname.value, organisation: uorg.value, roles: [...uroles.selectedOptions].map((o) => o.value) } });
      replace(status, secret(w('initialPassword', r.user.username), [[w('password'), r.initialPassword ?? '']]));
      users = [...users, r.user];
      replace(userRows, users.map(userRow));
    } catch (e) { status.textContent = session.errorMessage(e); }
  });
  const userRow = (u: User): HTMLElement => {
    const roles = h('select', { multiple: true, size: 2, 'aria-label': `${w('roles')} — ${u.username}` },
      ROLES.map((r) => h('option', { value: r, selected: (u.roles ?? []).includes(r) }, r)));
    const out = h('div', { class: 'ws-status', role: 'status' });
    const patch = async (body: Partial<User>, mask: string) => {
      try {
        const next = await session.call<User>('PATCH', `/v1/${u.name}?updateMask=${mask}`, { ...body, etag: u.etag });
        Object.assign(u, next);
        out.textContent = w('done');
      } catch (e) { out.textContent = session.errorMessage(e); }
    };
    return h('tr', { 'data-user': u.username },
      h('th', { scope: 'row' }, u.username, u.disabled ? h('span', { class: 'ws-state' }, ` ${w('disabled')}`) : null),
      h('td', {}, orgName(u.organisation)),
      h('td', {}, roles, h('button', { type: 'button', class: 'link', onclick: () => {
        void patch({ roles: [...roles.selectedOptions].map((o) => o.value) }, 'roles');
      } }, w('saveRoles'))),
      h('td', {},
        h('button', { type: 'button', class: 'link', onclick: () => { void patch({ disabled: !u.disabled }, 'disabled').then(refresh); } },
          w(u.disabled ? 'enable' : 'disable')), ' ',
        h('button', { type: 'button', class: 'link', onclick: () => {
          void session.call<{ password: string }>('POST', `/v1/${u.name}:resetPassword`, {})
            .then((r) => replace(out, secret(w('initialPassword', u.username), [[w('password'), r.password]])))
            .catch((e) => { out.textContent = session.errorMessage(e); });
        } }, w('resetPassword')), out));
  };
  const userRows = h('tbody', {}, users.map(userRow));

  // Service accounts.
  const sname = h('input', { required: true, maxlength: 200 });
  const sorg = orgSelect();
  const serviceForm = form([[w('displayName'), sname], [w('organisation'), sorg]], w('create'), async (status) => {
    try {
      const r = await session.call<{ serviceAccount: ServiceAccount; clientId: string; clientSecret: string }>('POST',
        '/v1/serviceAccounts', { displayName: sname.value, organisation: sorg.value });
      replace(status, secret(w('clientCredentials'), [['client_id', r.clientId], ['client_secret', r.clientSecret]]));
      accounts = [...accounts, r.serviceAccount];
      replace(serviceRows, accounts.map(serviceRow));
    } catch (e) { status.textContent = session.errorMessage(e); }
  });
  const serviceRow = (a: ServiceAccount) => h('tr', {},
    h('th', { scope: 'row' }, a.displayName, a.disabled ? h('span', { class: 'ws-state' }, ` ${w('disabled')}`) : null),
    h('td', {}, orgName(a.organisation)), h('td', {}, dateTime(a.createTime)),
    h('td', {}, a.disabled ? '' : h('button', { type: 'button', class: 'link', onclick: () => {
      void session.call('POST', `/v1/${a.name}:disable`, {}).then(refresh);
    } }, w('disable'))));
  const serviceRows = h('tbody', {}, accounts.map(serviceRow));

  const taxonomy = await taxonomySection(ctx);
  const head = (...cols: string[]) => h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, c))));
  shell(w('admin'),
    h('section', { 'aria-labelledby': 'orgs-title' }, h('h2', { id: 'orgs-title' }, w('orgsTitle')),
      h('table', { class: 'ws-table' }, head(w('organisation'), w('kind'), w('countryCode')),
        h('tbody', {}, orgs.map((o) => h('tr', {}, h('th', { scope: 'row' }, orgName(o.name), h('br'), h('small', {}, o.name)),
          h('td', {}, (o.kind ?? '').toLowerCase()), h('td', {}, o.country ?? ''))))),
      h('details', {}, h('summary', {}, w('create')), orgForm)),
    h('section', { 'aria-labelledby': 'users-title' }, h('h2', { id: 'users-title' }, w('usersTitle')),
      h('table', { class: 'ws-table' }, head(w('username'), w('organisation'), w('roles'), ''), userRows),
      h('details', {}, h('summary', {}, w('create')), userForm)),
    h('section', { 'aria-labelledby': 'services-title' }, h('h2', { id: 'services-title' }, w('servicesTitle')),
      h('table', { class: 'ws-table' }, head(w('displayName'), w('organisation'), w('colUpdated'), ''), serviceRows),
      h('details', {}, h('summary', {}, w('create')), serviceForm)),
    taxonomy);
}
