// The region page's figures beyond its counts (issue 23): its budget by theme
// and by year (indicative EUR, each project's budget lines split evenly over
// its themes, so the parts add up to the total), the diaspora countries its
// projects involve, the themes it has no project in, and what is known of
// the emigrants born there (no published source gives them by region).
import * as api from './api';
import { h } from './dom';
import { THEME_COLOURS } from './colours';
import { money, num, t } from './i18n';
import type { State } from './state';

interface Figures {
  byTheme: Map<string, number>; byYear: Map<number, number>; cells: Map<string, number>;
  total: number; unconverted: number;
}

// Sums the projects' budget lines in EUR at the indicative rates.
export function regionFigures(projects: api.Project[]): Figures {
  const perEur = api.indicativeRates().perEur ?? {};
  const out: Figures = { byTheme: new Map(), byYear: new Map(), cells: new Map(), total: 0, unconverted: 0 };
  for (const p of projects) {
    const rate = perEur[p.currency || 'MAD'];
    const themes = p.themes?.length ? p.themes : [''];
    for (const b of p.budget ?? []) {
      if (!rate) { out.unconverted++; continue; }
      const eur = b.amount / rate;
      out.total += eur;
      out.byYear.set(b.year, (out.byYear.get(b.year) ?? 0) + eur);
      for (const th of themes) {
        out.byTheme.set(th, (out.byTheme.get(th) ?? 0) + eur / themes.length);
        const key = `${th}|${b.year}`;
        out.cells.set(key, (out.cells.get(key) ?? 0) + eur / themes.length);
      }
    }
  }
  return out;
}

// A bar per row, as long as its value against the largest, with its figure.
export function bars(rows: [string, number, string?][], label: (k: string) => string,
                     figure: (v: number) => string = (v) => num(v), cls = 'bars'): HTMLElement {
  const max = Math.max(1, ...rows.map(([, v]) => v));
  return h('ul', { class: cls }, rows.map(([k, v, colour]) => h('li', {},
    h('span', {}, label(k)),
    h('span', { class: 'bar', style: `width:${(v / max) * 100}%;background:${colour ?? '#0b6e4f'}` }),
    h('span', { class: 'count' }, figure(v)))));
}
const thousands = (v: number) => num(v / 1000);

export async function regionDetails(el: HTMLElement, s: State, code: string, vocab: api.Vocabularies,
                                    facets: api.Facet[] | undefined): Promise<void> {
  const name = (list: string, c: string) => api.termLabel(vocab, list, c);
  const p = api.registryQuery({ ...s, region: code });
  p.set('pageSize', '1000');
  p.set('language', s.lang);
  let projects: api.Project[] = [];
  try {
    projects = (await api.getProjects(p)).projects ?? [];
  } catch {
    el.replaceChildren(h('p', { role: 'alert' }, t('error')));
    return;
  }
  const f = regionFigures(projects);
  const themes = [...f.byTheme.entries()].sort((a, b) => b[1] - a[1]);
  const years = [...f.byYear.entries()].sort((a, b) => a[0] - b[0]);
  const count = (field: string) => new Map((facets?.find((x) => x.field === field)?.values ?? []).map((v) => [v.value, v.count]));
  const themeCounts = count('themes');
  const countries = [...count('diaspora_countries').entries()].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  const gaps = (vocab.themes ?? []).filter((th) => !th.retired && !themeCounts.get(th.code));
  const table = h('table', { class: 'region-matrix' },
    h('caption', {}, t('budgetThemeYear')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('themes')), years.map(([y]) => h('th', { scope: 'col' }, String(y))))),
    h('tbody', {}, themes.map(([th]) => h('tr', {}, h('th', { scope: 'row' }, name('themes', th)),
      years.map(([y]) => f.cells.has(`${th}|${y}`) ? h('td', {}, num(f.cells.get(`${th}|${y}`)! / 1000))
        : h('td', { title: t('dashNoBudget') }, '—'))))));
  el.replaceChildren(
    h('section', { id: 'region-budget' }, h('h3', {}, t('budgetByTheme')),
      h('p', { class: 'total' }, t('labelled', t('regionBudget'), money(f.total, 'EUR'))),
      bars(themes.map(([th, v]) => [th, v, THEME_COLOURS[th]]), (th) => name('themes', th), thousands, 'bars money'),
      h('h3', {}, t('budgetByYear')),
      bars(years.map(([y, v]) => [String(y), v]), (y) => y, thousands, 'bars money'),
      h('details', {}, h('summary', {}, t('budgetThemeYear')), h('div', { class: 'scroll' }, table),
        h('p', { class: 'rates' }, t('dashNoBudget'))),
      h('p', { class: 'rates' }, t('thousandsEur'), ' ', t('splitOverThemes'), ' ', api.ratesNote()),
      f.unconverted ? h('p', { class: 'rates' }, t('unconverted', f.unconverted)) : null),
    h('section', { id: 'region-diaspora' }, h('h3', {}, t('diasporaLinks')),
      countries.length ? h('ul', { class: 'chips' }, countries.map(([c, n]) => h('li', { 'data-country': c },
        `${name('diaspora_countries', c)} (${num(n)})`))) : h('p', {}, t('noDiasporaLinks'))),
    h('section', { id: 'region-gaps' }, h('h3', {}, t('regionGaps')),
      gaps.length ? h('ul', {}, gaps.map((th) => h('li', { 'data-theme': th.code }, api.termText(th)))) : h('p', {}, t('noGaps'))),
    h('section', { id: 'region-emigrants' }, h('h3', {}, t('bornHere')), h('p', {}, t('bornHereNone'))));
}
