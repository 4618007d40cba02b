// The public library of studies and reports (/library): a search in the
// documents' metadata and PDF text, filters by kind and region (all in the
// URL: ?q=compétences&kind=STUDY&region=MA-02), 20 results a page with the
// passage that matched, each PDF to download.
import './styles.css';
import { h, replace } from './dom';
import * as api from './api';
import { lang, pick, setLangFromUrl, type Lang } from './i18n';
import { pageHeader } from './public-page';
import { documentCard, fetchDocuments, LT, lt, type Term } from './library';

const T: Record<string, Record<Lang, string>> = {
  search: { fr: 'Rechercher', ar: 'بحث', en: 'Search' },
  words: { fr: 'Mots à chercher', ar: 'كلمات البحث', en: 'Words to search' },
  kind: { fr: 'Type', ar: 'النوع', en: 'Type' },
  region: { fr: 'Région', ar: 'الجهة', en: 'Region' },
  all: { fr: 'Tous', ar: 'الكل', en: 'All' },
  results: { fr: 'document(s)', ar: 'وثيقة', en: 'document(s)' },
  more: { fr: 'Suivants', ar: 'التالي', en: 'Next' },
  atlas: { fr: 'Atlas des projets', ar: 'أطلس المشاريع', en: 'Project atlas' },
};
const tt = (k: string): string => T[k][lang()];
const KINDS = ['STUDY', 'DIAGNOSTIC', 'EVALUATION_REPORT', 'MINUTES'];

let regions: Term[] | undefined;

function params(): Record<string, string> {
  const p = new URLSearchParams(window.location.search);
  const code = (v: string | null) => (/^[A-Za-z0-9_-]{1,40}$/.test(v ?? '') ? v! : '');
  return { q: (p.get('q') ?? '').slice(0, 200), kind: code(p.get('kind')), region: code(p.get('region')),
           page: (p.get('page') ?? '').slice(0, 100) };
}

function go(next: Record<string, string>): void {
  const p = new URLSearchParams(Object.entries(next).filter(([, v]) => v));
  if (lang() !== 'fr') p.set('lang', lang());
  window.history.pushState(null, '', `/library${p.size ? `?${p}` : ''}`);
  void render();
}

async function render(): Promise<void> {
  setLangFromUrl();
  document.title = `${LT.title[lang()]} — Atlas Sharaka`;
  const s = params();
  const main = h('main', { class: 'st-main library-page', id: 'library' }, h('p', { class: 'loading' }, '…'));
  replace(document.body, pageHeader(tt('atlas'), () => void render()), main);
  let page: Awaited<ReturnType<typeof fetchDocuments>>;
  try {
    if (!regions) {
      regions = (await api.vocabularies()).regions;
    }
    page = await fetchDocuments({ q: s.q, kind: s.kind, regionCode: s.region, pageSize: '20', pageToken: s.page });
  } catch {
    replace(main, h('h1', {}, LT.title[lang()]), h('p', { role: 'alert' }, lt('error')));
    return;
  }
  const words = h('input', { id: 'l-q', type: 'search', value: s.q, maxlength: 200 }) as HTMLInputElement;
  const kind = h('select', { id: 'l-kind' }, h('option', { value: '' }, tt('all')),
    KINDS.map((k) => h('option', { value: k, selected: k === s.kind }, lt(k)))) as HTMLSelectElement;
  const region = h('select', { id: 'l-region' }, h('option', { value: '' }, tt('all')),
    (regions ?? []).map((r) => h('option', { value: r.code, selected: r.code === s.region },
      pick(r.label).text || r.code))) as HTMLSelectElement;
  const form = h('form', { class: 'library-search', role: 'search' },
    h('div', { class: 'field' }, h('label', { for: 'l-q' }, tt('words')), words),
    h('div', { class: 'field' }, h('label', { for: 'l-kind' }, tt('kind')), kind),
    h('div', { class: 'field' }, h('label', { for: 'l-region' }, tt('region')), region),
    h('button', { type: 'submit', class: 'primary' }, tt('search')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go({ q: words.value.trim(), kind: kind.value, region: region.value });
  });
  replace(main,
    h('h1', {}, LT.title[lang()]),
    h('p', {}, lt('intro')),
    form,
    h('p', { class: 'library-count', 'aria-live': 'polite' }, `${page.total} ${tt('results')}`),
    page.documents.length ? page.documents.map((d) => documentCard(d, regions)) : h('p', {}, lt('none')),
    page.next ? h('p', {}, h('button', { type: 'button', class: 'link', onclick: () => go({ ...s, page: page.next }) },
      tt('more'))) : null);
}

export function start(): void {
  window.addEventListener('popstate', () => void render());
  void render();
}
