// How the atlas says a figure: a value with its unit, missing said as
// missing (with why), a per-capita value with what it is divided by, EUR
// totals as indicative with their rates' date. Used by the choropleth's
// legend and its area popups.
import type { AreaCollection, AreaProperties, Denominator } from './api';
import { ratesNote } from './api';
import { h } from './dom';
import { lang, num, pick, t } from './i18n';

export const NO_DATA_COLOUR = '#d9d9d9';
export const HATCH = 'repeating-linear-gradient(45deg, #9a9a9a 0 1.5px, #e4e4e4 1.5px 5px)';

export function formatValue(metric: string, v: number): string {
  return metric === 'count' ? num(v) : num(v, metric === 'budget_per_capita' ? 2 : 0);
}

export const noDataText = (reason: AreaProperties['noData']): string =>
  reason === 'no_population' ? t('noPopulation') : reason === 'no_budget' ? t('noBudget') : t('noData');

// "Denominator: legal population (census), 2014. Source: HCP …" with the source's link.
export function denominatorNote(d: Denominator): HTMLElement {
  // Our own pages (the dataset on /statistics) open in the page's language.
  const href = d.url?.startsWith('/') ? `${d.url}${d.url.includes('?') ? '&' : '?'}lang=${lang()}` : d.url;
  return h('p', { class: 'denominator' }, t('denominator', pick(d.measure).text, String(d.year)), ' ',
    t('labelled', t('source'), ''), href ? h('a', { href, rel: 'noopener' }, d.source) : d.source);
}

// The metric's notes under a legend: the denominator, the rates.
export function metricNotes(data: AreaCollection): (HTMLElement | null)[] {
  return [data.denominator ? denominatorNote(data.denominator) : null,
    data.currency?.indicative ? h('p', { class: 'rates' }, ratesNote()) : null];
}

// An area's popup: its name, its value (or why there is none), what it is divided by.
export function areaPopup(p: AreaProperties, data: AreaCollection): HTMLElement {
  const value = p.noData ? noDataText(p.noData) : p.value === null ? t('noData') : formatValue(data.metric, p.value);
  const lines: (HTMLElement | null)[] = [
    h('strong', {}, p.name),
    h('p', { class: 'value', 'data-no-data': p.noData ?? '' }, value),
    h('p', {}, t('projectsHere', p.count)),
  ];
  if (data.metric === 'budget_per_capita' && data.denominator && p.population !== undefined) {
    lines.push(h('p', {}, t('perInhabitantOf', pick(data.denominator.measure).text, String(data.denominator.year), num(p.population))));
  }
  return h('div', { class: 'area-popup' }, lines, metricNotes(data));
}
