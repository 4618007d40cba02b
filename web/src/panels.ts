// The side panels: filters with facet counts, the result list, the project
// sheet, the region page and the choropleth legend.
import * as api from './api';
import { h, replace } from './dom';
import { CLASS_COLOURS, THEME_COLOURS } from './colours';
import { HATCH, formatValue, metricNotes, noDataText } from './figures';
import { miniMap } from './minimap';
import { bars, regionDetails } from './region';
import { regionDocuments } from './library';
import { regionMaisons } from './maisons';
import { criterionName, type Lang, date, lang, languageName, money, num, percent, pick, roleName, STATUSES, statusName, t } from './i18n';
import type { State } from './state';

export interface Ctx {
  state: () => State;
  go: (patch: Partial<State>, push?: boolean) => void;
  vocab: api.Vocabularies;
  organisations: api.Organisation[];
  // Shows a project's place on the map beside the sheet.
  focus?: (lng: number, lat: number) => void;
}

export const termName = (ctx: Ctx, vocab: string, code: string): string => api.termLabel(ctx.vocab, vocab, code);

function facetCounts(facets: api.Facet[] | undefined, field: string): Map<string, number> {
  return new Map((facets?.find((f) => f.field === field)?.values ?? []).map((v) => [v.value, v.count]));
}

function select(id: string, label: string, any: string, options: [string, string][], value: string,
                onChange: (v: string) => void): HTMLElement {
  const sel = h('select', { id, onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value) },
    h('option', { value: '' }, any),
    options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  return h('div', { class: 'field' }, h('label', { for: id }, label), sel);
}

export function renderFilters(el: HTMLElement, ctx: Ctx, facets?: api.Facet[]): void {
  const s = ctx.state();
  const themes = facetCounts(facets, 'themes');
  const regions = facetCounts(facets, 'region_codes');
  const statuses = facetCounts(facets, 'statuses');
  const countries = facetCounts(facets, 'diaspora_countries');
  const orgs = facetCounts(facets, 'organisations');
  const targets = facetCounts(facets, 'target_groups');
  const orgName = (o: api.Organisation) =>
    api.organisationName(o);
  const withCount = (text: string, n: number | undefined) => (n === undefined ? text : `${text} (${num(n)})`);
  const toggle = (code: string) => () => {
    const on = ctx.state().themes.includes(code);
    ctx.go({ themes: on ? ctx.state().themes.filter((x) => x !== code) : [...ctx.state().themes, code] });
  };
  replace(el,
    h('h2', { id: 'filters-title' }, t('filters')),
    h('fieldset', { class: 'themes' },
      h('legend', {}, t('themes')),
      // Retired themes only where projects still have them (or the URL asks).
      (ctx.vocab.themes ?? []).filter((term) => !term.retired || themes.has(term.code) || s.themes.includes(term.code))
        .map((term) => h('label', { class: 'theme' },
        h('input', { type: 'checkbox', value: term.code, checked: s.themes.includes(term.code),
                     onchange: toggle(term.code) }),
        h('span', { class: 'swatch', style: `background:${THEME_COLOURS[term.code] ?? '#555'}`, 'aria-hidden': 'true' }),
        h('span', {}, pick(term.label).text),
        h('span', { class: 'count', 'data-theme-count': term.code }, themes.has(term.code) ? num(themes.get(term.code)!) : '0')))),
    select('f-region', t('region'), t('allRegions'),
      (ctx.vocab.regions ?? []).map((r) => [r.code, withCount(pick(r.label).text, regions.get(r.code))]),
      s.region, (v) => ctx.go({ region: v, page: s.page.kind === 'region' ? { kind: 'atlas' } : s.page })),
    select('f-status', t('status'), t('anyStatus'),
      STATUSES.map((c) => [c, withCount(statusName(c), statuses.get(c))]), s.status, (v) => ctx.go({ status: v })),
    select('f-country', t('country'), t('anyCountry'),
      [...countries.keys()].sort().map((c) => [c, withCount(termName(ctx, 'diaspora_countries', c), countries.get(c))]),
      s.country, (v) => ctx.go({ country: v })),
    select('f-org', t('partner'), t('anyPartner'),
      ctx.organisations.filter((o) => orgs.has(o.name) || s.org === o.name.replace(/^organisations\//, ''))
        .map((o) => [o.name.replace(/^organisations\//, ''), withCount(orgName(o), orgs.get(o.name))]),
      s.org, (v) => ctx.go({ org: v })),
    select('f-target', t('targetGroups'), t('anyTarget'),
      (ctx.vocab.target_groups ?? []).map((g) => [g.code, withCount(pick(g.label).text, targets.get(g.code))]),
      s.target, (v) => ctx.go({ target: v })),
    h('fieldset', { class: 'years' }, h('legend', {}, t('years')),
      h('label', {}, t('from'), h('input', { type: 'number', min: 1990, max: 2100, inputmode: 'numeric',
        value: s.yearFrom || '', onchange: (e: Event) => ctx.go({ yearFrom: Number((e.target as HTMLInputElement).value) || 0 }) })),
      h('label', {}, t('to'), h('input', { type: 'number', min: 1990, max: 2100, inputmode: 'numeric',
        value: s.yearTo || '', onchange: (e: Event) => ctx.go({ yearTo: Number((e.target as HTMLInputElement).value) || 0 }) }))),
    h('button', { type: 'button', class: 'link', onclick: () => ctx.go({
      themes: [], region: '', status: '', country: '', org: '', target: '', yearFrom: 0, yearTo: 0, q: '' }) },
      t('clear')));
}

function listItem(ctx: Ctx, p: api.Project): HTMLElement {
  const id = p.name.replace(/^projects\//, '');
  const title = pick(p.title, p.originalLanguage);
  return h('li', {},
    h('a', { href: `/projects/${id}`, 'data-project': id, lang: title.lang,
             onclick: (e: Event) => { e.preventDefault(); ctx.go({ page: { kind: 'project', id } }); } },
      title.text),
    h('div', { class: 'meta' },
      (p.themes ?? []).map((th) => h('span', { class: 'chip', style: `border-color:${THEME_COLOURS[th] ?? '#555'}` },
        termName(ctx, 'themes', th))),
      (p.regionCodes ?? []).map((c) => h('span', { class: 'where' }, termName(ctx, 'regions', c))),
      p.goodPractice ? h('span', { class: 'badge' }, t('goodPractice')) : null));
}

/** The result list: a page of projects, and a button that appends the next. */
export function renderList(el: HTMLElement, ctx: Ctx, r: api.ProjectPage,
                           more: (token: string) => Promise<api.ProjectPage>): void {
  const projects = r.projects ?? [];
  const items = h('ol', { class: 'results' }, projects.map((p) => listItem(ctx, p)));
  const moreButton = (token?: string): HTMLElement | null => {
    if (!token) return null;
    const button = h('button', { type: 'button', class: 'more' }, t('more'));
    button.addEventListener('click', () => {
      (button as HTMLButtonElement).disabled = true;
      more(token).then((next) => {
        (next.projects ?? []).forEach((p) => items.append(listItem(ctx, p)));
        button.replaceWith(moreButton(next.nextPageToken) ?? '');
        // Keyboard users continue from the first new result.
        items.children[items.children.length - (next.projects?.length ?? 0)]?.querySelector('a')?.focus();
      }).catch(() => { (button as HTMLButtonElement).disabled = false; });
    });
    return button;
  };
  replace(el,
    h('p', { class: 'total', role: 'status', 'aria-live': 'polite', 'data-total': r.totalSize ?? 0 },
      t('results', r.totalSize ?? 0)),
    projects.length === 0 ? h('p', {}, t('noResults')) : items,
    moreButton(r.nextPageToken));
}

function section(title: string, ...body: (Node | string | null | false)[]): HTMLElement | null {
  const content = body.filter((b) => b !== null && b !== false && b !== '');
  return content.length ? h('section', {}, h('h3', {}, title), content as Node[]) : null;
}

function text(l: api.Project, field: keyof api.Project): HTMLElement | null {
  const v = pick(l[field] as api.Project['title'], l.originalLanguage);
  if (!v.text) return null;
  return h('div', { lang: v.lang, dir: v.lang === 'ar' ? 'rtl' : 'auto' },
    h('p', {}, v.text),
    v.lang !== lang() ? h('p', { class: 'original' }, t('originalLanguage', languageName(v.lang as Lang))) : null);
}

// The chronogramme: planned and actual spans on one axis, milestones as ticks.
function timeline(p: api.Project): HTMLElement | null {
  const y = (d?: api.DateParts) => (d?.year ? d.year + ((d.month ?? 1) - 1) / 12 : undefined);
  const spans = [
    { kind: 'planned', from: y(p.plannedStart), to: y(p.plannedEnd) },
    { kind: 'actual', from: y(p.actualStart), to: y(p.actualEnd) },
  ].filter((s) => s.from !== undefined);
  if (!spans.length) return null;
  const all = spans.flatMap((s) => [s.from!, s.to ?? s.from!]).concat(
    (p.milestones ?? []).map((m) => y(m.plannedDate)).filter((v): v is number => v !== undefined));
  const lo = Math.floor(Math.min(...all)), hi = Math.ceil(Math.max(...all)) + 1;
  const pct = (v: number) => `${((v - lo) / (hi - lo)) * 100}%`;
  return h('div', { class: 'timeline', role: 'img', 'aria-label': `${t('dates')}: ${date(p.plannedStart)} – ${date(p.plannedEnd)}` },
    spans.map((s) => h('div', { class: `span ${s.kind}`,
      style: `inset-inline-start:${pct(s.from!)};width:calc(${pct(s.to ?? s.from! + 0.1)} - ${pct(s.from!)})` },
      h('span', {}, `${t(s.kind as 'planned' | 'actual')} ${Math.floor(s.from!)}–${s.to ? Math.floor(s.to) : '…'}`))),
    (p.milestones ?? []).filter((m) => m.plannedDate?.year).map((m) => h('div', {
      class: `milestone${m.actualDate?.year ? ' done' : ''}`, style: `inset-inline-start:${pct(y(m.plannedDate)!)}`,
      title: `${m.title} — ${date(m.plannedDate)}` })),
    h('div', { class: 'axis' }, h('span', {}, String(lo)), h('span', {}, String(hi))));
}

export async function renderSheet(el: HTMLElement, ctx: Ctx, id: string, embedded = false): Promise<void> {
  el.hidden = false;
  replace(el, h('p', { class: 'loading' }, '…'));
  let p: api.Project;
  try {
    p = await api.getProject(id);
  } catch (e) {
    replace(el, h('p', { role: 'alert' }, e instanceof api.ApiError ? e.message : t('error')));
    return;
  }
  const [sim, evals, mini] = await Promise.all([api.similar(id),
    p.goodPractice ? api.evaluations(id) : Promise.resolve({ evaluations: [] }), miniMap(p)]);
  const title = pick(p.title, p.originalLanguage);
  const ev = evals.evaluations?.[0];
  const close = embedded ? null : h('button', { type: 'button', class: 'close', 'aria-label': t('close'),
    onclick: () => ctx.go({ page: { kind: 'atlas' } }) }, '×');
  const embedCode = `<iframe src="${window.location.origin}/embed/projects/${id}?lang=${lang()}" width="420" height="600" style="border:0" title="${title.text.replace(/[<>"&]/g, '')}"></iframe>`;
  replace(el,
    h('header', {},
      close,
      p.demo ? h('p', { class: 'demo-tag' }, t('demo')) : null,
      h('h2', { id: 'sheet-title', lang: title.lang, tabindex: -1 }, title.text),
      h('div', { class: 'meta' },
        (p.themes ?? []).map((th) => h('span', { class: 'chip', style: `border-color:${THEME_COLOURS[th] ?? '#555'}` }, termName(ctx, 'themes', th))),
        p.status ? h('span', { class: 'status' }, statusName(p.status)) : null,
        p.goodPractice ? h('span', { class: 'badge' }, t('goodPractice')) : null)),
    section(t('summary'), text(p, 'summary')),
    section(t('objectives'), text(p, 'objectives')),
    section(t('actors'), (p.participatingOrganisations ?? []).length ? h('ul', {},
      (p.participatingOrganisations ?? []).map((o) => h('li', {}, o.name || o.organisation || '', o.role ? h('span', { class: 'role' }, ` — ${roleName(o.role)}`) : null))) : null),
    section(t('funding'),
      p.totalBudget ? h('p', { class: 'budget' }, t('labelled', t('budget'), money(p.totalBudget, p.currency ?? 'MAD')),
        eurEquivalent(p.totalBudget, p.currency ?? 'MAD')) : null,
      (p.budget ?? []).length ? h('table', { class: 'budget-lines' }, h('tbody', {},
        (p.budget ?? []).map((b) => h('tr', {}, h('th', { scope: 'row' }, String(b.year)), h('td', {}, money(b.amount, p.currency ?? 'MAD')))))) : null,
      (p.fundingShares ?? []).length ? h('ul', {}, (p.fundingShares ?? []).map((f) => h('li', {}, t('labelled', f.donor, percent(f.percent))))) : null),
    section(t('dates'), timeline(p)),
    section(t('places'), mini,
      h('p', {}, [...(p.regionCodes ?? []).map((c) => h('a', { href: `/regions/${c}`, onclick: (e: Event) => { e.preventDefault(); ctx.go({ page: { kind: 'region', code: c }, region: c }); } }, termName(ctx, 'regions', c))),
                  ...(p.provinceCodes ?? []).map((c) => termName(ctx, 'provinces', c)),
                  ...(p.places ?? []).map((pl) => pl.name)].flatMap((x, i) => (i ? [' · ', x] : [x])))),
    section(t('diaspora'), (p.diasporaCountries ?? []).map((c) => termName(ctx, 'diaspora_countries', c)).join(' · ')),
    section(t('targetGroups'), (p.targetGroups ?? []).map((c) => termName(ctx, 'target_groups', c)).join(' · ')),
    section(t('expectedResults'), text(p, 'expectedResults')),
    section(t('achievedResults'), text(p, 'achievedResults')),
    ev ? section(t('evaluation'),
      h('p', {}, t('labelled', t('evaluation'), t('outOfFour', num(ev.averageScore ?? 0, 1)))),
      h('ul', { class: 'scores' }, (ev.scores ?? []).map((c) => h('li', {}, t('labelled', criterionName(c.criterion), t('outOfFour', c.score))))),
      text({ ...p, summary: ev.lessonsLearned }, 'summary')) : null,
    section(t('documents'), (p.documents ?? []).length ? h('ul', {}, (p.documents ?? [])
      .filter((d) => /^https?:\/\//.test(d.url))
      .map((d) => h('li', {}, h('a', { href: d.url, rel: 'noopener noreferrer', target: '_blank' }, d.title || d.url)))) : null),
    embedded ? null : section(t('similar'), (sim.projects ?? []).length ? h('ul', {}, (sim.projects ?? []).slice(0, 5).map((x) => {
      const sid = x.project.name.replace(/^projects\//, '');
      return h('li', {}, h('a', { href: `/projects/${sid}`, onclick: (e: Event) => { e.preventDefault(); ctx.go({ page: { kind: 'project', id: sid } }); } },
        pick(x.project.title, x.project.originalLanguage).text));
    })) : null),
    embedded ? null : h('footer', { class: 'sheet-actions' },
      h('button', { type: 'button', onclick: () => window.print() }, t('print')),
      // The server's PDF of the sheet (with its map and timeline) in the page's language.
      h('a', { class: 'button', id: 'sheet-pdf', href: `/v1/${p.name}:sheet?lang=${lang()}`, download: '' }, t('pdfSheet')),
      h('details', {}, h('summary', {}, t('embed')), h('p', {}, t('embedHelp')),
        h('textarea', { readonly: true, rows: 3, 'aria-label': t('embed') }, embedCode))));
  if (!embedded) (el.querySelector('#sheet-title') as HTMLElement | null)?.focus();
  const where = p.location ?? p.places?.find((pl) => pl.point)?.point;
  if (where && !embedded) ctx.focus?.(where.longitude, where.latitude);
}

// A budget in another currency, in EUR at the registry's indicative rates
// (the rates and their date in a note): as the atlas's EUR totals count it.
function eurEquivalent(amount: number, currency: string): HTMLElement | null {
  const rate = api.indicativeRates().perEur?.[currency];
  if (currency === 'EUR' || !rate) return null;
  return h('span', { class: 'eur-indicative' }, ' — ', t('indicativeEur', money(amount / rate, 'EUR')),
    h('small', { class: 'rates' }, api.ratesNote()));
}

export function renderRegion(el: HTMLElement, ctx: Ctx, code: string, r: { totalSize?: number; facets?: api.Facet[]; projects?: api.Project[] }): void {
  el.hidden = false;
  const themes = [...facetCounts(r.facets, 'themes')].sort((a, b) => b[1] - a[1]);
  const partners = [...facetCounts(r.facets, 'organisations')].filter(([o]) => o.startsWith('organisations/'))
    .sort((a, b) => b[1] - a[1]).slice(0, 10);
  const named = (id: string) => {
    const o = ctx.organisations.find((x) => x.name === id);
    return o ? api.organisationName(o) : id.replace(/^organisations\//, '');
  };
  replace(el,
    h('header', {},
      h('button', { type: 'button', class: 'close', 'aria-label': t('close'), onclick: () => ctx.go({ page: { kind: 'atlas' }, region: '' }) }, '×'),
      h('h2', { id: 'sheet-title', tabindex: -1 }, termName(ctx, 'regions', code)),
      h('p', {}, t('regionPage'), ' : ', t('results', r.totalSize ?? 0)),
      // Its totals count demo projects: said where they are summed.
      (r.projects ?? []).some((p) => p.demo) ? h('p', { class: 'demo-tag', id: 'region-demo' }, t('demoInTotals')) : null),
    section(t('themes'), bars(themes.map(([th, n]) => [th, n, THEME_COLOURS[th] ?? '#555']), (th) => termName(ctx, 'themes', th))),
    partners.length ? section(t('partners'), h('ul', {}, partners.map(([o, n]) => h('li', {}, h('a', { href: `/?org=${encodeURIComponent(o.replace(/^organisations\//, ''))}`,
      onclick: (e: Event) => { e.preventDefault(); ctx.go({ page: { kind: 'atlas' }, org: o.replace(/^organisations\//, '') }); } },
      named(o)), ` (${num(n)})`)))) : null,
    h('div', { id: 'region-details' }, h('p', { class: 'loading' }, '…')),
    h('section', { id: 'region-maisons' }, h('p', { class: 'loading' }, '…')),
    h('section', { id: 'region-library' }, h('p', { class: 'loading' }, '…')),
    h('p', {}, h('button', { type: 'button', class: 'link', onclick: () => ctx.go({ mode: 'regions' }) }, t('seeChoropleth'))));
  void regionDetails(el.querySelector('#region-details')!, ctx.state(), code, ctx.vocab, r.facets);
  void regionMaisons(el.querySelector('#region-maisons')!, code, ctx.vocab.maison_services, ctx.vocab.regions);
  void regionDocuments(el.querySelector('#region-library')!, code, ctx.vocab.regions);
}

export function renderLegend(el: HTMLElement, s: State, data: api.AreaCollection | null): void {
  if (s.mode === 'projects' || !data) {
    replace(el, h('h3', {}, t('themes')), h('ul', {}, Object.entries(THEME_COLOURS).map(([code, colour]) =>
      h('li', { 'data-code': code }, h('span', { class: 'swatch', style: `background:${colour}` })))));
    el.hidden = true;
    return;
  }
  el.hidden = false;
  const fmt = (v: number) => formatValue(s.metric, v);
  // Missing has its own entry (hatched, with why), apart from a true zero.
  const reasons = [...new Set(data.features.map((f) => f.properties.noData).filter((r) => r))];
  let lo = 0;
  replace(el,
    h('h3', {}, t('legend'), ' — ', t(s.metric === 'count' ? 'metricCount' : s.metric === 'budget' ? 'metricBudget' : 'metricPerCapita')),
    h('ul', {},
      h('li', { 'data-class': 'zero' }, h('span', { class: 'swatch', style: 'background:#e9e6df' }), s.metric === 'count' ? t('noProject') : t('zeroBudget')),
      reasons.map((r) => h('li', { 'data-class': 'no-data', 'data-reason': r ?? '' },
        h('span', { class: 'swatch', style: `background:${HATCH}` }), noDataText(r))),
      data.breaks.map((b, i) => {
        const item = h('li', {}, h('span', { class: 'swatch', style: `background:${CLASS_COLOURS[i]}` }), `${fmt(lo)} – ${fmt(b)}`);
        lo = b;
        return item;
      })),
    metricNotes(data));
}
