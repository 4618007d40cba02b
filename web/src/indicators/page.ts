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
import { lang, num, setLangFromUrl } from '../i18n';
import { choropleth } from '../stats/choropleth';
import { treemap } from './treemap';
import { gantt } from './gantt';

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
  allBudget: { fr: 'Le budget de tous les programmes', ar: 'ميزانية كل البرامج', en: 'The budget of all programmes' },
  budgetTitle: { fr: 'Programmation budgétaire : tous les programmes', ar: 'البرمجة الميزانياتية: كل البرامج', en: 'Budget programming: all programmes' },
  treemapTitle: { fr: 'Crédits de paiement {0} par programme et par chapitre', ar: 'اعتمادات الأداء {0} حسب البرنامج والفصل', en: 'Payment credits {0} by programme and chapter' },
  chapter: { fr: 'Chapitre', ar: 'الفصل', en: 'Chapter' },
  programme: { fr: 'Programme', ar: 'البرنامج', en: 'Programme' },
  PERSONNEL: { fr: 'Personnel', ar: 'الموظفون', en: 'Personnel' },
  MDD: { fr: 'Matériel et dépenses diverses', ar: 'المعدات والنفقات المختلفة', en: 'Equipment and sundry expenses' },
  INVESTISSEMENT: { fr: 'Investissement', ar: 'الاستثمار', en: 'Investment' },
  compare: { fr: 'Comparer deux versions adoptées', ar: 'مقارنة نسختين معتمدتين', en: 'Compare two adopted versions' },
  from: { fr: 'De', ar: 'من', en: 'From' },
  to: { fr: 'À', ar: 'إلى', en: 'To' },
  compareGo: { fr: 'Comparer', ar: 'قارن', en: 'Compare' },
  oneVersion: { fr: 'Une seule version adoptée : rien à comparer pour le moment.', ar: 'نسخة معتمدة واحدة: لا شيء للمقارنة حاليا.', en: 'A single adopted version: nothing to compare yet.' },
  diffSummary: { fr: '{0} lignes ajoutées, {1} retirées, {2} modifiées ; CE {3}, CP {4} (MAD).', ar: '{0} سطرا مضافا، {1} محذوفا، {2} معدلا؛ CE {3}، CP {4} (بالدرهم).', en: '{0} lines added, {1} removed, {2} changed; CE {3}, CP {4} (MAD).' },
  changedLines: { fr: 'Lignes modifiées, avec le motif', ar: 'الأسطر المعدلة مع السبب', en: 'Changed lines, with the reason' },
  firstOf: { fr: 'les {0} plus grands écarts de CP sur {1}', ar: 'أكبر {0} فروق في اعتمادات الأداء من أصل {1}', en: 'the {0} largest CP differences of {1}' },
  chrono: { fr: 'Chronogramme des actions', ar: 'الجدولة الزمنية للعمليات', en: 'Timeline of the actions' },
  chronoTitle: { fr: 'Actions et jalons par région', ar: 'العمليات والمراحل حسب الجهة', en: 'Actions and milestones by region' },
  allRegions: { fr: 'Toutes les régions', ar: 'كل الجهات', en: 'All regions' },
  today: { fr: 'aujourd’hui', ar: 'اليوم', en: 'today' },
  done: { fr: 'atteint', ar: 'منجز', en: 'done' },
  toDo: { fr: 'à venir', ar: 'مرتقب', en: 'to come' },
  print: { fr: 'Imprimer', ar: 'طباعة', en: 'Print' },
  unscheduled: { fr: 'Actions sans dates pour le moment : {0}', ar: 'عمليات بدون تواريخ حاليا: {0}', en: 'Actions without dates yet: {0}' },
  chronoLegend: { fr: 'Barre : durée de l’action ; losange plein : jalon atteint ; losange vide : jalon à venir.', ar: 'الشريط: مدة العملية؛ المعين الممتلئ: مرحلة منجزة؛ المعين الفارغ: مرحلة مرتقبة.', en: 'Bar: the action’s span; filled diamond: milestone done; empty diamond: milestone to come.' },
  forecast: { fr: 'Prévu et exécuté au fil des versions', ar: 'المتوقع والمنفذ عبر النسخ', en: 'Forecast and executed across versions' },
  forecastCaption: { fr: 'CP prévus par chaque version adoptée et CP payés (exécution déclarée), en millions de dirhams', ar: 'اعتمادات الأداء المتوقعة في كل نسخة معتمدة والمؤداة (التنفيذ المصرح به)، بملايين الدراهم', en: 'CP forecast by each adopted version and CP paid (execution reported), in millions of dirhams' },
  paid: { fr: 'Payé', ar: 'المؤدى', en: 'Paid' },
  rate: { fr: 'Taux d’exécution', ar: 'نسبة التنفيذ', en: 'Execution rate' },
  notReported: { fr: 'non déclaré', ar: 'غير مصرح به', en: 'not reported' },
  action: { fr: 'Action', ar: 'العملية', en: 'Action' },
  fundedProjects: { fr: 'Projets financés par cette action', ar: 'المشاريع الممولة من هذه العملية', en: 'Projects funded by this action' },
  noProject: { fr: 'Aucun projet publié n’est lié à cette action.', ar: 'لا يرتبط أي مشروع منشور بهذه العملية.', en: 'No published project is linked to this action.' },
  status: { fr: 'Statut', ar: 'الوضعية', en: 'Status' },
  backToProgramme: { fr: 'Retour au programme', ar: 'العودة إلى البرنامج', en: 'Back to the programme' },
  noAction: { fr: 'Cette action n’existe pas.', ar: 'هذه العملية غير موجودة.', en: 'There is no such action.' },
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
interface BudgetLine { year: number; cp: string; paid?: string }
interface Change { programme: string; region: string; action?: string; chapter: string; year: number; kind: string; ceDelta: string; cpDelta: string; reason?: string }
const mad = (v: number) => num(v / 1e6, 1);

// Forecast against executed over the years: the CP each adopted version
// forecast for each year, and what was paid (execution as reported in the
// latest version holding the year; "not reported" when no line reported it,
// never 0).
async function forecastTable(programme: string, adopted: Programming[]): Promise<HTMLElement> {
  const all = await Promise.all(adopted.map((v) => get<{ lines?: BudgetLine[] }>(`/v1/${v.name}/lines?programme=programmes/${encodeURIComponent(programme)}`)));
  const years = [...new Set(all.flatMap((r) => (r.lines ?? []).map((l) => l.year)))].sort();
  const cp = (k: number, y: number) => (all[k].lines ?? []).filter((l) => l.year === y).reduce((a, l) => a + Number(l.cp), 0);
  const holds = (k: number, y: number) => y >= adopted[k].firstYear && y <= adopted[k].lastYear;
  const executed = (y: number): { paid: number; cp: number } | null => {
    for (let k = adopted.length - 1; k >= 0; k--) {
      const lines = (all[k].lines ?? []).filter((l) => l.year === y);
      if (lines.some((l) => l.paid !== undefined)) {
        return { paid: lines.reduce((a, l) => a + Number(l.paid ?? 0), 0), cp: lines.reduce((a, l) => a + Number(l.cp), 0) };
      }
    }
    return null;
  };
  return h('section', { class: 'in-forecast', 'aria-labelledby': 'forecast-title' }, h('h4', { id: 'forecast-title' }, t('forecast')),
    h('table', { class: 'st-table in-forecast-table' }, h('caption', {}, t('forecastCaption')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('year')),
        adopted.map((v) => h('th', { scope: 'col' }, `CP — ${t('version')} ${v.label || `${v.firstYear}–${v.lastYear}`}`)),
        h('th', { scope: 'col' }, t('paid')), h('th', { scope: 'col' }, t('rate')))),
      h('tbody', {}, years.map((y) => {
        const e = executed(y);
        return h('tr', { 'data-year': String(y) }, h('th', { scope: 'row' }, String(y)),
          adopted.map((_, k) => h('td', {}, holds(k, y) ? mad(cp(k, y)) : '—')),
          e ? h('td', {}, mad(e.paid)) : h('td', { class: 'st-missing' }, t('notReported')),
          h('td', {}, e && e.cp > 0 ? `${num((e.paid / e.cp) * 100, 1)} %` : '—'));
      }))));
}

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
  section.append(await forecastTable(programme, versions.filter((x) => x.state === 'adopted')));
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

// /programmes/budget: every programme's payment credits as a treemap by
// programme and chapter (with the same figures as a table), and the
// line-by-line comparison of two adopted versions with the reasons given.
const CHAPTERS = ['PERSONNEL', 'MDD', 'INVESTISSEMENT'] as const;
const CHAPTER_COLOURS: Record<string, string> = { PERSONNEL: '#4c78a8', MDD: '#f2b447', INVESTISSEMENT: '#54a24b' };
interface Line { programme: string; region: string; action?: string; chapter: string; year: number; ce: string; cp: string }

async function budgetPage(main: HTMLElement, demo: boolean): Promise<void> {
  const versions = ((await get<{ programmings?: Programming[] }>('/v1/programmings')).programmings ?? [])
    .filter((v) => v.state === 'adopted');
  const v = versions[versions.length - 1];
  main.append(h('h2', {}, t('budgetTitle')));
  if (demo) main.append(h('p', { class: 'st-demo', role: 'note' }, t('demo')));
  if (!v) return;
  const lines = (await get<{ lines?: Line[] }>(`/v1/${v.name}/lines`)).lines ?? [];
  const year = v.firstYear;
  const byProgramme = new Map<string, Map<string, number>>();
  for (const l of lines) {
    if (l.year !== year) continue;
    const p = l.programme.replace(/^programmes\//, '');
    if (!byProgramme.has(p)) byProgramme.set(p, new Map());
    const m = byProgramme.get(p)!;
    m.set(l.chapter, (m.get(l.chapter) ?? 0) + Number(l.cp));
  }
  const keys = [...byProgramme.keys()].sort();
  const title = T.treemapTitle[lang()].replace('{0}', String(year));
  const chapterName = (c: string) => (c in T ? T[c as keyof typeof T][lang()] : c);
  const total = (p: string) => [...byProgramme.get(p)!.values()].reduce((a, x) => a + x, 0);
  main.append(h('section', { class: 'in-budget-all', 'aria-labelledby': 'treemap-title' },
    h('h3', { id: 'treemap-title' }, `${title} — ${t('version')} ${v.label || `${v.firstYear}–${v.lastYear}`} (${t('mad')})`),
    treemap(keys.map((p) => ({ key: p.replace(/^demo-/, 'D'), label: p, parts: CHAPTERS.map((c) => ({ kind: c, value: byProgramme.get(p)!.get(c) ?? 0 })) })),
      { width: 960, height: 420, title, colours: CHAPTER_COLOURS, kindLabel: chapterName, format: (n) => `${mad(n)} M` }),
    h('ul', { class: 'in-legend' }, CHAPTERS.map((c) => h('li', {}, h('span', { class: 'in-swatch', style: `background:${CHAPTER_COLOURS[c]}` }), chapterName(c)))),
    h('table', { class: 'st-table in-budget-table' },
      h('caption', {}, `${title} (${t('mad')})`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('programme')), CHAPTERS.map((c) => h('th', { scope: 'col' }, chapterName(c))),
        h('th', { scope: 'col' }, t('total')))),
      h('tbody', {}, keys.map((p) => h('tr', {}, h('th', { scope: 'row' }, p),
        CHAPTERS.map((c) => h('td', {}, mad(byProgramme.get(p)!.get(c) ?? 0))), h('td', {}, mad(total(p)))))),
      h('tfoot', {}, h('tr', { class: 'st-total' }, h('th', { scope: 'row' }, t('total')),
        CHAPTERS.map((c) => h('td', {}, mad(keys.reduce((a, p) => a + (byProgramme.get(p)!.get(c) ?? 0), 0)))),
        h('td', {}, mad(keys.reduce((a, p) => a + total(p), 0))))))));

  // Two adopted versions, compared line by line.
  const diffBox = h('section', { class: 'in-diff', 'aria-labelledby': 'diff-title' }, h('h3', { id: 'diff-title' }, t('compare')));
  main.append(diffBox);
  if (versions.length < 2) { diffBox.append(h('p', {}, t('oneVersion'))); return; }
  const pick = (id: string, current: Programming) => h('select', { id }, versions.map((x) =>
    h('option', { value: x.name, selected: x === current }, `${x.name.replace(/^programmings\//, '')} — ${x.firstYear}–${x.lastYear}`))) as HTMLSelectElement;
  const from = pick('diff-from', versions[versions.length - 2]), to = pick('diff-to', v);
  const out = h('div', { 'aria-live': 'polite' });
  const signed = (n: number) => `${n > 0 ? '+' : ''}${num(n)}`;
  const run = async () => {
    const d = await get<{ changes?: Change[]; ceDelta?: string; cpDelta?: string }>(`/v1/programmings:compare?from=${from.value}&to=${to.value}`);
    const changes = d.changes ?? [];
    const count = (k: string) => changes.filter((c) => c.kind === k).length;
    const changed = changes.filter((c) => c.kind === 'changed').sort((a, b) => Math.abs(Number(b.cpDelta)) - Math.abs(Number(a.cpDelta)));
    const shown = changed.slice(0, 100);
    replace(out, h('p', { class: 'in-diff-summary' }, T.diffSummary[lang()].replace('{0}', num(count('added'))).replace('{1}', num(count('removed')))
      .replace('{2}', num(changed.length)).replace('{3}', signed(Number(d.ceDelta ?? 0))).replace('{4}', signed(Number(d.cpDelta ?? 0)))),
    changed.length ? h('table', { class: 'st-table in-diff-table' },
      h('caption', {}, `${t('changedLines')}${changed.length > shown.length ? ` — ${T.firstOf[lang()].replace('{0}', num(shown.length)).replace('{1}', num(changed.length))}` : ''}`),
      h('thead', {}, h('tr', {}, [t('line'), `${t('delta')} CE`, `${t('delta')} CP`, t('why')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, shown.map((c) => h('tr', {},
        h('td', {}, `${c.programme.replace(/^programmes\//, '')} · ${c.region} · ${(c.action ?? '').replace(/^actions\//, '')} · ${chapterName(c.chapter)} · ${c.year}`),
        h('td', {}, signed(Number(c.ceDelta))), h('td', {}, signed(Number(c.cpDelta))), h('td', {}, c.reason ?? ''))))) : null);
  };
  diffBox.append(h('form', { class: 'in-diff-form', onsubmit: (e: Event) => { e.preventDefault(); void run(); } },
    h('label', { for: 'diff-from' }, t('from')), from, h('label', { for: 'diff-to' }, t('to')), to,
    h('button', { type: 'submit' }, t('compareGo'))), out);
  await run();
}

// The chronogramme of a programme: a Gantt of its actions and milestones by
// region (GET …:chronogramme, one region when chosen), printable.
interface Scheduled { name: string; code: string; title: Texts; region: string; starts: string; ends: string; milestones?: { due: string; title: Texts; done?: boolean }[] }
async function chronoSection(programme: Programme, demo: boolean): Promise<HTMLElement> {
  const box = h('div', { class: 'in-chrono-chart' });
  const regionName = (r: string) => (r === 'central' ? t('central') : r);
  const all = await get<{ actions?: Scheduled[]; unscheduled?: Scheduled[] }>(`/v1/${programme.name}:chronogramme`);
  const regions = [...new Set((all.actions ?? []).map((a) => a.region))];
  const draw = async (region: string) => {
    const c = region ? await get<{ actions?: Scheduled[]; unscheduled?: Scheduled[] }>(`/v1/${programme.name}:chronogramme?region=${encodeURIComponent(region)}`) : all;
    const groups = [...new Set((c.actions ?? []).map((a) => a.region))].map((r) => ({
      label: regionName(r),
      rows: (c.actions ?? []).filter((a) => a.region === r).map((a) => ({
        key: a.name, label: `${a.code} ${inLang(a.title)}`, starts: a.starts, ends: a.ends,
        tip: `${a.code} — ${inLang(a.title)} : ${a.starts} → ${a.ends}`,
        milestones: (a.milestones ?? []).map((m) => ({ due: m.due, title: inLang(m.title), done: !!m.done })),
      })),
    }));
    replace(box, groups.length ? gantt(groups, { title: t('chronoTitle'), today: new Date().toISOString().slice(0, 10),
      todayLabel: t('today'), doneLabel: t('done'), toDoLabel: t('toDo') }) : null,
    (c.unscheduled ?? []).length ? h('p', { class: 'in-note' }, t('unscheduled').replace('{0}', (c.unscheduled ?? []).map((a) => a.code).join(', '))) : null);
  };
  const pick = h('select', { id: 'chrono-region', onchange: (e: Event) => { void draw((e.target as HTMLSelectElement).value); } },
    h('option', { value: '' }, t('allRegions')), regions.map((r) => h('option', { value: r }, regionName(r)))) as HTMLSelectElement;
  await draw('');
  return h('section', { class: 'in-chrono', 'aria-labelledby': 'chrono-title' },
    h('h3', { id: 'chrono-title' }, t('chrono')), demo ? h('p', { class: 'st-demo', role: 'note' }, t('demo')) : null,
    h('div', { class: 'in-chrono-tools' }, h('label', { for: 'chrono-region' }, t('region')), pick,
      h('button', { type: 'button', class: 'in-print', onclick: () => window.print() }, t('print'))),
    box, h('p', { class: 'in-note' }, t('chronoLegend')),
    h('details', { class: 'in-actions' }, h('summary', {}, `${t('action')} (${(all.actions ?? []).length + (all.unscheduled ?? []).length})`),
      h('ul', {}, [...(all.actions ?? []), ...(all.unscheduled ?? [])].map((a) => h('li', {},
        h('a', { href: here({ action: a.name.replace(/^actions\//, '') }) }, `${a.code} — ${inLang(a.title)}`), ` (${a.starts || '—'} → ${a.ends || '—'})`)))));
}

// One action: its programme, region, and the registry projects it funds with
// their status (GET /v1/actions/{id}: published projects only for the public).
interface ActionView { name: string; programme: string; code: string; title: Texts; region: string; demo?: boolean;
  projects?: { project: string; title?: Texts; status?: string; demo?: boolean }[] }
async function actionPage(main: HTMLElement, id: string): Promise<void> {
  let a: ActionView;
  try { a = await get<ActionView>(`/v1/actions/${encodeURIComponent(id)}`); } catch {
    main.append(h('p', { class: 'st-error', role: 'alert' }, t('noAction')));
    return;
  }
  const programme = a.programme.replace(/^programmes\//, '');
  const projects = a.projects ?? [];
  main.append(h('section', { class: 'in-action', 'aria-labelledby': 'action-title' },
    h('h2', { id: 'action-title' }, `${t('action')} ${a.code} — ${inLang(a.title)}`),
    a.demo ? h('p', { class: 'st-demo', role: 'note' }, t('demo')) : null,
    h('p', {}, h('a', { href: here({ programme }) }, `${t('backToProgramme')} ${programme}`), ` · ${t('region')} : ${a.region === 'central' ? t('central') : a.region}`),
    h('h3', {}, t('fundedProjects')),
    projects.length ? h('table', { class: 'st-table in-action-projects' },
      h('thead', {}, h('tr', {}, [t('fundedProjects'), t('status')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, projects.map((p) => h('tr', {},
        h('td', {}, h('a', { href: `/${p.project}` }, inLang(p.title) || p.project)), h('td', {}, p.status ?? '')))))
      : h('p', {}, t('noProject'))));
}

async function render(): Promise<void> {
  const q = new URLSearchParams(window.location.search);
  setLangFromUrl();
  document.title = `${t('title')} — Sharaka Atlas`;
  const main = h('main', { id: 'main', class: 'st-main' }, h('h1', {}, t('title')), h('p', {}, t('intro')));
  replace(document.body, h('a', { class: 'skip', href: '#main' }, t('title')), pageHeader(t('atlas'), () => { void render(); }), main);
  let list: Programme[];
  try { list = (await get<{ programmes?: Programme[] }>('/v1/programmes?pageSize=200')).programmes ?? []; } catch {
    main.append(h('p', { class: 'st-error', role: 'alert' }, t('error')));
    return;
  }
  const allBudget = window.location.pathname === '/programmes/budget';
  const chosen = allBudget || q.get('action') ? undefined : list.find((p) => idOf(p) === q.get('programme')) ?? list[0];
  main.append(h('nav', { class: 'in-programmes', 'aria-labelledby': 'programmes' }, h('h2', { id: 'programmes' }, t('programmes')),
    h('ul', {}, list.map((p) => h('li', {}, h('a', { href: here({ programme: idOf(p) }), 'aria-current': p === chosen ? 'page' : undefined },
      `${p.code} — ${titleOf(p)}`)))),
    h('p', {}, h('a', { href: localHref('/programmes/budget', {}), 'aria-current': allBudget ? 'page' : undefined, class: 'in-all' }, t('allBudget')))));
  if (q.get('action')) {
    await actionPage(main, q.get('action')!);
    return;
  }
  if (allBudget) {
    await budgetPage(main, list.some((p) => p.demo)).catch(() => main.append(h('p', { class: 'st-error', role: 'alert' }, t('error'))));
    return;
  }
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
  const chrono = await chronoSection(chosen, demo).catch(() => h('p', { class: 'st-error', role: 'alert' }, t('error')));
  main.querySelector('.in-dashboard')!.append(chrono);
}

export function start(): void {
  window.addEventListener('popstate', () => { void render(); });
  void render();
}
