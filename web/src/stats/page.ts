// The public statistics pages (/statistics): the catalogue of datasets with
// their sources, and one dataset at a time as a chart of the largest
// countries of residence with, under it, the whole table, its source line,
// its flags (rounded, small, missing), a comparison with another period, and
// the downloads statisticians use (SDMX-CSV, SDMX-ML). Figures come from
// GET /v1/datasets/{id}:query, rounded for disclosure control (docs/stats.md).
import '../styles.css';
import './stats.css';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { h, replace } from '../dom';
import { getJson, localHref, pageHeader } from '../public-page';
import { choropleth } from './choropleth';
import { type Lang, lang, num, setLangFromUrl } from '../i18n';

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, Tooltip);

const T = {
  title: { fr: 'Statistiques des Marocains du monde', ar: 'إحصاءات مغاربة العالم', en: 'Statistics on Moroccans abroad' },
  intro: {
    fr: 'Tables publiées par les Nations unies, la Banque mondiale et les consulats, avec leurs sources. Les chiffres publics sont arrondis aléatoirement à un multiple de 5 pour protéger les petites cellules.',
    ar: 'جداول نشرتها الأمم المتحدة والبنك الدولي والقنصليات، مع مصادرها. تُقرَّب الأرقام المنشورة عشوائيًا إلى مضاعف للعدد 5 لحماية الخلايا الصغيرة.',
    en: 'Tables published by the United Nations, the World Bank and the consulates, with their sources. Public figures are randomly rounded to a multiple of 5 to protect small cells.',
  },
  catalogue: { fr: 'Jeux de données', ar: 'مجموعات البيانات', en: 'Datasets' },
  dataset: { fr: 'Jeu de données', ar: 'مجموعة البيانات', en: 'Dataset' },
  period: { fr: 'Période', ar: 'الفترة', en: 'Period' },
  compare: { fr: 'Comparer avec', ar: 'مقارنة مع', en: 'Compare with' },
  none: { fr: '(aucune)', ar: '(لا شيء)', en: '(none)' },
  sex: { fr: 'Sexe', ar: 'الجنس', en: 'Sex' },
  country: { fr: 'Pays ou zone de résidence', ar: 'بلد أو منطقة الإقامة', en: 'Country or area of residence' },
  persons: { fr: 'Personnes', ar: 'الأشخاص', en: 'Persons' },
  share: { fr: 'Part', ar: 'الحصة', en: 'Share' },
  change: { fr: 'Évolution', ar: 'التطور', en: 'Change' },
  total: { fr: 'Total', ar: 'المجموع', en: 'Total' },
  top: { fr: 'Les 15 premiers pays de résidence', ar: 'أول 15 بلد إقامة', en: 'The 15 largest countries of residence' },
  source: { fr: 'Source', ar: 'المصدر', en: 'Source' },
  method: { fr: 'Méthode et limites', ar: 'المنهجية والحدود', en: 'Method and caveats' },
  licence: { fr: 'Licence', ar: 'الترخيص', en: 'Licence' },
  grade: { fr: 'Qualité de la source', ar: 'جودة المصدر', en: 'Source quality' },
  observations: { fr: 'observations', ar: 'مشاهدة', en: 'observations' },
  missing: { fr: 'manquant', ar: 'مفقود', en: 'missing' },
  small: { fr: 'petite cellule (valeur vraie inférieure à 10)', ar: 'خلية صغيرة (القيمة الحقيقية أقل من 10)', en: 'small cell (true value below 10)' },
  rounded: {
    fr: 'Valeurs arrondies aléatoirement à un multiple de 5 (écart de 4 au plus) ; un total n’est pas la somme de ses parties arrondies.',
    ar: 'قيم مقربة عشوائيًا إلى مضاعف للعدد 5 (بفارق 4 على الأكثر)؛ المجموع ليس مجموع أجزائه المقربة.',
    en: 'Values randomly rounded to a multiple of 5 (off by at most 4); a total is not the sum of its rounded parts.',
  },
  download: { fr: 'Télécharger', ar: 'تحميل', en: 'Download' },
  sdmxCsv: { fr: 'SDMX-CSV', ar: 'SDMX-CSV', en: 'SDMX-CSV' },
  sdmxMl: { fr: 'SDMX-ML', ar: 'SDMX-ML', en: 'SDMX-ML' },
  atlas: { fr: 'Atlas des projets', ar: 'أطلس المشاريع', en: 'Project atlas' },
  error: { fr: 'Les statistiques ne sont pas disponibles pour le moment.', ar: 'الإحصاءات غير متاحة حاليًا.', en: 'Statistics are not available right now.' },
  sources: { fr: 'Sources des données', ar: 'مصادر البيانات', en: 'Data sources' },
  sourcesIntro: {
    fr: 'Les institutions qui détiennent des chiffres sur les Marocains du monde, ce qu’elles couvrent et à quelles conditions, et les jeux de données construits à partir de chacune.',
    ar: 'المؤسسات التي تملك أرقاما عن مغاربة العالم، وما تغطيه وبأي شروط، ومجموعات البيانات المبنية انطلاقا من كل منها.',
    en: 'The institutions that hold figures on Moroccans abroad, what they cover and on what terms, and the datasets built from each.',
  },
  holder: { fr: 'Détenteur', ar: 'الجهة الحائزة', en: 'Holder' },
  population: { fr: 'Population couverte', ar: 'الساكنة المشمولة', en: 'Population covered' },
  coverage: { fr: 'Pays', ar: 'البلدان', en: 'Countries' },
  variables: { fr: 'Variables', ar: 'المتغيرات', en: 'Variables' },
  frequency: { fr: 'Fréquence', ar: 'الدورية', en: 'Frequency' },
  access: { fr: 'Accès', ar: 'الولوج', en: 'Access' },
  builtFrom: { fr: 'Jeux de données', ar: 'مجموعات البيانات', en: 'Datasets' },
  noDataset: { fr: 'aucun pour l’instant', ar: 'لا شيء حاليا', en: 'none yet' },
  projects: { fr: 'Marocains du monde et projets', ar: 'مغاربة العالم والمشاريع', en: 'Moroccans abroad and projects' },
  projectsIntro: {
    fr: 'Personnes par pays de résidence, à côté des projets publics actifs de l’atlas dont les pays de la diaspora incluent ce pays (non clôturés, annulés ou suspendus).',
    ar: 'الأشخاص حسب بلد الإقامة، بجانب المشاريع العمومية النشطة في الأطلس التي تشمل بلدان الجالية فيها هذا البلد (غير المغلقة أو الملغاة أو المعلقة).',
    en: 'Persons by country of residence, next to the atlas’s active public projects whose diaspora countries include that country (not closed, cancelled or suspended).',
  },
  withProjects: { fr: 'Pays avec des projets', ar: 'بلدان بها مشاريع', en: 'Countries with projects' },
  withoutProjects: { fr: 'Pays sans projet, classés par nombre de personnes', ar: 'بلدان بدون مشاريع، مرتبة حسب عدد الأشخاص', en: 'Countries without projects, ranked by persons' },
  activeProjects: { fr: 'Projets actifs', ar: 'المشاريع النشطة', en: 'Active projects' },
  perProject: { fr: 'Personnes par projet', ar: 'أشخاص لكل مشروع', en: 'Persons per project' },
  demoProjects: { fr: 'dont projets de démonstration', ar: 'منها مشاريع تجريبية', en: 'of which demo projects' },
  demoProjectsNote: {
    fr: 'Les projets de démonstration (données générées) sont comptés et signalés ; ils ne décrivent pas des projets réels.',
    ar: 'تُحتسب المشاريع التجريبية (بيانات مولدة) ويُشار إليها؛ وهي لا تصف مشاريع حقيقية.',
    en: 'Demo projects (generated data) are counted and flagged; they do not describe real projects.',
  },
  mapTitle: { fr: 'Personnes par pays de résidence', ar: 'الأشخاص حسب بلد الإقامة', en: 'Persons by country of residence' },
  noData: { fr: 'pas de donnée', ar: 'لا توجد بيانات', en: 'no data' },
  zero: { fr: '0 (ou non disponible selon la source)', ar: '0 (أو غير متوفر حسب المصدر)', en: '0 (or not available, per the source)' },
  outlines: { fr: 'Contours : Natural Earth (domaine public), via atlas-geo.', ar: 'الحدود: Natural Earth (ملك عام)، عبر atlas-geo.', en: 'Outlines: Natural Earth (public domain), via atlas-geo.' },
  profile: { fr: 'Profil d’un pays de résidence', ar: 'صورة بلد إقامة', en: 'Profile of a country of residence' },
  pyramid: { fr: 'Pyramide des âges', ar: 'الهرم العمري', en: 'Population pyramid' },
  age: { fr: 'Âge', ar: 'السن', en: 'Age' },
  men: { fr: 'Hommes', ar: 'ذكور', en: 'Men' },
  women: { fr: 'Femmes', ar: 'إناث', en: 'Women' },
  education: { fr: 'Éducation et activité', ar: 'التعليم والنشاط', en: 'Education and labour force status' },
  level: { fr: 'Niveau d’éducation', ar: 'المستوى التعليمي', en: 'Level of education' },
  demo: { fr: 'Données de démonstration générées : jamais additionnées aux chiffres réels.', ar: 'بيانات تجريبية مولدة: لا تُضاف أبدًا إلى الأرقام الحقيقية.', en: 'Generated demo data: never added to real figures.' },
} as const;
const t = (k: keyof typeof T): string => T[k][lang()];
// A label before its text: French puts a space before the colon.
const label = (k: keyof typeof T): string => (lang() === 'fr' ? `${t(k)} : ` : `${t(k)}: `);

interface Dataset {
  name: string; title: string; description: string; source: string; sourceUrl: string; licence: string;
  method: string; referencePeriod: string; grade: string; demo: boolean; observationCount: string;
  producer: string; dataSource?: string; dimensions?: { id: string; codelist: string; codes?: { id: string; label: string }[] }[];
}
type Texts = { fr?: string; ar?: string; en?: string };
interface DataSource {
  name: string; holder: string; title: Texts; population?: Texts; coverage?: Texts; period: string;
  variables?: Texts; frequency: string; access?: Texts; url?: string; datasets?: string[];
}
const FREQUENCY: Record<string, Record<Lang, string>> = {
  ANNUAL: { fr: 'annuelle', ar: 'سنوية', en: 'annual' },
  BIENNIAL: { fr: 'tous les deux ans', ar: 'كل سنتين', en: 'every two years' },
  FIVE_YEARLY: { fr: 'tous les cinq ans', ar: 'كل خمس سنوات', en: 'every five years' },
  DECENNIAL: { fr: 'décennale', ar: 'عشرية', en: 'every ten years' },
  IRREGULAR: { fr: 'irrégulière', ar: 'غير منتظمة', en: 'irregular' },
  ONE_OFF: { fr: 'ponctuelle', ar: 'لمرة واحدة', en: 'one-off' },
};
// A text in the page's language, else French, else English.
const inLang = (x: Texts | undefined): string => (x?.[lang()] || x?.fr || x?.en || '');
interface Cell { key: string[]; labels: string[]; value?: string; status: string; small: boolean; incomplete: boolean; share?: number }
interface Answer { cells?: Cell[]; margins?: Cell[]; fixed?: string[]; disclosure: { exact: boolean } }

const get = getJson;

const idOf = (d: Dataset) => d.name.replace(/^datasets\//, '');
const here = (params: Record<string, string>) => localHref('/statistics', params);


const value = (c: Cell | undefined) => (c?.value === undefined ? null : Number(c.value));
function shown(c: Cell | undefined): Node {
  if (!c || c.value === undefined) return h('span', { class: 'st-missing' }, `— (${t('missing')})`);
  return h('span', {}, num(Number(c.value)), c.small ? h('abbr', { class: 'st-flag', title: t('small') }, ' *') : null);
}

function chart(cells: Cell[]): HTMLElement {
  const top = cells.filter((c) => c.value !== undefined).slice(0, 15);
  const canvas = h('canvas', { role: 'img', 'aria-label': t('top') });
  const wrap = h('figure', { class: 'st-chart' }, h('figcaption', {}, t('top')), h('div', { class: 'st-canvas' }, canvas));
  requestAnimationFrame(() => new Chart(canvas, {
    type: 'bar',
    data: { labels: top.map((c) => c.labels[0]), datasets: [{ label: t('persons'), data: top.map((c) => Number(c.value)), backgroundColor: '#0b6e4f' }] },
    options: { indexAxis: 'y', maintainAspectRatio: false, animation: false,
      locale: { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' }[lang()],
      scales: { x: { reverse: lang() === 'ar' }, y: { position: lang() === 'ar' ? 'right' : 'left' } } },
  }));
  return wrap;
}

// Source, method and licence: under every chart and table.
function provenance(full: Dataset): HTMLElement[] {
  return [
    h('p', { class: 'st-source' }, h('strong', {}, label('source')), full.source,
      /^https?:\/\//.test(full.sourceUrl) ? [' — ', h('a', { href: full.sourceUrl, rel: 'noopener' }, full.sourceUrl)] : null),
    h('p', { class: 'st-method' }, h('strong', {}, label('method')), full.method),
    h('p', { class: 'st-licence' }, h('strong', {}, label('licence')), full.licence)];
}

// An SDMX key: `fixed` codes for the named dimensions, every code for the others.
function sdmxKey(full: Dataset, fixed: Record<string, string>): string {
  const dims = (full.dimensions ?? []).filter((d) => d.id !== 'TIME_PERIOD');
  const key = dims.map((d) => fixed[d.id] ?? '').join('.');
  return key.replace(/\./g, '') === '' ? 'all' : key;
}

function downloads(full: Dataset, key: string, range: string): HTMLElement {
  const base = `/sdmx/2.1/data/${idOf(full)}/${key}`;
  return h('p', { class: 'st-downloads' }, label('download'),
    h('a', { class: 'button', href: `${base}?${range}&format=csv` }, t('sdmxCsv')), ' ',
    h('a', { class: 'button', href: `${base}?${range}` }, t('sdmxMl')));
}

// The two-way table of a query grouped by two dimensions: rows × columns with
// the published margins (never sums of rounded cells).
function crossTable(caption: string, rowHead: string, a: Answer, rows: { id: string; label: string }[],
  cols: { id: string; label: string }[]): HTMLElement {
  const at = (list: Cell[] | undefined, r: string, c: string) => list?.find((x) => x.key[0] === r && x.key[1] === c);
  const line = (id: string, name: string, foot = false) => h('tr', { class: foot ? 'st-total' : '' },
    h('th', { scope: 'row' }, name),
    cols.map((c) => h('td', {}, shown(at(id === '_T' ? a.margins : a.cells, id, c.id)))),
    h('td', {}, shown(at(a.margins, id, '_T'))));
  return h('table', { class: 'st-table' }, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, rowHead), cols.map((c) => h('th', { scope: 'col' }, c.label)),
      h('th', { scope: 'col' }, t('total')))),
    h('tbody', {}, rows.map((r) => line(r.id, r.label))),
    h('tfoot', {}, line('_T', t('total'), true)));
}

interface CountryCoverage { country: string; label: string; persons?: string; small?: boolean; activeProjects?: number; demoProjects?: number; personsPerProject?: number }
interface Coverage { period: string; countries?: CountryCoverage[]; activeProjects?: number; demoProjects?: number }

// Persons by country next to the atlas's projects (a read model of the
// registry's events in atlas-stats): persons per active project, and the
// countries without any, ranked.
async function coverageSection(full: Dataset, period: string): Promise<HTMLElement | null> {
  if (full.demo || !full.dimensions?.some((d) => d.id === 'REF_AREA')) return null;
  const c = await get<Coverage>(`/v1/${full.name}:projectCoverage?period=${encodeURIComponent(period)}`);
  const rows = c.countries ?? [];
  const withP = rows.filter((r) => (r.activeProjects ?? 0) > 0);
  const without = rows.filter((r) => !(r.activeProjects ?? 0) && r.persons !== undefined).slice(0, 15);
  const persons = (r: CountryCoverage) => shown(r.persons === undefined ? undefined : { key: [], labels: [], value: r.persons, status: 'A', small: !!r.small, incomplete: false });
  const projects = (r: CountryCoverage) => `${num(r.activeProjects ?? 0)}${r.demoProjects ? ` (${t('demoProjects')} ${num(r.demoProjects)})` : ''}`;
  return h('section', { class: 'st-coverage', 'aria-labelledby': 'coverage-title' },
    h('h2', { id: 'coverage-title' }, `${t('projects')} — ${period}`), h('p', {}, t('projectsIntro')),
    (c.demoProjects ?? 0) > 0 ? h('p', { class: 'st-demo', role: 'note' }, t('demoProjectsNote')) : null,
    h('table', { class: 'st-table st-with' }, h('caption', {}, t('withProjects')),
      h('thead', {}, h('tr', {}, [t('country'), `${t('persons')} ${period}`, t('activeProjects'), t('perProject')].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, withP.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.label), h('td', {}, persons(r)), h('td', {}, projects(r)),
        h('td', {}, r.personsPerProject === undefined ? h('span', { class: 'st-missing' }, '—') : num(Math.round(r.personsPerProject))))))),
    h('table', { class: 'st-table st-without' }, h('caption', {}, t('withoutProjects')),
      h('thead', {}, h('tr', {}, [t('country'), `${t('persons')} ${period}`].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, without.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.label), h('td', {}, persons(r)))))));
}

// For datasets with the DIOC dimensions: one country's population pyramid and
// its education × labour force profile, each with its table and source.
async function profile(full: Dataset, period: string, biggest: string): Promise<HTMLElement | null> {
  const dim = (id: string) => full.dimensions?.find((d) => d.id === id);
  const areas = dim('REF_AREA')?.codes ?? [];
  const [age, sex, edu, lab] = [dim('AGE'), dim('SEX'), dim('EDUCATION'), dim('LABOUR')];
  if (!age || !sex || !areas.length) return null;
  const q = new URLSearchParams(window.location.search);
  const country = areas.some((a) => a.id === q.get('country')) ? q.get('country')! : biggest;
  const name = areas.find((a) => a.id === country)?.label ?? country;
  const ask = (groupBy: string) => {
    const p = new URLSearchParams({ groupBy, totals: 'true' });
    p.append('filter', `REF_AREA=${country}`);
    p.append('filter', `TIME_PERIOD=${period}`);
    return get<Answer>(`/v1/${full.name}:query?${p}`);
  };
  const [pyr, prof] = await Promise.all([ask('AGE,SEX'), edu && lab ? ask('EDUCATION,LABOUR') : Promise.resolve(null)]);
  const section = h('section', { class: 'st-profile', 'aria-labelledby': 'profile-title' },
    h('h2', { id: 'profile-title' }, `${t('profile')} — ${name}`));
  if (full.demo) section.append(h('p', { class: 'st-demo', role: 'note' }, t('demo')));
  const choose = h('select', { id: 'st-country', onchange: (e: Event) => {
    const p = new URLSearchParams(window.location.search);
    p.set('dataset', idOf(full));
    p.set('country', (e.target as HTMLSelectElement).value);
    window.history.pushState(null, '', `/statistics?${p}`);
    void render();
  } }, [...areas].sort((a, b) => a.label.localeCompare(b.label, lang())).map((a) => h('option', { value: a.id, selected: a.id === country }, a.label)));
  section.append(h('form', { class: 'st-controls', onsubmit: (e: Event) => e.preventDefault() },
    h('div', { class: 'field' }, h('label', { for: 'st-country' }, t('country')), choose)));

  const ages = age.codes ?? [];
  const cell = (a: string, s: string) => pyr.cells?.find((c) => c.key[0] === a && c.key[1] === s);
  const canvas = h('canvas', { role: 'img', 'aria-label': `${t('pyramid')} — ${name}` });
  section.append(h('figure', { class: 'st-chart st-pyramid' }, h('figcaption', {}, `${t('pyramid')} — ${name}, ${period}`),
    h('div', { class: 'st-canvas' }, canvas)));
  const older = [...ages].reverse();
  const rtl = lang() === 'ar';
  requestAnimationFrame(() => new Chart(canvas, {
    type: 'bar',
    data: { labels: older.map((a) => a.label), datasets: [
      { label: t('men'), data: older.map((a) => -(value(cell(a.id, 'M')) ?? 0)), backgroundColor: '#1f5f8b' },
      { label: t('women'), data: older.map((a) => value(cell(a.id, 'F')) ?? 0), backgroundColor: '#b5523b' }] },
    options: { indexAxis: 'y', maintainAspectRatio: false, animation: false,
      locale: { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' }[lang()],
      plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${num(Math.abs(Number(c.raw)))}` } } },
      scales: { x: { stacked: true, reverse: rtl, ticks: { callback: (v) => num(Math.abs(Number(v))) } },
        y: { stacked: true, position: rtl ? 'right' : 'left' } } },
  }));
  const men = sex.codes?.find((c) => c.id === 'M'), women = sex.codes?.find((c) => c.id === 'F');
  section.append(crossTable(`${t('pyramid')} — ${name}, ${period}`, t('age'), pyr, ages,
    [{ id: 'M', label: men?.label ?? t('men') }, { id: 'F', label: women?.label ?? t('women') }]));
  if (prof && edu && lab) {
    const levels = edu.codes ?? [], statuses = lab.codes ?? [];
    const at = (e: string, l: string) => value(prof.cells?.find((c) => c.key[0] === e && c.key[1] === l)) ?? 0;
    const bars = h('canvas', { role: 'img', 'aria-label': `${t('education')} — ${name}` });
    section.append(h('figure', { class: 'st-chart st-education' }, h('figcaption', {}, `${t('education')} — ${name}, ${period}`),
      h('div', { class: 'st-canvas st-short' }, bars)));
    const colours = ['#0b6e4f', '#c08a00', '#6b6f76'];
    requestAnimationFrame(() => new Chart(bars, {
      type: 'bar',
      data: { labels: levels.map((e) => e.label), datasets: statuses.map((l, i) => ({
        label: l.label, data: levels.map((e) => at(e.id, l.id)), backgroundColor: colours[i % colours.length] })) },
      options: { indexAxis: 'y', maintainAspectRatio: false, animation: false,
        locale: { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' }[lang()],
        scales: { x: { stacked: true, reverse: rtl }, y: { stacked: true, position: rtl ? 'right' : 'left' } } },
    }));
    section.append(crossTable(`${t('education')} — ${name}, ${period}`, t('level'), prof, levels, statuses));
  }
  section.append(h('p', { class: 'st-note' }, pyr.disclosure.exact ? '' : t('rounded'), ' ', h('span', { class: 'st-flag' }, '*'), ` ${t('small')}.`),
    ...provenance(full), downloads(full, sdmxKey(full, { REF_AREA: country }), `startPeriod=${period}&endPeriod=${period}`));
  return section;
}

// The catalogue of data sources: each one's holder, population, countries,
// period, variables, frequency, access and the datasets built from it.
function sourcesSection(sources: DataSource[], datasets: Dataset[]): HTMLElement {
  const titleOf = new Map(datasets.map((d) => [d.name, d.title]));
  const row = (k: keyof typeof T, v: Node | string) => (v === '' ? null : [h('dt', {}, t(k)), h('dd', {}, v)]);
  return h('section', { class: 'st-sources', 'aria-labelledby': 'sources' },
    h('h2', { id: 'sources' }, t('sources')), h('p', {}, t('sourcesIntro')),
    sources.map((s) => h('details', { class: 'st-source-entry', id: s.name.replace('/', '-') },
      h('summary', {}, h('strong', {}, inLang(s.title)), ` — ${s.holder} · ${s.period}`),
      h('dl', {},
        row('holder', s.holder), row('population', inLang(s.population)), row('coverage', inLang(s.coverage)),
        row('variables', inLang(s.variables)), row('frequency', FREQUENCY[s.frequency]?.[lang()] ?? s.frequency),
        row('access', inLang(s.access)),
        row('source', /^https?:\/\//.test(s.url ?? '') ? h('a', { href: s.url!, rel: 'noopener' }, s.url!) : ''),
        row('builtFrom', (s.datasets ?? []).length
          ? h('ul', {}, (s.datasets ?? []).map((d) => h('li', {}, h('a', { href: here({ dataset: d.replace(/^datasets\//, '') }) }, titleOf.get(d) ?? d))))
          : t('noDataset'))))));
}

// Country outlines from atlas-geo, once per language.
const outlinesIn = new Map<string, Promise<Parameters<typeof choropleth>[0]>>();
function worldOutlines(): Promise<Parameters<typeof choropleth>[0]> {
  if (!outlinesIn.has(lang())) {
    outlinesIn.set(lang(), get<{ features: Parameters<typeof choropleth>[0] }>(`/v1/map/areas?level=country&zoom=2&language=${lang()}`)
      .then((r) => r.features));
  }
  return outlinesIn.get(lang())!;
}

async function render(): Promise<void> {
  const q = new URLSearchParams(window.location.search);
  setLangFromUrl();
  document.title = `${t('title')} — Sharaka Atlas`;
  const main = h('main', { id: 'main', class: 'st-main' }, h('h1', {}, t('title')), h('p', { class: 'st-intro' }, t('intro')));
  replace(document.body, h('a', { class: 'skip', href: '#main' }, t('title')), pageHeader(t('atlas'), () => { void render(); }), main);
  let list: Dataset[];
  let sources: DataSource[];
  try {
    [list, sources] = await Promise.all([
      get<{ datasets?: Dataset[] }>('/v1/datasets').then((r) => r.datasets ?? []),
      get<{ dataSources?: DataSource[] }>('/v1/dataSources?pageSize=200').then((r) => r.dataSources ?? [])]);
  } catch {
    main.append(h('p', { class: 'st-error', role: 'alert' }, t('error')));
    return;
  }
  const id = q.get('dataset') ?? 'undesa-ims-2020';
  const chosen = list.find((d) => idOf(d) === id) ?? list[0];
  if (!chosen) return;
  main.append(h('section', { class: 'st-catalogue', 'aria-labelledby': 'catalogue' },
    h('h2', { id: 'catalogue' }, t('catalogue')),
    h('ul', {}, list.map((d) => h('li', { class: d === chosen ? 'st-current' : '' },
      h('a', { href: here({ dataset: idOf(d) }), 'aria-current': d === chosen ? 'page' : undefined }, d.title),
      h('span', { class: 'st-meta' }, ` · ${d.referencePeriod} · ${d.producer} · ${t('grade')} ${d.grade} · ${num(Number(d.observationCount))} ${t('observations')}`),
      d.demo ? h('strong', { class: 'st-demo' }, ` · ${t('demo')}`) : null)))));

  const full = await get<Dataset>(`/v1/${chosen.name}`);
  const dim = (id: string) => full.dimensions?.find((d) => d.id === id);
  const periods = (dim('TIME_PERIOD')?.codes ?? []).map((c) => c.id).sort();
  const period = periods.includes(q.get('period') ?? '') ? q.get('period')! : periods[periods.length - 1];
  const compareWith = periods.includes(q.get('compare') ?? '') && q.get('compare') !== period ? q.get('compare')! : '';
  const sexes = dim('SEX')?.codes ?? [];
  const sex = sexes.some((s) => s.id === q.get('sex')) ? q.get('sex')! : (sexes.some((s) => s.id === '_T') ? '_T' : '');

  const section = h('section', { class: 'st-dataset', 'aria-labelledby': 'dataset-title' },
    h('h2', { id: 'dataset-title' }, full.title), h('p', {}, full.description),
    full.dataSource ? h('p', { class: 'st-from' }, label('sources'),
      h('a', { href: `#${full.dataSource.replace('/', '-')}` }, inLang(sources.find((x) => x.name === full.dataSource)?.title) || full.dataSource)) : null);
  main.append(section);
  if (full.demo) section.append(h('p', { class: 'st-demo', role: 'note' }, t('demo')));

  const select = (label: string, name: string, options: [string, string][], current: string) => {
    const idAttr = `st-${name}`;
    return h('div', { class: 'field' }, h('label', { for: idAttr }, label),
      h('select', { id: idAttr, onchange: (e: Event) => {
        const p = new URLSearchParams(window.location.search);
        p.set('dataset', idOf(full));
        const v = (e.target as HTMLSelectElement).value;
        if (v) p.set(name, v); else p.delete(name);
        window.history.pushState(null, '', `/statistics?${p}`);
        void render();
      } }, options.map(([v, text]) => h('option', { value: v, selected: v === current }, text))));
  };
  section.append(h('form', { class: 'st-controls', onsubmit: (e: Event) => e.preventDefault() },
    select(t('period'), 'period', periods.map((p) => [p, p]), period),
    periods.length > 1 ? select(t('compare'), 'compare', [['', t('none')], ...periods.filter((p) => p !== period).map((p): [string, string] => [p, p])], compareWith) : null,
    sexes.length > 1 ? select(t('sex'), 'sex', [
      // Both sexes: the published total where there is one, else the sum.
      ...(sexes.some((s) => s.id === '_T') ? [] : [['', t('total')] as [string, string]]),
      ...sexes.map((s): [string, string] => [s.id, s.label])], sex) : null));

  const ask = (p: string) => {
    const params = new URLSearchParams({ groupBy: 'REF_AREA', totals: 'true' });
    params.append('filter', `TIME_PERIOD=${p}`);
    if (sex) params.append('filter', `SEX=${sex}`);
    return get<Answer>(`/v1/${full.name}:query?${params}`);
  };
  let now: Answer, before: Answer | null = null;
  try { [now, before] = await Promise.all([ask(period), compareWith ? ask(compareWith) : Promise.resolve(null)]); } catch {
    section.append(h('p', { class: 'st-error', role: 'alert' }, t('error')));
    return;
  }
  const cells = [...(now.cells ?? [])].sort((a, b) => (value(b) ?? -1) - (value(a) ?? -1));
  const outlines = await worldOutlines().catch(() => null);
  if (outlines) {
    const byCode = new Map(cells.filter((c) => c.value !== undefined).map((c) => [c.key[0], c]));
    section.append(choropleth(outlines, new Map([...byCode].map(([k, c]) => [k, Number(c.value)])), {
      title: `${t('mapTitle')} — ${period}${sex && sex !== '_T' ? ` (${sexes.find((x) => x.id === sex)?.label ?? sex})` : ''}`,
      noData: t('noData'), zero: t('zero'), format: (n) => num(n),
      valueOf: (code) => `${num(Number(byCode.get(code)?.value))}${byCode.get(code)?.small ? ' *' : ''}`,
    }), h('p', { class: 'st-outlines' }, t('outlines')));
  }
  const then = new Map((before?.cells ?? []).map((c) => [c.key[0], c]));
  const total = (now.margins ?? [])[0];
  section.append(chart(cells));

  const head = [t('country'), `${t('persons')} ${period}`, t('share')];
  if (compareWith) head.push(`${t('persons')} ${compareWith}`, t('change'));
  const change = (c: Cell | undefined, b: Cell | undefined): string => {
    const a = value(c), z = value(b);
    if (a === null || z === null) return '—';
    const d = a - z;
    return `${d >= 0 ? '+' : '−'}${num(Math.abs(d))}${z > 0 ? ` (${d >= 0 ? '+' : '−'}${num(Math.abs(d) / z * 100, 1)} %)` : ''}`;
  };
  const row = (label: string, c: Cell | undefined, b: Cell | undefined, th = false) => h('tr', { class: th ? 'st-total' : '' },
    h('th', { scope: 'row' }, label), h('td', {}, shown(c)),
    h('td', {}, c?.share !== undefined ? `${num(c.share * 100, 1)} %` : ''),
    compareWith ? h('td', {}, shown(b)) : null, compareWith ? h('td', {}, change(c, b)) : null);
  const range = `startPeriod=${compareWith && compareWith < period ? compareWith : period}&endPeriod=${compareWith && compareWith > period ? compareWith : period}`;
  section.append(
    h('table', { class: 'st-table' },
      h('caption', {}, `${full.title} — ${period}${compareWith ? ` / ${compareWith}` : ''}`),
      h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, cells.map((c) => row(c.labels[0], c, then.get(c.key[0])))),
      h('tfoot', {}, row(t('total'), total, (before?.margins ?? [])[0], true))),
    h('p', { class: 'st-note' }, now.disclosure.exact ? '' : t('rounded'), ' ', h('span', { class: 'st-flag' }, '*'), ` ${t('small')}.`),
    ...provenance(full), downloads(full, sdmxKey(full, sex ? { SEX: sex } : {}), range));
  const failed = () => h('p', { class: 'st-error', role: 'alert' }, t('error'));
  const [cover, more] = await Promise.all([coverageSection(full, period).catch(failed),
    profile(full, period, cells[0]?.key[0] ?? '').catch(failed)]);
  if (cover) main.append(cover);
  if (more) main.append(more);
  main.append(sourcesSection(sources, list));
}

export function start(): void {
  window.addEventListener('popstate', () => { void render(); });
  void render();
}
