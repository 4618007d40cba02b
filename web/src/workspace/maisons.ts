// The Maisons des Marocains du Monde as the ministry keeps them
// (/workspace/maisons; validators and administrators): every entry with its
// contacts, an edit form per entry and one for a new entry. A save sends only
// the fields changed, with the etag read; when someone else saved first (409)
// the form says so and keeps what was typed, to be saved again after a reload.
// Refusals (a point outside the region, impossible hours…) come back field by
// field in the page's language.
import * as api from '../api';
import { h, replace } from '../dom';
import { dateTime, lang } from '../i18n';
import { type Maison, maisonCard } from '../maisons';
import * as session from './session';
import { w } from './texts';

type Shell = (title: string, ...content: (Node | null)[]) => void;

/** Hours as the form writes them: one period per line, "1 08:30-12:30" (1 = Monday). */
export function hoursText(m: Maison): string {
  return (m.hours ?? []).map((p) => `${p.day} ${p.opens}-${p.closes}`).join('\n');
}
export function parseHours(text: string): Maison['hours'] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const m = l.match(/^(\d)\s+(\S+)\s*-\s*(\S+)$/);
    return m ? { day: Number(m[1]), opens: m[2], closes: m[3] } : { day: 0, opens: l, closes: '' };
  });
}
/** Activity as the form writes it: one year per line, "2024 | 1500 | investment_support=80 legal_assistance=12 | source". */
export function activityText(m: Maison): string {
  return (m.activity ?? []).map((a) => [a.year, a.visitors ?? '', (a.files ?? []).map((f) => `${f.service}=${f.files}`).join(' '),
    a.source ?? ''].join(' | ')).join('\n');
}
export function parseActivity(text: string): Maison['activity'] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const [year, visitors, files, ...source] = l.split('|').map((x) => x.trim());
    return {
      year: Number(year) || 0,
      ...(visitors ? { visitors: Number(visitors) } : {}),
      files: (files ?? '').split(/\s+/).filter(Boolean).map((f) => {
        const [service, n] = f.split('=');
        return { service, files: Number(n) || 0 };
      }),
      source: source.join(' | '),
    };
  });
}

function editor(m: Maison | null, vocab: api.Vocabularies, done: () => void): HTMLElement {
  const base: Maison = m ?? { name: '' };
  const input = (name: string, value: string, attrs: Record<string, string | number | boolean> = {}) =>
    h('input', { name, value, ...attrs }) as HTMLInputElement;
  const f = {
    titleFr: input('title-fr', base.title?.fr ?? '', { maxlength: 200, required: true, lang: 'fr' }),
    titleAr: input('title-ar', base.title?.ar ?? '', { maxlength: 200, required: true, dir: 'rtl', lang: 'ar' }),
    titleEn: input('title-en', base.title?.en ?? '', { maxlength: 200, lang: 'en' }),
    region: h('select', { name: 'region' }, (vocab.regions ?? []).map((r) => h('option', { value: r.code,
      selected: r.code === base.regionCode }, api.termText(r)))) as HTMLSelectElement,
    province: input('province', base.provinceCode ?? '', { maxlength: 10, placeholder: 'MA-OUJ' }),
    addressFr: input('address-fr', base.address?.fr ?? '', { maxlength: 300, lang: 'fr' }),
    addressAr: input('address-ar', base.address?.ar ?? '', { maxlength: 300, dir: 'rtl', lang: 'ar' }),
    lat: input('latitude', String(base.location?.latitude ?? ''), { type: 'number', step: 'any', required: true }),
    lng: input('longitude', String(base.location?.longitude ?? ''), { type: 'number', step: 'any', required: true }),
    hours: h('textarea', { name: 'hours', rows: 4, dir: 'ltr' }, hoursText(base)) as HTMLTextAreaElement,
    phone: input('phone', base.contacts?.phone ?? '', { maxlength: 30, dir: 'ltr' }),
    email: input('email', base.contacts?.email ?? '', { type: 'email', maxlength: 254, dir: 'ltr' }),
    person: input('person', base.contacts?.person ?? '', { maxlength: 120 }),
    activity: h('textarea', { name: 'activity', rows: 3, dir: 'ltr' }, activityText(base)) as HTMLTextAreaElement,
    demo: input('demo', '', { type: 'checkbox', checked: !!base.demo }),
    source: input('source', base.source ?? '', { maxlength: 300 }),
  };
  const services = (vocab.maison_services ?? []).map((t) => h('label', { class: 'ws-check' },
    h('input', { type: 'checkbox', name: 'services', value: t.code, checked: (base.services ?? []).includes(t.code) }),
    ' ', api.termText(t)));
  const status = h('div', { class: 'ws-status', role: 'status', 'aria-live': 'polite' });
  const body = (): Maison => ({
    name: base.name,
    title: { fr: f.titleFr.value, ar: f.titleAr.value, en: f.titleEn.value },
    regionCode: f.region.value, provinceCode: f.province.value.trim(),
    address: { fr: f.addressFr.value, ar: f.addressAr.value },
    location: { latitude: Number(f.lat.value), longitude: Number(f.lng.value) },
    hours: parseHours(f.hours.value),
    services: services.map((l) => l.querySelector('input')!).filter((i) => i.checked).map((i) => i.value),
    contacts: { phone: f.phone.value.trim(), email: f.email.value.trim(), person: f.person.value },
    activity: parseActivity(f.activity.value), demo: f.demo.checked, source: f.source.value,
  });
  // The top-level fields whose value differs from what was read.
  const mask = (next: Maison): string[] => {
    const fields: [keyof Maison, string][] = [['title', 'title'], ['regionCode', 'region_code'],
      ['provinceCode', 'province_code'], ['address', 'address'], ['location', 'location'], ['hours', 'hours'],
      ['services', 'services'], ['contacts', 'contacts'], ['activity', 'activity'], ['demo', 'demo'], ['source', 'source']];
    const norm = (v: unknown) => JSON.stringify(v ?? null, (_k, x) => (x === '' || (Array.isArray(x) && !x.length) ? undefined : x));
    return fields.filter(([k]) => norm(next[k]) !== norm(base[k])).map(([, path]) => path);
  };
  const form = h('form', { class: 'ws-admin-form ws-maison-form', 'data-form': m ? 'edit-maison' : 'new-maison' },
    h('label', {}, w('nameFr'), f.titleFr), h('label', {}, w('nameAr'), f.titleAr), h('label', {}, w('nameEn'), f.titleEn),
    h('label', {}, w('region'), f.region), h('label', {}, w('provinceCode'), f.province),
    h('label', {}, w('addressFr'), f.addressFr), h('label', {}, w('addressAr'), f.addressAr),
    h('label', {}, w('latitude'), f.lat), h('label', {}, w('longitude'), f.lng),
    h('label', {}, w('maisonHours'), f.hours),
    h('fieldset', {}, h('legend', {}, w('maisonServices')), services),
    h('label', {}, w('phone'), f.phone), h('label', {}, w('email'), f.email), h('label', {}, w('contactPerson'), f.person),
    h('label', {}, w('maisonActivity'), f.activity),
    h('label', { class: 'ws-check' }, f.demo, ' ', w('demoEntry')), h('label', {}, w('locationSource'), f.source),
    h('button', { type: 'submit', class: 'primary' }, m ? w('save') : w('create')), status);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      const next = body();
      try {
        if (!m) {
          await session.call('POST', '/v1/maisons', { maison: next, requestId: crypto.randomUUID() });
        } else {
          const paths = mask(next);
          if (!paths.length) { status.textContent = w('nothingChanged'); return; }
          await session.call('PATCH', `/v1/${m.name}?updateMask=${paths.join(',')}`, { ...next, etag: m.etag });
        }
        done();
      } catch (err) {
        if (err instanceof session.ApiError && err.status === 409) {
          replace(status, h('p', { class: 'ws-conflict', role: 'alert' }, w('maisonConflict')));
          return;
        }
        status.textContent = session.errorMessage(err);
      }
    })();
  });
  return form;
}

export async function maisonsPage(shell: Shell): Promise<void> {
  const vocab = await api.vocabularies().catch(() => ({} as api.Vocabularies));
  let list: Maison[] = [];
  try {
    list = (await session.call<{ maisons?: Maison[] }>('GET', '/v1/maisons')).maisons ?? [];
  } catch (e) {
    shell(w('maisonsNav'), h('p', { class: 'ws-error', role: 'alert' }, session.errorMessage(e)));
    return;
  }
  const reload = () => { void maisonsPage(shell); };
  const remove = async (m: Maison, out: HTMLElement) => {
    if (!window.confirm(w('confirmDelete', m.title?.fr ?? m.name))) return;
    try {
      await session.call('DELETE', `/v1/${m.name}?etag=${encodeURIComponent(m.etag ?? '')}`);
      reload();
    } catch (e) { out.textContent = session.errorMessage(e); }
  };
  shell(w('maisonsNav'),
    h('p', {}, w('maisonsLead'), ' ', h('a', { href: lang() === 'fr' ? '/maisons' : `/maisons?lang=${lang()}` }, w('publicAtlas'))),
    h('details', {}, h('summary', {}, w('newMaison')), editor(null, vocab, reload)),
    ...list.map((m) => {
      const out = h('div', { class: 'ws-status', role: 'status', 'aria-live': 'polite' });
      return h('section', { class: 'ws-maison', 'data-maison': m.name },
        maisonCard(m, vocab.maison_services, vocab.regions),
        h('p', {}, h('small', {}, `${m.etag ?? ''} · ${m.updatedBy ?? ''} · ${dateTime(m.updateTime)}`)),
        h('details', {}, h('summary', {}, w('editMaison')), editor(m, vocab, reload)),
        h('button', { type: 'button', class: 'link', 'data-action': 'delete', onclick: () => { void remove(m, out); } }, w('deleteMaison')),
        out);
    }));
}
