// Portfolio analysis (analysts, validators, admins): the registry's
// GET /v1/projects:analyze shown as a theme × region matrix with its gaps,
// charts (Chart.js) of the budget by year and the most active partners, each
// with its numbers as a table and a CSV download, likely overlaps, and data
// quality per partner and per project.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { type IndicativeRates, organisationName, ratesNote, termLabel } from '../api';
import { h } from '../dom';
import { lang, money, num } from '../i18n';
import type { Ctx } from './common';
import { LABEL } from './form';
import * as session from './session';
import { w } from './texts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

interface Total { code: string; projects: number; budgetEur: number }
interface Analysis {
  totalProjects: number; totalBudgetEur: number;
  cells?: { theme: string; regionCode: string; projects: number; budgetEur: number }[];
  themes?: Total[]; regions?: Total[];
  budgetByYear?: { year: number; budgetEur: number }[];
  partners?: { organisation: string; projects: number; budgetEur: number }[];
  overlaps?: { project: string; other: string; score: number; title: string; otherTitle: string }[];
  quality?: { project: string; title: string; organisation: string; score: number; missing?: string[]; daysSinceUpdate: number; state: string }[];
  partnerQuality?: { organisation: string; projects: number; averageScore: number }[];
  demoProjects?: number;
  indicativeRates?: IndicativeRates;
}
type Shell = (title: string, ...content: (Node | null)[]) => void;
type Link = (path: string, text: string) => HTMLElement;

/** One CSV cell. Text a partner wrote (an organisation's name) that starts
 *  like a formula (= + - @, tab, carriage return) is prefixed with ' so that
 *  no spreadsheet evaluates it, as the server's exports do; numbers stay. */
function csvCell(c: string | number): string {
  let s = String(c);
  if (typeof c === 'string' && /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV (RFC 4180, UTF-8 with a byte-order mark for spreadsheets) offered as a
 *  file. `notes` are columns every row carries (what the figures include). */
function csvLink(name: string, rows: (string | number)[][], notes: [string, string | number][] = []): HTMLElement {
  const text = rows.map((r, i) => [...r, ...notes.map(([head, v]) => (i === 0 ? head : v))].map(csvCell).join(',')).join('\r\n');
  const a = h('a', { class: 'button', download: `${name}.csv`, href: '#' }, w('csv'));
  a.addEventListener('click', () => { a.href = URL.createObjectURL(new Blob(['\ufeff' + text], { type: 'text/csv' })); });
  return a;
}

function table(head: string[], rows: (string | number | Node)[][], cls = 'ws-table'): HTMLElement {
  return h('table', { class: cls }, h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c)))))));
}

function chart(label: string, labels: string[], values: number[], horizontal = false): HTMLElement {
  const canvas = h('canvas', { role: 'img', 'aria-label': label });
  const wrap = h('div', { class: 'ws-chart' }, canvas);
  requestAnimationFrame(() => new Chart(canvas, {
    type: 'bar',
    data: { labels, datasets: [{ label, data: values, backgroundColor: '#0b6e4f' }] },
    options: { indexAxis: horizontal ? 'y' : 'x', maintainAspectRatio: false, animation: false,
      locale: { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' }[lang()],
      scales: { x: { reverse: lang() === 'ar' && !horizontal }, y: { position: lang() === 'ar' && !horizontal ? 'right' : 'left' } } },
  }));
  return wrap;
}

export async function analysisPage(shell: Shell, ctx: Ctx, link: Link, working = false): Promise<void> {
  shell(w('analysis'), h('p', {}, '…'));
  let a: Analysis;
  try { a = await session.call<Analysis>('GET', `/v1/projects:analyze?workingCopies=${working}`); }
  catch (e) { shell(w('analysis'), h('p', { class: 'ws-error', role: 'alert' }, (e as Error).message)); return; }
  const term = (vocab: string, code: string) => termLabel(ctx.vocab, vocab, code);
  const org = (name: string) => {
    const o = ctx.organisations.find((x) => x.name === name);
    return o ? organisationName(o) : name;
  };
  const themes = (ctx.vocab.themes ?? []).map((t) => t.code);
  const regions = (ctx.vocab.regions ?? []).map((t) => t.code);
  const cell = new Map((a.cells ?? []).map((c) => [`${c.theme}|${c.regionCode}`, c]));
  const max = Math.max(1, ...(a.cells ?? []).map((c) => c.projects));
  const byTheme = new Map((a.themes ?? []).map((t) => [t.code, t]));
  const byRegion = new Map((a.regions ?? []).map((t) => [t.code, t]));
  let gaps = 0;
  const matrix = h('table', { class: 'ws-table ws-matrix' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, w('themes')),
      regions.map((r) => h('th', { scope: 'col', title: term('regions', r) }, h('abbr', { title: term('regions', r) }, r.replace('MA-', '')))),
      h('th', { scope: 'col' }, w('total')))),
    h('tbody', {}, themes.map((t) => h('tr', {}, h('th', { scope: 'row' }, term('themes', t)),
      regions.map((r) => {
        const c = cell.get(`${t}|${r}`);
        if (!c) { gaps++; return h('td', { class: 'gap', 'data-theme': t, 'data-region': r, 'aria-label': `${term('themes', t)}, ${term('regions', r)}: ${w('gap')}` }, '—'); }
        // The page's ink on at most 60 % green keeps 5:1 or more (WCAG AA asks
        // 4.5); from ~70 % to 85 % neither the ink nor white text would.
        const alpha = 0.08 + 0.52 * (c.projects / max);
        return h('td', { 'data-theme': t, 'data-region': r, style: `background: rgba(11, 110, 79, ${alpha.toFixed(2)})` },
          h('strong', {}, num(c.projects)), h('br'), h('small', {}, num(c.budgetEur / 1000)));
      }),
      h('td', { class: 'ws-total', 'data-theme-total': t }, num(byTheme.get(t)?.projects ?? 0))))),
    h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, w('total')),
      regions.map((r) => h('td', { class: 'ws-total', 'data-region-total': r }, num(byRegion.get(r)?.projects ?? 0))),
      h('td', { class: 'ws-total', 'data-total': a.totalProjects }, num(a.totalProjects)))));
  const years = a.budgetByYear ?? [];
  const partners = (a.partners ?? []).slice(0, 15);
  const missing = (m: string) => (m === 'stale' || m === 'unpublished' ? w(m) : m in LABEL ? w(LABEL[m as keyof typeof LABEL]) : m);
  const toggle = h('fieldset', { class: 'ws-row' }, h('legend', { class: 'visually-hidden' }, w('analysis')),
    ([false, true] as const).map((v) => h('label', {}, h('input', { type: 'radio', name: 'scope', checked: v === working,
      onchange: () => { void analysisPage(shell, ctx, link, v); } }), w(v ? 'workingCopies' : 'publishedPortfolio'))));
  // Every file says what it includes: demo projects, and (budgets) the rates' date.
  const demo = a.demoProjects ?? 0;
  const asOf = a.indicativeRates?.asOf ?? '';
  const counts: [string, string | number][] = [['demo_projects_included', demo]];
  const withRates: [string, string | number][] = [...counts, ['eur_indicative_rates_as_of', asOf]];
  shell(w('analysis'), toggle,
    demo ? h('p', { class: 'demo-tag', id: 'analysis-demo', role: 'note' }, w('demoIncluded', String(demo), String(a.totalProjects))) : null,
    h('p', { class: 'ws-note', id: 'analysis-rates' }, ratesNote()),
    h('section', { class: 'ws-kpis' },
      h('p', {}, h('span', {}, w('totalProjects')), h('strong', { id: 'kpi-projects', 'data-value': a.totalProjects }, num(a.totalProjects))),
      h('p', {}, h('span', {}, w('totalBudget')), h('strong', { id: 'kpi-budget', 'data-value': a.totalBudgetEur.toFixed(2) }, money(a.totalBudgetEur, 'EUR')))),
    h('section', { 'aria-labelledby': 'matrix-title' }, h('h2', { id: 'matrix-title' }, w('matrix')), h('p', {}, w('matrixNote')),
      h('p', { id: 'gap-count' }, w('gaps', String(gaps))),
      h('div', { class: 'ws-scroll' }, matrix),
      csvLink('matrix', [['theme', 'region', 'projects', 'budget_eur_indicative'],
        ...themes.flatMap((t) => regions.map((r) => [t, r, cell.get(`${t}|${r}`)?.projects ?? 0, (cell.get(`${t}|${r}`)?.budgetEur ?? 0).toFixed(2)]))], withRates)),
    h('section', { 'aria-labelledby': 'years-title' }, h('h2', { id: 'years-title' }, w('budgetByYear')),
      chart(w('budgetByYear'), years.map((y) => String(y.year)), years.map((y) => Math.round(y.budgetEur))),
      h('details', {}, h('summary', {}, w('numbers')), table([w('year'), w('budgetEur')], years.map((y) => [String(y.year), money(y.budgetEur, 'EUR')]))),
      csvLink('budget-by-year', [['year', 'budget_eur_indicative'], ...years.map((y) => [y.year, y.budgetEur.toFixed(2)])], withRates)),
    h('section', { 'aria-labelledby': 'partners-title' }, h('h2', { id: 'partners-title' }, w('partners')),
      chart(w('partners'), partners.map((p) => org(p.organisation)), partners.map((p) => p.projects), true),
      h('details', {}, h('summary', {}, w('numbers')), table([w('organisation'), w('totalProjects'), w('budgetEur')],
        (a.partners ?? []).map((p) => [org(p.organisation), num(p.projects), money(p.budgetEur, 'EUR')]))),
      csvLink('partners', [['organisation', 'projects', 'budget_eur_indicative'], ...(a.partners ?? []).map((p) => [p.organisation, p.projects, p.budgetEur.toFixed(2)])], withRates)),
    h('section', { 'aria-labelledby': 'overlaps-title' }, h('h2', { id: 'overlaps-title' }, w('overlaps')),
      table([w('colTitle'), w('colTitle'), w('similarity')], (a.overlaps ?? []).map((o) => [
        link(`/workspace/projects/${o.project.replace(/^projects\//, '')}`, o.title),
        link(`/workspace/projects/${o.other.replace(/^projects\//, '')}`, o.otherTitle), `${num(o.score * 100)} %`])),
      csvLink('overlaps', [['project', 'other', 'similarity'], ...(a.overlaps ?? []).map((o) => [o.project, o.other, o.score.toFixed(3)])], counts)),
    h('section', { 'aria-labelledby': 'quality-title' }, h('h2', { id: 'quality-title' }, w('qualityTitle')), h('p', {}, w('qualityNote')),
      h('h3', {}, w('byPartner')),
      table([w('organisation'), w('totalProjects'), w('average')], (a.partnerQuality ?? []).map((p) => [org(p.organisation), num(p.projects), num(p.averageScore)])),
      h('h3', {}, w('byProject')),
      table([w('colTitle'), w('organisation'), w('score'), w('missing')], (a.quality ?? []).slice(0, 50).map((q) => [
        link(`/workspace/projects/${q.project.replace(/^projects\//, '')}`, q.title || q.project), org(q.organisation), num(q.score),
        (q.missing ?? []).map(missing).join(', ')])),
      csvLink('quality', [['project', 'organisation', 'score', 'missing', 'days_since_update', 'state'],
        ...(a.quality ?? []).map((q) => [q.project, q.organisation, q.score, (q.missing ?? []).join(' '), q.daysSinceUpdate, q.state])], counts)));
}
