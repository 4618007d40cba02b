// Every string the atlas shows, in French (default), Arabic and English, and
// locale-aware number, money and date formatting.
export type Lang = 'fr' | 'ar' | 'en';
export const LANGS: Lang[] = ['fr', 'ar', 'en'];

const catalog = {
  title: { fr: 'Atlas Sharaka', ar: 'أطلس شراكة', en: 'Sharaka Atlas' },
  tagline: {
    fr: 'Initiatives Migration & Développement',
    ar: 'مبادرات الهجرة والتنمية',
    en: 'Migration & Development initiatives',
  },
  demo: {
    fr: 'Données de démonstration : les projets affichés sont fictifs.',
    ar: 'بيانات تجريبية: المشاريع المعروضة خيالية.',
    en: 'Demo data: the projects shown are fictitious.',
  },
  search: { fr: 'Rechercher un projet', ar: 'البحث عن مشروع', en: 'Search projects' },
  statistics: { fr: 'Statistiques des MRE', ar: 'إحصاءات مغاربة العالم', en: 'Statistics on Moroccans abroad' },
  programmes: { fr: 'Programmes et indicateurs', ar: 'البرامج والمؤشرات', en: 'Programmes and indicators' },
  maisons: { fr: 'Maisons des Marocains du Monde', ar: 'دور المغاربة المقيمين بالخارج', en: 'Houses of Moroccans of the World' },
  library: { fr: 'Bibliothèque des études', ar: 'مكتبة الدراسات', en: 'Library of studies' },
  help: { fr: 'Aide', ar: 'المساعدة', en: 'Help' },
  maisonsLayer: { fr: 'Maisons des Marocains du Monde', ar: 'دور المغاربة المقيمين بالخارج', en: 'Houses of Moroccans of the World' },
  filters: { fr: 'Filtres', ar: 'عوامل التصفية', en: 'Filters' },
  themes: { fr: 'Thèmes', ar: 'المحاور', en: 'Themes' },
  region: { fr: 'Région', ar: 'الجهة', en: 'Region' },
  allRegions: { fr: 'Toutes les régions', ar: 'كل الجهات', en: 'All regions' },
  status: { fr: 'Statut', ar: 'الحالة', en: 'Status' },
  anyStatus: { fr: 'Tous les statuts', ar: 'كل الحالات', en: 'Any status' },
  country: { fr: 'Pays de la diaspora', ar: 'بلد الجالية', en: 'Diaspora country' },
  anyCountry: { fr: 'Tous les pays', ar: 'كل البلدان', en: 'All countries' },
  years: { fr: 'Années', ar: 'السنوات', en: 'Years' },
  partner: { fr: 'Partenaire', ar: 'الشريك', en: 'Partner' },
  anyPartner: { fr: 'Tous les partenaires', ar: 'كل الشركاء', en: 'All partners' },
  anyTarget: { fr: 'Tous les publics', ar: 'كل الفئات', en: 'All groups' },
  from: { fr: 'de', ar: 'من', en: 'from' },
  to: { fr: 'à', ar: 'إلى', en: 'to' },
  clear: { fr: 'Effacer les filtres', ar: 'مسح عوامل التصفية', en: 'Clear filters' },
  results: { fr: '{0} projets', ar: '{0} مشروع', en: '{0} projects' },
  more: { fr: 'Afficher plus de projets', ar: 'عرض مزيد من المشاريع', en: 'Show more projects' },
  noResults: { fr: 'Aucun projet ne correspond.', ar: 'لا يوجد مشروع مطابق.', en: 'No project matches.' },
  mode: { fr: 'Affichage', ar: 'العرض', en: 'View' },
  modeProjects: { fr: 'Projets', ar: 'المشاريع', en: 'Projects' },
  modeChoropleth: { fr: 'Par région', ar: 'حسب الجهة', en: 'By region' },
  modeWorld: { fr: 'Diaspora (monde)', ar: 'الجالية (العالم)', en: 'Diaspora (world)' },
  metric: { fr: 'Mesure', ar: 'المقياس', en: 'Measure' },
  metricCount: { fr: 'Nombre de projets', ar: 'عدد المشاريع', en: 'Number of projects' },
  metricBudget: { fr: 'Budget (EUR indicatifs)', ar: 'الميزانية (يورو تقريبي)', en: 'Budget (indicative EUR)' },
  metricPerCapita: {
    fr: 'Budget par habitant (EUR indicatifs)',
    ar: 'الميزانية لكل نسمة (يورو تقريبي)',
    en: 'Budget per inhabitant (indicative EUR)',
  },
  legend: { fr: 'Légende', ar: 'مفتاح الخريطة', en: 'Legend' },
  budgetByTheme: { fr: 'Budget par thème', ar: 'الميزانية حسب المحور', en: 'Budget by theme' },
  budgetByYear: { fr: 'Budget par année', ar: 'الميزانية حسب السنة', en: 'Budget by year' },
  budgetThemeYear: { fr: 'Budget par thème et par année (milliers d’EUR)', ar: 'الميزانية حسب المحور والسنة (آلاف اليورو)', en: 'Budget by theme and year (thousand EUR)' },
  regionBudget: { fr: 'Budget total (EUR indicatifs)', ar: 'الميزانية الإجمالية (يورو تقريبي)', en: 'Total budget (indicative EUR)' },
  dashNoBudget: {
    fr: '— : aucune ligne budgétaire de ce thème cette année-là (pas un zéro déclaré).',
    ar: '— : لا يوجد سطر ميزانية لهذا المحور في تلك السنة (ليس صفرا مصرحا به).',
    en: '—: no budget line for this theme that year (not a reported zero).',
  },
  thousandsEur: { fr: 'En milliers d’EUR.', ar: 'بآلاف اليورو.', en: 'In thousand EUR.' },
  splitOverThemes: {
    fr: 'Le budget d’un projet à plusieurs thèmes est partagé également entre eux.',
    ar: 'ميزانية المشروع متعدد المحاور موزعة بالتساوي بينها.',
    en: 'A project with several themes has its budget split evenly between them.',
  },
  unconverted: {
    fr: '{0} ligne(s) budgétaire(s) dans une devise sans taux indicatif : non comptées.',
    ar: '{0} سطر(أسطر) ميزانية بعملة بلا سعر تقريبي: غير محسوبة.',
    en: '{0} budget line(s) in a currency with no indicative rate: not counted.',
  },
  diasporaLinks: { fr: 'Liens avec la diaspora', ar: 'الروابط مع الجالية', en: 'Diaspora links' },
  noDiasporaLinks: { fr: 'Aucun projet ne nomme un pays de la diaspora.', ar: 'لا يذكر أي مشروع بلدا للجالية.', en: 'No project names a diaspora country.' },
  regionGaps: { fr: 'Thèmes sans projet ici', ar: 'محاور بلا مشروع هنا', en: 'Themes with no project here' },
  noGaps: { fr: 'Tous les thèmes ont au moins un projet.', ar: 'لكل المحاور مشروع واحد على الأقل.', en: 'Every theme has at least one project.' },
  bornHere: { fr: 'Émigrés nés dans la région', ar: 'المهاجرون المولودون في الجهة', en: 'Emigrants born in the region' },
  bornHereNone: {
    fr: 'Aucune des sources publiées par l’atlas ne donne les émigrés par région de naissance (les tables de l’ONU, de la Banque mondiale et des consulats sont par pays de résidence) : pas de chiffre plutôt qu’un chiffre inventé.',
    ar: 'لا يعطي أي من المصادر التي ينشرها الأطلس عدد المهاجرين حسب جهة الولادة (جداول الأمم المتحدة والبنك الدولي والقنصليات حسب بلد الإقامة): لا رقم بدل رقم مختلق.',
    en: 'None of the sources the atlas publishes gives emigrants by region of birth (the UN, World Bank and consular tables are by country of residence): no figure rather than an invented one.',
  },
  placeNames: { fr: 'Noms des régions', ar: 'أسماء الجهات', en: 'Region names' },
  namesPage: { fr: 'En français', ar: 'بالعربية', en: 'In English' },
  namesSignage: {
    fr: 'Comme la signalétique officielle : العربية · ⵜⵉⴼⵉⵏⴰⵖ · français',
    ar: 'كما في اللوحات الرسمية: العربية · ⵜⵉⴼⵉⵏⴰⵖ · français',
    en: 'As official signage: العربية · ⵜⵉⴼⵉⵏⴰⵖ · français',
  },
  noProject: { fr: 'aucun projet', ar: 'لا مشروع', en: 'no project' },
  demoInTotals: {
    fr: 'Ces chiffres comptent des projets de démonstration (fictifs).',
    ar: 'هذه الأرقام تشمل مشاريع تجريبية (وهمية).',
    en: 'These figures count demo (fictitious) projects.',
  },
  zeroBudget: { fr: '0 (aucun projet)', ar: '0 (لا مشروع)', en: '0 (no project)' },
  noData: { fr: 'pas de donnée', ar: 'لا توجد بيانات', en: 'no data' },
  noPopulation: {
    fr: 'pas de donnée : population inconnue pour ce territoire',
    ar: 'لا توجد بيانات: عدد السكان غير معروف لهذه المنطقة',
    en: 'no data: no population figure for this area',
  },
  noBudget: {
    fr: 'pas de donnée : ses projets n’indiquent aucun budget',
    ar: 'لا توجد بيانات: مشاريعها لا تذكر أي ميزانية',
    en: 'no data: its projects report no budget',
  },
  perInhabitantOf: {
    fr: 'Budget divisé par : {0}, {1} ({2} habitants)',
    ar: 'الميزانية مقسومة على: {0}، {1} ({2} نسمة)',
    en: 'Budget divided by: {0}, {1} ({2} inhabitants)',
  },
  denominator: {
    fr: 'Dénominateur : {0}, {1}.',
    ar: 'المقام: {0}، {1}.',
    en: 'Denominator: {0}, {1}.',
  },
  source: { fr: 'Source', ar: 'المصدر', en: 'Source' },
  indicativeRates: {
    fr: 'EUR indicatifs : taux fixes du {0} ({1}), pas des montants comptables.',
    ar: 'يورو تقريبي: أسعار صرف ثابتة بتاريخ {0} ({1})، وليست مبالغ محاسبية.',
    en: 'Indicative EUR: fixed rates of {0} ({1}), not accounting figures.',
  },
  indicativeEur: { fr: 'soit environ {0} (indicatif)', ar: 'أي حوالي {0} (تقريبي)', en: 'about {0} (indicative)' },
  projectsHere: { fr: '{0} projet(s)', ar: '{0} مشروع', en: '{0} project(s)' },
  close: { fr: 'Fermer', ar: 'إغلاق', en: 'Close' },
  summary: { fr: 'Résumé', ar: 'ملخص', en: 'Summary' },
  objectives: { fr: 'Objectifs', ar: 'الأهداف', en: 'Objectives' },
  expectedResults: { fr: 'Résultats attendus', ar: 'النتائج المنتظرة', en: 'Expected results' },
  achievedResults: { fr: 'Résultats obtenus', ar: 'النتائج المحققة', en: 'Results achieved' },
  actors: { fr: 'Acteurs', ar: 'الفاعلون', en: 'Actors' },
  funding: { fr: 'Financement', ar: 'التمويل', en: 'Funding' },
  budget: { fr: 'Budget', ar: 'الميزانية', en: 'Budget' },
  dates: { fr: 'Calendrier', ar: 'الجدول الزمني', en: 'Timeline' },
  places: { fr: 'Lieux', ar: 'الأماكن', en: 'Places' },
  diaspora: { fr: 'Diaspora concernée', ar: 'الجالية المعنية', en: 'Diaspora involved' },
  targetGroups: { fr: 'Publics cibles', ar: 'الفئات المستهدفة', en: 'Target groups' },
  documents: { fr: 'Documents', ar: 'وثائق', en: 'Documents' },
  similar: { fr: 'Projets similaires', ar: 'مشاريع مماثلة', en: 'Similar projects' },
  goodPractice: { fr: 'Bonne pratique', ar: 'ممارسة جيدة', en: 'Good practice' },
  evaluation: { fr: 'Évaluation', ar: 'التقييم', en: 'Evaluation' },
  // "label: value", with each language's spacing before the colon.
  labelled: { fr: '{0} : {1}', ar: '{0}: {1}', en: '{0}: {1}' },
  outOfFour: { fr: '{0} / 4', ar: '{0} / 4', en: '{0} / 4' },
  print: { fr: 'Imprimer', ar: 'طباعة', en: 'Print' },
  pdfSheet: { fr: 'Fiche PDF', ar: 'البطاقة بصيغة PDF', en: 'PDF sheet' },
  embed: { fr: 'Intégrer', ar: 'تضمين', en: 'Embed' },
  embedHelp: {
    fr: 'Copiez ce code dans votre site :',
    ar: 'انسخ هذه الشيفرة في موقعك:',
    en: 'Copy this code into your site:',
  },
  originalLanguage: {
    fr: 'Texte en langue originale ({0}) : pas encore traduit.',
    ar: 'النص بلغته الأصلية ({0}): لم يترجم بعد.',
    en: 'Text in its original language ({0}): not translated yet.',
  },
  planned: { fr: 'prévu', ar: 'متوقع', en: 'planned' },
  actual: { fr: 'réel', ar: 'فعلي', en: 'actual' },
  regionPage: { fr: 'Projets de la région', ar: 'مشاريع الجهة', en: 'Projects in the region' },
  partners: { fr: 'Partenaires', ar: 'الشركاء', en: 'Partners' },
  seeChoropleth: { fr: 'Voir la carte par région', ar: 'عرض الخريطة حسب الجهة', en: 'See the map by region' },
  backToAtlas: { fr: 'Retour à l’atlas', ar: 'العودة إلى الأطلس', en: 'Back to the atlas' },
  zoomIn: { fr: 'Zoomer', ar: 'تكبير', en: 'Zoom in' },
  zoomOut: { fr: 'Dézoomer', ar: 'تصغير', en: 'Zoom out' },
  mapLabel: {
    fr: 'Carte des projets ; utilisez la liste pour naviguer au clavier',
    ar: 'خريطة المشاريع؛ استعمل القائمة للتنقل بلوحة المفاتيح',
    en: 'Map of projects; use the list to navigate with the keyboard',
  },
  cluster: { fr: '{0} projets ici : zoomer', ar: '{0} مشروع هنا: تكبير', en: '{0} projects here: zoom in' },
  attribution: {
    fr: 'Limites © contributeurs OpenStreetMap (ODbL) ; pays : Natural Earth',
    ar: 'الحدود © مساهمو OpenStreetMap ‏(ODbL)؛ البلدان: Natural Earth',
    en: 'Boundaries © OpenStreetMap contributors (ODbL); countries: Natural Earth',
  },
  language: { fr: 'Langue', ar: 'اللغة', en: 'Language' },
  live: { fr: 'Carte mise à jour', ar: 'تم تحديث الخريطة', en: 'Map updated' },
  error: {
    fr: 'Le service ne répond pas ; réessayez.',
    ar: 'الخدمة لا تستجيب؛ أعد المحاولة.',
    en: 'The service does not answer; try again.',
  },
} as const;

export type Key = keyof typeof catalog;

export const STATUSES = ['PIPELINE', 'IMPLEMENTATION', 'FINALISATION', 'CLOSED', 'CANCELLED', 'SUSPENDED'];
const statusNames: Record<string, Record<Lang, string>> = {
  PIPELINE: { fr: 'En préparation', ar: 'قيد الإعداد', en: 'Pipeline' },
  IMPLEMENTATION: { fr: 'En cours', ar: 'قيد التنفيذ', en: 'Implementation' },
  FINALISATION: { fr: 'En finalisation', ar: 'في مرحلة الإنهاء', en: 'Finalisation' },
  CLOSED: { fr: 'Terminé', ar: 'منتهٍ', en: 'Closed' },
  CANCELLED: { fr: 'Annulé', ar: 'ملغى', en: 'Cancelled' },
  SUSPENDED: { fr: 'Suspendu', ar: 'معلق', en: 'Suspended' },
};

// IATI organisation roles (codelist OrganisationRole), as the registry names them.
export const ROLES = ['FUNDING', 'ACCOUNTABLE', 'EXTENDING', 'IMPLEMENTING'] as const;
const roleNames: Record<string, Record<Lang, string>> = {
  FUNDING: { fr: 'Financement', ar: 'التمويل', en: 'Funding' },
  ACCOUNTABLE: { fr: 'Responsable', ar: 'المسؤول', en: 'Accountable' },
  EXTENDING: { fr: 'Gestion', ar: 'التدبير', en: 'Extending' },
  IMPLEMENTING: { fr: 'Mise en œuvre', ar: 'التنفيذ', en: 'Implementing' },
};

// OECD-DAC evaluation criteria, as the registry names them.
export const CRITERIA = ['RELEVANCE', 'COHERENCE', 'EFFECTIVENESS', 'EFFICIENCY', 'IMPACT', 'SUSTAINABILITY'] as const;
const criterionNames: Record<string, Record<Lang, string>> = {
  RELEVANCE: { fr: 'Pertinence', ar: 'الملاءمة', en: 'Relevance' },
  COHERENCE: { fr: 'Cohérence', ar: 'الاتساق', en: 'Coherence' },
  EFFECTIVENESS: { fr: 'Efficacité', ar: 'الفعالية', en: 'Effectiveness' },
  EFFICIENCY: { fr: 'Efficience', ar: 'الكفاءة', en: 'Efficiency' },
  IMPACT: { fr: 'Impact', ar: 'الأثر', en: 'Impact' },
  SUSTAINABILITY: { fr: 'Durabilité', ar: 'الاستدامة', en: 'Sustainability' },
};

let current: Lang = 'fr';
export const lang = (): Lang => current;
export function setLang(l: Lang): void {
  current = l;
  document.documentElement.lang = l;
  document.documentElement.dir = l === 'ar' ? 'rtl' : 'ltr';
}
/** The language the URL names (?lang=ar), else French: every page's one rule. */
export function setLangFromUrl(): void {
  const l = new URLSearchParams(window.location.search).get('lang') ?? '';
  setLang((LANGS as string[]).includes(l) ? l as Lang : 'fr');
}

/** A catalogue entry in the current language, `{0}`, `{1}`… replaced by `args`. */
export function format(entry: Record<Lang, string>, args: (string | number)[]): string {
  // One pass, a function as replacement: an argument's own "{1}" or "$&" stays as it is.
  return entry[current].replace(/\{(\d+)\}/g, (whole, i: string) => {
    const a = args[Number(i)];
    return a === undefined ? whole : typeof a === 'number' ? num(a) : a;
  });
}

export const t = (key: Key, ...args: (string | number)[]): string => format(catalog[key], args);

// A code's name in the current language (the code itself when unknown).
const namer = (names: Record<string, Record<Lang, string>>) => (code: string): string =>
  names[code]?.[current] ?? code;
export const statusName = namer(statusNames);
export const roleName = namer(roleNames);
export const criterionName = namer(criterionNames);

const locale = (): string => ({ fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' })[current];
export const percent = (n: number): string =>
  new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(n / 100);
export const num = (n: number, digits = 0): string =>
  new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(n);
export const money = (n: number, currency: string): string =>
  new Intl.NumberFormat(locale(), { style: 'currency', currency: currency || 'MAD', maximumFractionDigits: 0 }).format(n);
/** A day ("2026-11-29") in the current language, e.g. "29 nov. 2026" (no time zone shift). */
export function day(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' })
    .format(new Date(Date.UTC(y, (m || 1) - 1, d || 1)));
}
/** A moment (RFC 3339) as a short date and time in the current language. */
export const dateTime = (iso?: string): string => (iso
  ? new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso)) : '');
export function date(d?: { year?: number; month?: number; day?: number }): string {
  if (!d?.year) return '';
  return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: d.month ? 'short' : undefined })
    .format(new Date(Date.UTC(d.year, (d.month ?? 1) - 1, d.day ?? 1)));
}

// A localized text of the registry: the text in the current language, else
// the original language's (and which it is).
export interface Localized { fr?: string; ar?: string; en?: string }
export function pick(text: Localized | undefined, original?: string): { text: string; lang: Lang } {
  if (!text) return { text: '', lang: current };
  if (text[current]) return { text: text[current]!, lang: current };
  const order = [original ?? '', 'fr', 'ar', 'en'].filter((l): l is Lang => (LANGS as string[]).includes(l));
  for (const l of order) if (text[l]) return { text: text[l]!, lang: l };
  return { text: '', lang: current };
}
export const languageName = (l: Lang): string =>
  ({ fr: { fr: 'français', ar: 'الفرنسية', en: 'French' }, ar: { fr: 'arabe', ar: 'العربية', en: 'Arabic' },
     en: { fr: 'anglais', ar: 'الإنجليزية', en: 'English' } })[l][current];
