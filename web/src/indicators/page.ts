// The public programme pages (/programmes): the list of budget programmes
// and, for one, its performance framework — objectives, and for each
// indicator a chart of targets against measured values where missing years
// are gaps (never zero) with the reason, the baseline, the achievement rate,
// the trend projection that flags an indicator heading off target, and under
// it the table with each value's source. Data: GET /v1/programmes and
// GET /v1/programmes/{id}:dashboard (atlas-indicators; docs/indicators.md).
import '../styles.css';
import './indicators.css';
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { h, replace } from '../dom';
import { getJson, localHref, pageHeader } from '../public-page';
import { type Lang, LANGS, lang, num, setLang } from '../i18n';
import { choropleth } from '../stats/choropleth';

Chart.register(CategoryScale, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

const T = {
  title: { fr: 'Programmes, objectifs et indicateurs de performance', ar: 'البرامج والأهداف ومؤشرات نجاعة الأداء', en: 'Programmes, objectives and performance indicators' },
  intro: {
    fr: 'Le cadre de performance des programmes budgétaires (loi organique 130-13 relative à la loi de finances) : objectifs, indicateurs, cibles et réalisations.',
    ar: 'إطار نجاعة أداء البرامج الميزانياتية (القانون التنظيمي 130.13 لقانون المالية): الأهداف والمؤشرات والقيم المستهدفة والإنجازات.',
    en: 'The performance framework of the budget programmes (organic budget law 130-13): objectives, indicators, targets and results.',
  },
  programmes: { fr: 'Programmes', ar: 'البرامج', en: 'Programmes' },
  responsible: { fr: 'Responsable', ar: 'المسؤول', en: 'Responsible' },
  objective: { fr: 'Objectif', ar: 'الهدف', en: 'Objective' },
  measured: { fr: 'Réalisé', ar: 'المنجز', en: 'Actual' },
  target: { fr: 'Cible', ar: 'القيمة المستهدفة', en: 'Target' },
  year: { fr: 'Année', ar: 'السنة', en: 'Year' },
  baseline: { fr: 'Référence', ar: 'القيمة المرجعية', en: 'Baseline' },
  achievement: { fr: 'Taux de réalisation', ar: 'نسبة الإنجاز', en: 'Achievement' },
  source: { fr: 'Source', ar: 'المصدر', en: 'Source' },
  unit: { fr: 'Unité', ar: 'الوحدة', en: 'Unit' },
  up: { fr: 'plus c’est haut, mieux c’est', ar: 'كلما ارتفع كان أفضل', en: 'higher is better' },
  down: { fr: 'plus c’est bas, mieux c’est', ar: 'كلما انخفض كان أفضل', en: 'lower is better' },
  formula: { fr: 'Calculé', ar: 'محسوب', en: 'Computed' },
  projection: { fr: 'Projection de tendance', ar: 'إسقاط الاتجاه', en: 'Trend projection' },
  offTrack: { fr: 'hors trajectoire', ar: 'خارج المسار', en: 'off track' },
  onTrack: { fr: 'sur la trajectoire', ar: 'على المسار', en: 'on track' },
  noProjection: { fr: 'pas assez de valeurs pour projeter', ar: 'قيم غير كافية للإسقاط', en: 'not enough values to project' },
  provisional: { fr: 'provisoire', ar: 'مؤقت', en: 'provisional' },
  MEASURED: { fr: '', ar: '', en: '' },
  COMPUTED: { fr: '', ar: '', en: '' },
  NOT_MEASURED: { fr: 'non mesuré', ar: 'غير مقيس', en: 'not measured' },
  NOT_AVAILABLE: { fr: 'non disponible', ar: 'غير متوفر', en: 'not available' },
  MISSING_INPUT: { fr: 'donnée d’entrée manquante', ar: 'معطى مدخل مفقود', en: 'an input is missing' },
  ZERO_DENOMINATOR: { fr: 'dénominateur nul', ar: 'المقام منعدم', en: 'zero denominator' },
  demo: {
    fr: 'Données de démonstration générées : ce ne sont pas les chiffres de la loi de finances.',
    ar: 'بيانات تجريبية مولدة: ليست أرقام قانون المالية.',
    en: 'Generated demo data: these are not the finance law’s figures.',
  },
  error: { fr: 'Les programmes ne sont pas disponibles pour le moment.', ar: 'البرامج غير متاحة حاليا.', en: 'Programmes are not available right now.' },
  budget: { fr: 'Programmation budgétaire triennale', ar: 'البرمجة الميزانياتية لثلاث سنوات', en: 'Three-year budget programming' },
  version: { fr: 'Version', ar: 'النسخة', en: 'Version' },
  adopted: { fr: 'adoptée', ar: 'معتمدة', en: 'adopted' },
  region: { fr: 'Région', ar: 'الجهة', en: 'Region' },
  central: { fr: 'Administration centrale', ar: 'الإدارة المركزية', en: 'Central administration' },
  ce: { fr: 'CE (crédits d’engagement)', ar: 'اعتمادات الالتزام', en: 'CE (commitment credits)' },
  cp: { fr: 'CP (crédits de paiement)', ar: 'اعتمادات الأداء', en: 'CP (payment credits)' },
  mad: { fr: 'en millions de dirhams', ar: 'بملايين الدراهم', en: 'in millions of dirhams' },
  cpMap: { fr: 'Crédits de paiement par région', ar: 'اعتمادات الأداء حسب الجهة', en: 'Payment credits by region' },
  noCredit: { fr: 'aucun crédit régional', ar: 'لا اعتمادات جهوية', en: 'no regional credit' },
  changes: { fr: 'Changements par rapport à la version précédente', ar: 'التغييرات مقارنة بالنسخة السابقة', en: 'Changes from the previous version' },
  line: { fr: 'Ligne', ar: 'السطر', en: 'Line' },
  delta: { fr: 'Écart', ar: 'الفرق', en: 'Difference' },
  why: { fr: 'Motif', ar: 'السبب', en: 'Reason' },
  noChange: { fr: 'Aucun changement de montant pour ce programme.', ar: 'لا تغيير في المبالغ لهذا البرنامج.', en: 'No change of amount for this programme.' },
  outlines: { fr: 'Contours des régions : © contributeurs OpenStreetMap (ODbL), via atlas-geo.', ar: 'حدود الجهات: © مساهمو OpenStreetMap (ODbL)، عبر atlas-geo.', en: 'Region outlines: © OpenStreetMap contributors (ODbL), via atlas-geo.' },
  total: { fr: 'Total', ar: 'المجموع', en: 'Total' },
  atlas: { fr: 'Atlas des projets', ar: 'أطلس المشاريع', en: 'Project atlas' },
  reports: { fr: 'Rapports', ar: 'التقارير', en: 'Reports' },
  pdp: { fr: 'Projet de performance', ar: 'مشروع نجاعة الأداء', en: 'Performance project' },
  rdp: { fr: 'Rapport de performance', ar: 'تقرير نجاعة الأداء', en: 'Performance report' },
  reportsNote: {
    fr: 'Générés à partir des données : version adoptée la plus récente (le rapport : la dernière année dont l’exécution est déclarée).',
    ar: 'تولد انطلاقا من المعطيات: آخر نسخة معتمدة (التقرير: آخر سنة صرح بتنفيذها).',
    en: 'Generated from the data: the latest adopted version (the report: the latest year with execution reported).',
  },
} as const;
const t = (k: keyof typeof T): string => T[k][lang()];
type Texts = { fr?: string; ar?: string; en?: string };
const inLang = (x: Texts | undefined): string => (x?.[lang()] || x?.fr || x?.en || '');

interface Programme { name: string; code: string; titleFr: string; titleAr?: string; titleEn?: string; demo?: boolean }
interface Point { year: number; value?: number; basis: string; provisional?: boolean; source?: string; comment?: string; achievement?: number }
interface IndicatorView {
  name: string; title: Texts; unit: string; direction: string; source: string; numerator?: string; denominator?: string; factor?: number;
  baselineYear?: number; baseline?: number; targets?: { year: number; value: number }[]; points?: Point[];
  projection?: { year: number; value?: number; achievement?: number; offTrack?: boolean };
}
interface Dashboard { programme: Programme; responsible?: string; fromYear: number; toYear: number; objectives?: { name: string; title: Texts; indicators?: IndicatorView[] }[] }

const get = getJson;
const titleOf = (p: Programme) => ({ fr: p.titleFr, ar: p.titleAr, en: p.titleEn }[lang()] || p.titleFr);
const idOf = (p: Programme) => p.name.replace(/^programmes\//, '');
const here = (params: Record<string, string>) => localHref('/programmes', params);
const fmt = (v: number) => num(v, Math.abs(v) < 100 ? 1 : 0);


function indicatorCard(i: IndicatorView, demo: boolean): HTMLElement {
  const points = i.points ?? [];
  const targets = new Map((i.targets ?? []).map((x) => [x.year, x.value]));
  const years = points.map((p) => p.year);
  const canvas = h('canvas', { role: 'img', 'aria-label': `${inLang(i.title)} — ${t('measured')} / ${t('target')}` });
  const rtl = lang() === 'ar';
  requestAnimationFrame(() => new Chart(canvas, {
    type: 'line',
    data: {
      labels: years.map(String),
      datasets: [
        // A gap where a value is missing: null breaks the line (spanGaps off).
        { label: t('measured'), data: points.map((p) => p.value ?? null), borderColor: '#0b6e4f', backgroundColor: '#0b6e4f', spanGaps: false },
        { label: t('target'), data: years.map((y) => targets.get(y) ?? null), borderColor: '#b5523b', backgroundColor: '#b5523b', borderDash: [6, 4], spanGaps: true },
      ],
    },
    options: { maintainAspectRatio: false, animation: false, locale: { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' }[lang()],
      scales: { x: { reverse: rtl }, y: { position: rtl ? 'right' : 'left' } } },
  }));
  const p = i.projection;
  const status = !p || p.value === undefined ? h('span', { class: 'in-none' }, t('noProjection'))
    : h('span', { class: p.offTrack ? 'in-off' : 'in-on' },
      `${t('projection')} ${p.year} : ${fmt(p.value)} ${i.unit}${p.achievement !== undefined ? ` (${num(p.achievement * 100, 0)} %)` : ''} — ${p.offTrack ? t('offTrack') : t('onTrack')}`);
  return h('article', { class: `in-indicator${p?.offTrack ? ' in-flagged' : ''}`, id: i.name.replace('/', '-') },
    h('h4', {}, inLang(i.title)),
    h('p', { class: 'in-meta' }, `${t('unit')} : ${i.unit} · ${i.direction === 'DOWN' ? t('down') : t('up')}`,
      i.numerator ? ` · ${t('formula')} : ${i.numerator.replace(/^indicators\//, '')}${i.denominator ? ` / ${i.denominator.replace(/^indicators\//, '')}` : ''} × ${i.factor ?? 1}` : '',
      i.baseline !== undefined ? ` · ${t('baseline')} ${i.baselineYear} : ${fmt(i.baseline)}` : ''),
    h('p', { class: 'in-status' }, status),
    h('figure', { class: 'in-chart' }, h('div', { class: 'in-canvas' }, canvas)),
    h('table', { class: 'st-table in-table' },
      h('thead', {}, h('tr', {}, [t('year'), t('measured'), t('target'), t('achievement'), t('source')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, points.map((pt) => h('tr', { 'data-basis': pt.basis },
        h('th', { scope: 'row' }, String(pt.year)),
        h('td', {}, pt.value === undefined ? h('span', { class: 'st-missing' }, `— (${t(pt.basis as keyof typeof T)})`)
          : [fmt(pt.value), pt.provisional ? h('abbr', { title: t('provisional'), class: 'st-flag' }, ' p') : null]),
        h('td', {}, targets.has(pt.year) ? fmt(targets.get(pt.year)!) : ''),
        h('td', {}, pt.achievement !== undefined ? `${num(pt.achievement * 100, 0)} %` : ''),
        h('td', { class: 'in-source' }, [pt.source ?? '', pt.comment ? ` — ${pt.comment}` : ''].join('')))))),
    demo ? h('p', { class: 'st-demo' }, t('demo')) : null);
}

interface Programming { name: string; firstYear: number; lastYear: number; state: string; basedOn?: string; label?: string }
interface Total { programme: string; region: string; year: number; ce: string; cp: string }
interface Change { programme: string; region: string; action?: string; chapter: string; year: number; kind: string; ceDelta: string; cpDelta: string; reason?: string }
const mad = (v: number) => num(v / 1e6, 1);

// The programme's credits in the latest adopted version: CE and CP by region
// and year, a map of the first year's CP by region, and what changed from
// the version it was rolled from, with the reasons given.
async function budgetSection(programme: string, demo: boolean): Promise<HTMLElement | null> {
  const versions = (await get<{ programmings?: Programming[] }>('/v1/programmings')).programmings ?? [];
  const v = versions.filter((x) => x.state === 'adopted').pop();
  if (!v) return null;
  const [lines, regions] = await Promise.all([
    get<{ totals?: Total[] }>(`/v1/${v.name}/lines?programme=programmes/${encodeURIComponent(programme)}`),
    get<{ features: Parameters<typeof choropleth>[0] }>(`/v1/map/areas?level=region&zoom=5&language=${lang()}`).catch(() => null)]);
  const totals = lines.totals ?? [];
  const years = [...new Set(totals.map((x) => x.year))].sort();
  const names = new Map((regions?.features ?? []).map((f) => [f.id, f.properties.name ?? f.id]));
  const byRegion = new Map<string, Map<number, Total>>();
  for (const x of totals) {
    if (!byRegion.has(x.region)) byRegion.set(x.region, new Map());
    byRegion.get(x.region)!.set(x.year, x);
  }
  const label = (r: string) => (r === 'central' ? t('central') : names.get(r) ?? r);
  const sum = (year: number, k: 'ce' | 'cp') => totals.filter((x) => x.year === year).reduce((a, x) => a + Number(x[k]), 0);
  const section = h('section', { class: 'in-budget', 'aria-labelledby': 'budget-title' },
    h('h3', { id: 'budget-title' }, `${t('budget')} — ${t('version')} ${v.label || `${v.firstYear}–${v.lastYear}`} (${t('adopted')})`),
    demo ? h('p', { class: 'st-demo', role: 'note' }, t('demo')) : null);
  if (regions) {
    const first = years[0];
    const cp = new Map([...byRegion].filter(([r]) => r !== 'central').map(([r, m]) => [r, Number(m.get(first)?.cp ?? 0)]));
    section.append(choropleth(regions.features, cp, {
      title: `${t('cpMap')} — ${first} (${t('mad')})`, noData: t('noCredit'), zero: '0',
      format: (n) => mad(n), valueOf: (code) => mad(cp.get(code) ?? 0), fit: true,
    }), h('p', { class: 'st-outlines' }, t('outlines')));
  }
  section.append(h('table', { class: 'st-table in-credits' },
    h('caption', {}, `${t('ce')} / ${t('cp')} — ${t('mad')}`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('region')),
      years.flatMap((y) => [h('th', { scope: 'col' }, `CE ${y}`), h('th', { scope: 'col' }, `CP ${y}`)]))),
    h('tbody', {}, [...byRegion.keys()].sort((a, b) => label(a).localeCompare(label(b), lang())).map((r) => h('tr', {},
      h('th', { scope: 'row' }, label(r)),
      years.flatMap((y) => [h('td', {}, mad(Number(byRegion.get(r)!.get(y)?.ce ?? 0))), h('td', {}, mad(Number(byRegion.get(r)!.get(y)?.cp ?? 0)))])))),
    h('tfoot', {}, h('tr', { class: 'st-total' }, h('th', { scope: 'row' }, t('total')),
      years.flatMap((y) => [h('td', {}, mad(sum(y, 'ce'))), h('td', {}, mad(sum(y, 'cp')))])))));
  if (v.basedOn) {
    const diff = await get<{ changes?: Change[] }>(`/v1/programmings:compare?from=${v.basedOn}&to=${v.name}`);
    const mine = (diff.changes ?? []).filter((c) => c.programme === `programmes/${programme}` && c.kind === 'changed');
    section.append(h('h4', {}, t('changes')), mine.length === 0 ? h('p', {}, t('noChange')) : h('table', { class: 'st-table in-changes' },
      h('thead', {}, h('tr', {}, [t('line'), `${t('delta')} CE`, `${t('delta')} CP`, t('why')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, mine.map((c) => h('tr', {},
        h('td', {}, `${label(c.region)} · ${(c.action ?? '').replace(/^actions\//, '')} · ${c.chapter} · ${c.year}`),
        h('td', {}, mad(Number(c.ceDelta))), h('td', {}, mad(Number(c.cpDelta))), h('td', {}, c.reason ?? ''))))));
  }
  return section;
}

// The PdP and RdP of the programme, made by atlas-indicators in the page's language.
function reportLinks(p: Programme): HTMLElement {
  const href = (kind: string, format: string) =>
    `/v1/${p.name}:report?${new URLSearchParams({ kind, format, lang: lang() })}`;
  const item = (kind: 'pdp' | 'rdp') => h('li', {}, `${t(kind)} : `,
    h('a', { href: href(kind, 'pdf'), download: '', class: 'in-report', 'data-kind': kind, 'data-format': 'pdf' }, 'PDF'), ' · ',
    h('a', { href: href(kind, 'html'), class: 'in-report', 'data-kind': kind, 'data-format': 'html' }, 'HTML'));
  return h('nav', { class: 'in-reports', 'aria-labelledby': 'reports-title' },
    h('h3', { id: 'reports-title' }, t('reports')), h('ul', {}, item('pdp'), item('rdp')),
    h('p', { class: 'in-note' }, t('reportsNote')));
}

async function render(): Promise<void> {
  const q = new URLSearchParams(window.location.search);
  const l = q.get('lang') ?? '';
  setLang((LANGS as string[]).includes(l) ? l as Lang : 'fr');
  document.title = `${t('title')} — Sharaka Atlas`;
  const main = h('main', { id: 'main', class: 'st-main' }, h('h1', {}, t('title')), h('p', {}, t('intro')));
  replace(document.body, h('a', { class: 'skip', href: '#main' }, t('title')), pageHeader(t('atlas'), () => { void render(); }), main);
  let list: Programme[];
  try { list = (await get<{ programmes?: Programme[] }>('/v1/programmes?pageSize=200')).programmes ?? []; } catch {
    main.append(h('p', { class: 'st-error', role: 'alert' }, t('error')));
    return;
  }
  const chosen = list.find((p) => idOf(p) === q.get('programme')) ?? list[0];
  main.append(h('nav', { class: 'in-programmes', 'aria-labelledby': 'programmes' }, h('h2', { id: 'programmes' }, t('programmes')),
    h('ul', {}, list.map((p) => h('li', {}, h('a', { href: here({ programme: idOf(p) }), 'aria-current': p === chosen ? 'page' : undefined },
      `${p.code} — ${titleOf(p)}`))))));
  if (!chosen) return;
  let d: Dashboard;
  try { d = await get<Dashboard>(`/v1/${chosen.name}:dashboard`); } catch {
    main.append(h('p', { class: 'st-error', role: 'alert' }, t('error')));
    return;
  }
  const demo = !!d.programme.demo;
  main.append(h('section', { class: 'in-dashboard', 'aria-labelledby': 'programme-title' },
    h('h2', { id: 'programme-title' }, `${d.programme.code} — ${titleOf(d.programme)}`),
    demo ? h('p', { class: 'st-demo', role: 'note' }, t('demo')) : null,
    d.responsible ? h('p', {}, `${t('responsible')} : ${d.responsible}`) : null,
    reportLinks(chosen),
    (d.objectives ?? []).map((o, k) => h('section', { class: 'in-objective', 'aria-labelledby': `objective-${k}` },
      h('h3', { id: `objective-${k}` }, `${t('objective')} ${k + 1} — ${inLang(o.title)}`),
      (o.indicators ?? []).map((i) => indicatorCard(i, demo))))));
  const budget = await budgetSection(idOf(chosen), demo).catch(() => h('p', { class: 'st-error', role: 'alert' }, t('error')));
  if (budget) main.querySelector('.in-dashboard')!.append(budget);
}

export function start(): void {
  window.addEventListener('popstate', () => { void render(); });
  void render();
}
