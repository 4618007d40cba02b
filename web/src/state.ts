// The whole state of the atlas lives in the URL (shareable; the back button
// works): the page (/, /projects/{id}, /regions/{code}), the language, the
// filters, the search words, the view mode and the map's position.
import { type Lang, LANGS } from './i18n';

export type Mode = 'projects' | 'regions' | 'world';
export type Metric = 'count' | 'budget' | 'budget_per_capita';

export interface State {
  page: { kind: 'atlas' } | { kind: 'project'; id: string } | { kind: 'region'; code: string }
    | { kind: 'embed'; id: string };
  lang: Lang;
  q: string;
  themes: string[];
  region: string;
  status: string;
  country: string;
  org: string;     // an organisation id (owner or participant)
  target: string;  // a target group code
  yearFrom: number;
  yearTo: number;
  mode: Mode;
  metric: Metric;
  // Region names on the map: the page's language, or as the official signage
  // writes them (Arabic, Tifinagh, French).
  names: 'page' | 'signage';
  view: { zoom: number; lat: number; lng: number } | null;
  // The Maisons des Marocains du Monde drawn over the map.
  maisons: boolean;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const CODE = /^[A-Za-z0-9_.-]{1,40}$/;

export function parse(loc: Location = window.location): State {
  const p = new URLSearchParams(loc.search);
  const path = loc.pathname;
  let page: State['page'] = { kind: 'atlas' };
  const project = path.match(/^\/projects\/([^/]+)$/);
  const region = path.match(/^\/regions\/([^/]+)$/);
  const embed = path.match(/^\/embed\/projects\/([^/]+)$/);
  if (embed && ID.test(embed[1])) page = { kind: 'embed', id: embed[1] };
  else if (project && ID.test(project[1])) page = { kind: 'project', id: project[1] };
  else if (region && CODE.test(region[1])) page = { kind: 'region', code: region[1] };
  const list = (k: string) => (p.get(k) ?? '').split(',').filter((v) => CODE.test(v));
  const code = (k: string) => (CODE.test(p.get(k) ?? '') ? p.get(k)! : '');
  const year = (k: string) => {
    const y = Number(p.get(k));
    return Number.isInteger(y) && y >= 1900 && y <= 2100 ? y : 0;
  };
  const l = p.get('lang') as Lang;
  const mode = p.get('mode') as Mode;
  const metric = p.get('metric') as Metric;
  const v = (p.get('view') ?? '').split('/').map(Number);
  return {
    page,
    lang: LANGS.includes(l) ? l : 'fr',
    q: (p.get('q') ?? '').slice(0, 200),
    themes: list('themes'),
    region: page.kind === 'region' ? page.code : code('region'),
    status: code('status'),
    country: code('country'),
    org: code('org'),
    target: code('target'),
    yearFrom: year('from'),
    yearTo: year('to'),
    mode: ['projects', 'regions', 'world'].includes(mode) ? mode : 'projects',
    metric: ['count', 'budget', 'budget_per_capita'].includes(metric) ? metric : 'count',
    names: p.get('names') === 'signage' ? 'signage' : 'page',
    maisons: p.get('maisons') === '1',
    view: v.length === 3 && v.every(Number.isFinite) && Math.abs(v[1]) <= 85 && Math.abs(v[2]) <= 180
      ? { zoom: Math.min(Math.max(v[0], 0), 18), lat: v[1], lng: v[2] } : null,
  };
}

export function toUrl(s: State): string {
  const p = new URLSearchParams();
  if (s.lang !== 'fr') p.set('lang', s.lang);
  if (s.q) p.set('q', s.q);
  if (s.themes.length) p.set('themes', s.themes.join(','));
  if (s.region && s.page.kind !== 'region') p.set('region', s.region);
  if (s.status) p.set('status', s.status);
  if (s.country) p.set('country', s.country);
  if (s.org) p.set('org', s.org);
  if (s.target) p.set('target', s.target);
  if (s.yearFrom) p.set('from', String(s.yearFrom));
  if (s.yearTo) p.set('to', String(s.yearTo));
  if (s.mode !== 'projects') p.set('mode', s.mode);
  if (s.metric !== 'count') p.set('metric', s.metric);
  if (s.names !== 'page') p.set('names', s.names);
  if (s.maisons) p.set('maisons', '1');
  if (s.view) p.set('view', `${s.view.zoom.toFixed(2)}/${s.view.lat.toFixed(4)}/${s.view.lng.toFixed(4)}`);
  const path = s.page.kind === 'embed' ? `/embed/projects/${s.page.id}`
    : s.page.kind === 'project' ? `/projects/${s.page.id}`
    : s.page.kind === 'region' ? `/regions/${s.page.code}` : '/';
  const query = p.toString();
  return query ? `${path}?${query}` : path;
}
