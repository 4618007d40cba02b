// The public directory of the Maisons des Marocains du Monde (/maisons): every
// entry by region, filtered by region and service (in the URL: ?region=MA-02
// &service=legal_assistance), the downloads (CSV, GeoJSON) and the way to the
// map layer. Contacts only for signed-in users (the API decides).
import './styles.css';
import { h, replace } from './dom';
import * as api from './api';
import { lang, pick, setLangFromUrl, type Lang } from './i18n';
import { localHref, pageHeader } from './public-page';
import { fetchMaisons, type Maison, maisonCard, MT, mt, type Term } from './maisons';

const T: Record<string, Record<Lang, string>> = {
  region: { fr: 'Région', ar: 'الجهة', en: 'Region' },
  service: { fr: 'Service', ar: 'الخدمة', en: 'Service' },
  all: { fr: 'Toutes', ar: 'الكل', en: 'All' },
  download: { fr: 'Télécharger', ar: 'تحميل', en: 'Download' },
  map: { fr: 'Voir sur la carte', ar: 'عرض على الخريطة', en: 'See on the map' },
  atlas: { fr: 'Atlas des projets', ar: 'أطلس المشاريع', en: 'Project atlas' },
  count: { fr: 'entrée(s)', ar: 'مدخل', en: 'entry(ies)' },
};
const tt = (k: string): string => T[k][lang()];

let vocab: { regions?: Term[]; services?: Term[] } = {};

function params(): { region: string; service: string } {
  const p = new URLSearchParams(window.location.search);
  const code = (v: string | null) => (/^[A-Za-z0-9_-]{1,40}$/.test(v ?? '') ? v! : '');
  return { region: code(p.get('region')), service: code(p.get('service')) };
}

function go(next: { region: string; service: string }): void {
  const p = new URLSearchParams();
  if (next.region) p.set('region', next.region);
  if (next.service) p.set('service', next.service);
  if (lang() !== 'fr') p.set('lang', lang());
  window.history.pushState(null, '', `/maisons${p.size ? `?${p}` : ''}`);
  void render();
}

function select(id: string, label: string, terms: Term[] | undefined, value: string,
                onChange: (v: string) => void): HTMLElement {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('select', { id, onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value) },
      h('option', { value: '' }, tt('all')),
      (terms ?? []).map((t) => h('option', { value: t.code, selected: t.code === value }, pick(t.label).text || t.code))));
}

async function render(): Promise<void> {
  setLangFromUrl();
  document.title = `${mt('title')} — Atlas Sharaka`;
  const { region, service } = params();
  const main = h('main', { class: 'st-main maisons-page', id: 'maisons' }, h('p', { class: 'loading' }, '…'));
  replace(document.body, pageHeader(tt('atlas'), () => void render()), main);
  let list: Maison[] = [];
  try {
    if (!vocab.regions) {
      const all = await api.vocabularies();
      vocab = { regions: all.regions, services: all.maison_services };
    }
    list = await fetchMaisons(region);
  } catch {
    replace(main, h('h1', {}, mt('title')), h('p', { role: 'alert' }, mt('error')));
    return;
  }
  const shown = service ? list.filter((m) => m.services?.includes(service)) : list;
  const exports = (format: string) => `/v1/maisons:export?format=${format}${region ? `&regionCode=${region}` : ''}`;
  const byRegion = new Map<string, Maison[]>();
  for (const m of shown) byRegion.set(m.regionCode ?? '', [...(byRegion.get(m.regionCode ?? '') ?? []), m]);
  replace(main,
    h('h1', {}, MT.long[lang()]),
    h('p', {}, mt('intro')),
    shown.some((m) => m.demo) ? h('p', { class: 'demo-tag', id: 'maisons-demo' }, mt('demoNote')) : null,
    h('form', { class: 'maisons-filters', onsubmit: (e: Event) => e.preventDefault() },
      select('m-region', tt('region'), vocab.regions, region, (v) => go({ region: v, service })),
      select('m-service', tt('service'), vocab.services, service, (v) => go({ region, service: v }))),
    h('p', { class: 'maisons-links' },
      `${shown.length} ${tt('count')} · ${tt('download')} : `,
      h('a', { href: exports('csv'), download: '' }, 'CSV'), ' · ',
      h('a', { href: exports('geojson'), download: '' }, 'GeoJSON'), ' · ',
      h('a', { href: localHref('/', { maisons: '1' }) }, tt('map'))),
    shown.length ? [...byRegion.entries()].map(([code, ms]) => h('section', { class: 'maisons-region' },
      h('h2', {}, pick(vocab.regions?.find((r) => r.code === code)?.label).text || code),
      ms.map((m) => maisonCard(m, vocab.services, vocab.regions))))
      : h('p', {}, mt('none')));
}

export function start(): void {
  window.addEventListener('popstate', () => void render());
  void render();
}
