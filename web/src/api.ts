// Calls to the atlas's public API (same origin, through the gateway).
import { type Localized, day, lang, num, pick, t } from './i18n';
import type { State } from './state';

// `colour` and `retired`: themes only (the taxonomy administrators keep).
export interface Term { code: string; label: Localized; colour?: string; retired?: boolean }
export interface Vocabularies { [name: string]: Term[] }
export interface Facet { field: string; values: { value: string; count: number }[] }
export interface Project {
  name: string;
  title?: Localized;
  summary?: Localized;
  objectives?: Localized;
  expectedResults?: Localized;
  achievedResults?: Localized;
  originalLanguage?: string;
  themes?: string[];
  regionCodes?: string[];
  provinceCodes?: string[];
  places?: { name: string; point?: { latitude: number; longitude: number } }[];
  location?: { latitude: number; longitude: number };
  participatingOrganisations?: { name?: string; organisation?: string; role?: string }[];
  currency?: string;
  budget?: { year: number; amount: number }[];
  totalBudget?: number;
  fundingShares?: { donor: string; percent: number }[];
  plannedStart?: DateParts; plannedEnd?: DateParts; actualStart?: DateParts; actualEnd?: DateParts;
  status?: string;
  diasporaCountries?: string[];
  targetGroups?: string[];
  beneficiaries?: string;
  milestones?: { title: string; plannedDate?: DateParts; actualDate?: DateParts }[];
  documents?: { title?: string; url: string; category?: string }[];
  goodPractice?: boolean;
  demo?: boolean;
  updateTime?: string;
}
export interface DateParts { year?: number; month?: number; day?: number }
export interface Evaluation {
  scores?: { criterion: string; score: number; narrative?: string }[];
  lessonsLearned?: Localized;
  evaluator?: string;
  averageScore?: number;
}

export class ApiError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  const r = await fetch(path, { headers: { 'Accept-Language': lang() }, signal });
  if (!r.ok) {
    let message = r.statusText;
    try { message = (await r.json()).message ?? message; } catch { /* not JSON */ }
    throw new ApiError(r.status, message);
  }
  return r.json() as Promise<T>;
}

// A state's filters as query parameters, under the names each API uses.
type FilterNames = Record<'themes' | 'region' | 'status' | 'country' | 'org' | 'target' | 'yearFrom' | 'yearTo',
  string>;
const REGISTRY: FilterNames = { themes: 'themes', region: 'regionCodes', status: 'statuses',
  country: 'diasporaCountries', org: 'organisations', target: 'targetGroups', yearFrom: 'yearFrom',
  yearTo: 'yearTo' };
const MAP: FilterNames = { themes: 'filter.themes', region: 'filter.regions', status: 'filter.statuses',
  country: 'filter.diasporaCountries', org: 'filter.organisations', target: 'filter.targetGroups',
  yearFrom: 'filter.yearFrom', yearTo: 'filter.yearTo' };

function filters(s: State, n: FilterNames): URLSearchParams {
  const p = new URLSearchParams();
  for (const th of s.themes) p.append(n.themes, th);
  if (s.region) p.append(n.region, s.region);
  if (s.status) p.append(n.status, s.status);
  if (s.country) p.append(n.country, s.country);
  if (s.org) p.append(n.org, s.org);
  if (s.target) p.append(n.target, s.target);
  if (s.yearFrom) p.set(n.yearFrom, String(s.yearFrom));
  if (s.yearTo) p.set(n.yearTo, String(s.yearTo));
  return p;
}

export function registryQuery(s: State): URLSearchParams {
  const p = filters(s, REGISTRY);
  if (s.q) p.set('q', s.q);
  return p;
}

export const mapQuery = (s: State): URLSearchParams => filters(s, MAP);

// The registry's fixed rates every EUR total is converted with (GET
// /v1/vocabularies brings them): indicative, and said so with their date.
export interface IndicativeRates { asOf?: string; perEur?: Record<string, number> }
let rates: IndicativeRates = {};
export const indicativeRates = (): IndicativeRates => rates;
export function ratesNote(): string {
  const pairs = Object.entries(rates.perEur ?? {}).filter(([c]) => c !== 'EUR').sort()
    .map(([c, v]) => `1 EUR = ${num(v, 2)} ${c}`).join(' ; ');
  return t('indicativeRates', rates.asOf ? day(rates.asOf) : '?', pairs);
}

export const vocabularies = async (): Promise<Vocabularies> => {
  const r = await get<{ vocabularies: { name: string; terms: Term[] }[]; indicativeRates?: IndicativeRates }>('/v1/vocabularies');
  if (r.indicativeRates) rates = r.indicativeRates;
  return Object.fromEntries(r.vocabularies.map((v) => [v.name, v.terms]));
};

export interface Organisation { name: string; displayNameFr?: string; displayNameAr?: string; displayNameEn?: string }
/** An organisation's name in the page's language (else another), else its resource name. */
export const organisationName = (o: Organisation): string =>
  pick({ fr: o.displayNameFr, ar: o.displayNameAr, en: o.displayNameEn }).text || o.name;
/** A code list term's label in the page's language (else another), else its code. */
export const termText = (t: Term): string => pick(t.label).text || t.code;
/** The label of `code` in the code list `list`, else the code itself. */
export const termLabel = (vocab: Vocabularies, list: string, code: string): string => {
  const t = vocab[list]?.find((x) => x.code === code);
  return t ? termText(t) : code;
};
export const organisations = async (): Promise<Organisation[]> =>
  (await get<{ organisations?: Organisation[] }>('/v1/organisations?pageSize=500')).organisations ?? [];

export interface ProjectPage { projects?: Project[]; totalSize?: number; facets?: Facet[]; nextPageToken?: string }
// A short first page: on a slow link its bytes share the line with the map.
export const listProjects = (s: State, signal?: AbortSignal, pageToken?: string) => {
  const p = registryQuery(s);
  p.set('pageSize', '20');
  p.set('language', lang());
  if (pageToken) p.set('pageToken', pageToken);
  return get<ProjectPage>(`/v1/projects?${p}`, signal);
};

// Up to `pageSize` projects at once (the region page's figures).
export const getProjects = (p: URLSearchParams) => get<ProjectPage>(`/v1/projects?${p}`);
export const getProject = (id: string) => get<Project>(`/v1/projects/${encodeURIComponent(id)}`);
export const similar = (id: string) =>
  get<{ projects?: { project: Project; relation?: string; sharedThemes?: string[] }[] }>(`/v1/projects/${encodeURIComponent(id)}:similar`)
    .catch(() => ({ projects: [] }));
export const evaluations = (id: string) =>
  get<{ evaluations?: Evaluation[] }>(`/v1/projects/${encodeURIComponent(id)}/evaluations`)
    .catch(() => ({ evaluations: [] }));

// What a per-capita value is divided by (GET /v1/map/areas names it).
export interface Denominator { measure: Localized; year: number; source: string; url?: string }
export interface AreaProperties {
  code: string; name: string; count: number; budgetEur: number; value: number | null;
  noData: 'no_population' | 'no_budget' | null; class: number; population?: number; populationSource?: string;
}
export interface AreaCollection {
  type: 'FeatureCollection';
  metric: string;
  breaks: number[];
  features: { id: string; properties: AreaProperties }[];
  totals: { projects: number; budgetEur: number };
  denominator?: Denominator;
  currency?: { code: string; indicative: boolean };
}
export const areas = (s: State, level: 'region' | 'country') => {
  const p = mapQuery(s);
  p.set('level', level);
  p.set('metric', level === 'region' ? s.metric : s.metric === 'budget_per_capita' ? 'budget_per_capita' : s.metric);
  p.set('language', lang());
  p.set('zoom', level === 'region' ? '5' : '2');
  return get<AreaCollection>(`/v1/map/areas?${p}`);
};
