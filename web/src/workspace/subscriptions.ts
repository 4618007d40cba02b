// The signed-in person's notifications: what they subscribe to (event kinds,
// filters), where (the bell, e-mail, a partner system's webhook) and when
// (immediately or as a daily/weekly digest at a local hour, quiet hours).
// Role defaults are listed first and can be switched off. Administrators
// also reach the failed deliveries (/workspace/deliveries).
import { h, replace } from '../dom';
import { lang } from '../i18n';
import * as session from './session';
import { w, type WKey } from './texts';

type Shell = (title: string, ...content: (Node | null)[]) => void;
interface Subscription {
  name: string; kinds: string[]; channel: string; email?: string; endpoint?: string; language: string;
  cadence: string; digestHour?: number; digestWeekday?: number; timeZone?: string;
  quietStartHour?: number; quietEndHour?: number; regions?: string[]; themes?: string[];
  diasporaCountries?: string[]; active?: boolean; defaultForRole?: boolean; etag: string;
}
interface Endpoint { name: string; url: string }

const KINDS = ['project.submitted', 'project.published', 'project.rejected', 'project.commented',
  'project.mentioned', 'project.archived', 'project.stale', 'dataset.released', 'indicator.measured',
  'indicator.off_track', 'indicator.due', 'programming.adopted', 'programming.rolled'];
const kindName = (k: string): string => w(`kind.${k}` as WKey);
const list = (v: string): string[] => v.split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean);

function describe(s: Subscription): string {
  const where = s.channel === 'email' ? `${w('subEmail')} ${s.email ?? ''}` : s.channel === 'webhook' ? w('subWebhook') : w('subInApp');
  const when = s.cadence === 'daily' ? `${w('subDaily')} ${s.digestHour ?? 8} h` : s.cadence === 'weekly' ? w('subWeekly') : w('subImmediate');
  const filters = [...(s.regions ?? []), ...(s.themes ?? []), ...(s.diasporaCountries ?? [])].join(', ');
  return `${where} · ${when}${filters ? ` · ${filters}` : ''}`;
}

export async function subscriptionsPage(shell: Shell): Promise<void> {
  shell(w('subscriptions'), h('p', {}, '…'));
  const status = h('p', { role: 'status', class: 'ws-status' });
  const rows = h('div', {});
  const endpoints = session.hasRole('service', 'admin')
    ? ((await session.call<{ endpoints?: Endpoint[] }>('GET', '/v1/webhookEndpoints').catch(() => ({ endpoints: [] }))).endpoints ?? [])
    : [];

  async function load(): Promise<void> {
    const subs = (await session.call<{ subscriptions?: Subscription[] }>('GET', '/v1/subscriptions')).subscriptions ?? [];
    replace(rows, subs.length === 0 ? h('p', {}, w('subNone')) : h('ul', { class: 'sub-list' }, subs.map((s) => h('li', {
      class: s.active ? 'sub-on' : 'sub-off', 'data-subscription': s.name,
    },
    h('strong', {}, s.kinds.map(kindName).join(', ')),
    s.defaultForRole ? h('span', { class: 'sub-default' }, ` (${w('subDefault')})`) : null,
    h('br'), h('span', {}, describe(s), ' · ', s.active ? w('subActive') : w('subOff')), ' ',
    h('button', { type: 'button', class: 'link', onclick: () => { void toggle(s); } }, s.active ? w('subSwitchOff') : w('subSwitchOn')),
    s.defaultForRole ? null : ' ',
    s.defaultForRole ? null : ' ',
    s.defaultForRole ? null : h('button', { type: 'button', class: 'link', onclick: () => { void remove(s); } }, w('subDelete'))))));
  }
  async function toggle(s: Subscription): Promise<void> {
    try {
      await session.call('PATCH', `/v1/${s.name}`, { ...s, active: !s.active });
      await load();
    } catch (e) { status.textContent = session.errorMessage(e); }
  }
  async function remove(s: Subscription): Promise<void> {
    try { await session.call('DELETE', `/v1/${s.name}`); await load(); }
    catch (e) { status.textContent = session.errorMessage(e); }
  }

  // The form: kinds, filters, channel, cadence.
  const boxes = KINDS.map((k) => h('label', { class: 'sub-kind' }, h('input', { type: 'checkbox', name: 'kind', value: k }), ' ', kindName(k)));
  const field = (label: string, input: HTMLElement) => h('label', { class: 'sub-field' }, label, ' ', input);
  const channel = h('select', { name: 'channel' },
    h('option', { value: 'in_app' }, w('subInApp')), h('option', { value: 'email' }, w('subEmail')),
    endpoints.length ? h('option', { value: 'webhook' }, w('subWebhook')) : null) as HTMLSelectElement;
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'email', dir: 'ltr' }) as HTMLInputElement;
  const endpoint = h('select', { name: 'endpoint' }, endpoints.map((e) => h('option', { value: e.name }, e.url))) as HTMLSelectElement;
  const language = h('select', { name: 'language' }, ['fr', 'ar', 'en'].map((l) => h('option', { value: l, selected: l === lang() }, l))) as HTMLSelectElement;
  const cadence = h('select', { name: 'cadence' }, h('option', { value: 'immediate' }, w('subImmediate')),
    h('option', { value: 'daily' }, w('subDaily')), h('option', { value: 'weekly' }, w('subWeekly'))) as HTMLSelectElement;
  const hour = h('input', { type: 'number', name: 'digestHour', min: '0', max: '23', value: '8' }) as HTMLInputElement;
  const weekday = h('input', { type: 'number', name: 'digestWeekday', min: '1', max: '7', value: '1' }) as HTMLInputElement;
  const zone = h('input', { type: 'text', name: 'timeZone', value: 'Africa/Casablanca', dir: 'ltr' }) as HTMLInputElement;
  const quietFrom = h('input', { type: 'number', name: 'quietStartHour', min: '0', max: '23', 'aria-label': w('subQuietFrom') }) as HTMLInputElement;
  const quietTo = h('input', { type: 'number', name: 'quietEndHour', min: '0', max: '23', 'aria-label': w('subQuietTo') }) as HTMLInputElement;
  const regions = h('input', { type: 'text', name: 'regions', dir: 'ltr' }) as HTMLInputElement;
  const themes = h('input', { type: 'text', name: 'themes', dir: 'ltr' }) as HTMLInputElement;
  const countries = h('input', { type: 'text', name: 'diasporaCountries', dir: 'ltr' }) as HTMLInputElement;
  // The server checks and names every problem in the page's language.
  const form = h('form', { class: 'sub-form', 'aria-label': w('subAdd'), novalidate: true },
    h('fieldset', {}, h('legend', {}, w('subKinds')), ...boxes),
    h('fieldset', {}, h('legend', {}, w('subFilters')), field(w('subRegions'), regions), field(w('subThemes'), themes),
      field(w('subCountries'), countries)),
    h('fieldset', {}, h('legend', {}, w('subChannel')), field(w('subChannel'), channel), field(w('subAddress'), email),
      endpoints.length ? field(w('subEndpoint'), endpoint) : null, field(w('subLanguage'), language)),
    h('fieldset', {}, h('legend', {}, w('subCadence')), field(w('subCadence'), cadence), field(w('subHour'), hour),
      field(w('subWeekday'), weekday), field(w('subZone'), zone),
      h('span', { class: 'sub-field' }, w('subQuiet'), ' ', quietFrom, ' — ', quietTo)),
    h('button', { type: 'submit', class: 'button primary' }, w('subAdd'))) as HTMLFormElement;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body: Record<string, unknown> = {
      kinds: boxes.map((b) => b.querySelector('input') as HTMLInputElement).filter((i) => i.checked).map((i) => i.value),
      channel: channel.value, language: language.value, cadence: cadence.value,
      digestHour: Number(hour.value || 8), digestWeekday: Number(weekday.value || 1), timeZone: zone.value,
      regions: list(regions.value), themes: list(themes.value), diasporaCountries: list(countries.value),
    };
    if (channel.value === 'email') body.email = email.value;
    if (channel.value === 'webhook') body.endpoint = endpoint.value;
    if (quietFrom.value !== '' || quietTo.value !== '') {
      body.quietStartHour = Number(quietFrom.value || -1);
      body.quietEndHour = Number(quietTo.value || -1);
    }
    void session.call('POST', '/v1/subscriptions', body).then(async () => {
      status.textContent = w('subSaved');
      form.reset();
      await load();
    }, (err) => { status.textContent = session.errorMessage(err); });
  });
  await load();
  shell(w('subscriptions'), h('p', {}, w('subLead')), rows, h('h2', {}, w('subAdd')), form, status,
    session.hasRole('admin') ? h('p', {}, h('a', { href: '/workspace/deliveries' }, w('deliveries'))) : null);
}

interface Delivery { name: string; channel: string; eventType: string; status: string; attempts: number; lastError?: string; target: string; createTime: string }

export async function deliveriesPage(shell: Shell): Promise<void> {
  const status = h('p', { role: 'status', class: 'ws-status' });
  const table = h('div', {});
  async function load(): Promise<void> {
    const r = await session.call<{ deliveries?: Delivery[] }>('GET', '/v1/deliveries?statuses=failed&statuses=dead&statuses=refused&pageSize=200');
    const rows = r.deliveries ?? [];
    replace(table, rows.length === 0 ? h('p', {}, w('delNone')) : h('table', { class: 'ws-table' },
      h('thead', {}, h('tr', {}, [w('subChannel'), w('delTarget'), w('subKinds'), w('delStatus'), w('delAttempts'), w('delError'), ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((d) => h('tr', { 'data-delivery': d.name },
        h('td', {}, d.channel === 'email' ? w('subEmail') : w('subWebhook')), h('td', { dir: 'ltr' }, d.target),
        h('td', {}, d.eventType.replace(/^ma\.sharaka\.atlas\./, '')), h('td', {}, d.status), h('td', {}, String(d.attempts)),
        h('td', { dir: 'ltr' }, d.lastError ?? ''),
        h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => {
          void session.call('POST', `/v1/${d.name}:retry`, {}).then(load, (e) => { status.textContent = session.errorMessage(e); });
        } }, w('delRetry'))))))));
  }
  shell(w('deliveries'), h('p', {}, '…'));
  await load();
  shell(w('deliveries'), h('p', {}, w('delLead')), table, status);
}
