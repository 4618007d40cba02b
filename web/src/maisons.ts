// The Maisons des Marocains du Monde et des Affaires de la Migration (the
// ministry's regional service points), as the public atlas shows them: one
// card per entry (title, address, opening hours, services, the latest
// reported activity with its year and source; a figure not reported says so,
// never 0), used by the /maisons page, the map's popups and the region pages.
// Contacts come only to signed-in users (GET /v1/maisons answers without them
// otherwise); demo entries say they are demo.
import { h, replace } from './dom';
import { type Lang, type Localized, lang, num, pick } from './i18n';

export interface Maison {
  name: string;
  title?: Localized;
  regionCode?: string;
  provinceCode?: string;
  address?: Localized;
  location?: { latitude?: number; longitude?: number };
  hours?: { day?: number; opens?: string; closes?: string }[];
  services?: string[];
  contacts?: { phone?: string; email?: string; person?: string };
  activity?: { year?: number; visitors?: number; files?: { service?: string; files?: number }[]; source?: string }[];
  demo?: boolean;
  source?: string;
  etag?: string;
  updateTime?: string;
  updatedBy?: string;
}
export interface Term { code: string; label?: Localized }

type Texts = Record<string, Record<Lang, string>>;
export const MT: Texts = {
  title: { fr: 'Maisons des Marocains du Monde', ar: 'دور المغاربة المقيمين بالخارج', en: 'Houses of Moroccans of the World' },
  long: {
    fr: 'Maisons des Marocains du Monde et des Affaires de la Migration',
    ar: 'دور المغاربة المقيمين بالخارج وشؤون الهجرة',
    en: 'Houses of Moroccans of the World and Migration Affairs',
  },
  intro: {
    fr: 'Les points d’accueil régionaux du ministère : adresse, horaires, services offerts et activité déclarée, avec sa source et son année.',
    ar: 'نقاط الاستقبال الجهوية للوزارة: العنوان والمواقيت والخدمات المقدمة والنشاط المصرح به، مع مصدره وسنته.',
    en: 'The ministry’s regional service points: address, opening hours, services offered and reported activity, with its source and year.',
  },
  demo: { fr: 'Démonstration', ar: 'تجريبي', en: 'Demo' },
  demoNote: {
    fr: 'Entrée de démonstration : nom, adresse, horaires et chiffres fictifs.',
    ar: 'مدخل تجريبي: الاسم والعنوان والمواقيت والأرقام خيالية.',
    en: 'Demo entry: name, address, hours and figures are fictitious.',
  },
  address: { fr: 'Adresse', ar: 'العنوان', en: 'Address' },
  hours: { fr: 'Horaires', ar: 'مواقيت العمل', en: 'Opening hours' },
  services: { fr: 'Services', ar: 'الخدمات', en: 'Services' },
  activity: { fr: 'Activité déclarée', ar: 'النشاط المصرح به', en: 'Reported activity' },
  year: { fr: 'Année', ar: 'السنة', en: 'Year' },
  visitors: { fr: 'Visiteurs', ar: 'الزوار', en: 'Visitors' },
  files: { fr: 'Dossiers traités', ar: 'الملفات المعالجة', en: 'Files handled' },
  notReported: { fr: 'non communiqué', ar: 'غير مصرح به', en: 'not reported' },
  noActivity: { fr: 'Aucune activité déclarée.', ar: 'لا يوجد نشاط مصرح به.', en: 'No activity reported.' },
  source: { fr: 'Source', ar: 'المصدر', en: 'Source' },
  contacts: { fr: 'Contacts (utilisateurs connectés)', ar: 'جهات الاتصال (للمستخدمين المسجلين)', en: 'Contacts (signed-in users)' },
  none: { fr: 'Aucune Maison dans cette sélection.', ar: 'لا توجد أي دار في هذا الاختيار.', en: 'No House in this selection.' },
  inRegion: { fr: 'Maisons des Marocains du Monde de la région', ar: 'دور المغاربة المقيمين بالخارج بالجهة', en: 'Houses of Moroccans of the World in the region' },
  all: { fr: 'Toute la liste', ar: 'القائمة الكاملة', en: 'The whole list' },
  error: { fr: 'La liste des Maisons n’est pas disponible pour le moment.', ar: 'قائمة الدور غير متاحة حاليا.', en: 'The list of Houses is not available right now.' },
  closed: { fr: 'fermé', ar: 'مغلق', en: 'closed' },
};
export const mt = (key: keyof typeof MT): string => MT[key][lang()];

const DAYS: Record<Lang, string[]> = {
  fr: ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
  ar: ['', 'الاثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت', 'الأحد'],
  en: ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

/** The label of a code among `terms` (the code itself when unknown). */
export function termName(terms: Term[] | undefined, code: string): string {
  const term = terms?.find((x) => x.code === code);
  return term ? pick(term.label).text || code : code;
}

/** The reported activity, most recent year first, one row per year. */
function activityTable(m: Maison, services: Term[] | undefined): HTMLElement {
  const years = [...(m.activity ?? [])].sort((a, b) => (b.year ?? 0) - (a.year ?? 0));
  if (!years.length) return h('p', { class: 'muted' }, mt('noActivity'));
  const missing = () => h('span', { class: 'missing' }, mt('notReported'));
  return h('table', { class: 'maison-activity' },
    h('caption', {}, mt('activity')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, mt('year')), h('th', { scope: 'col' }, mt('visitors')),
      h('th', { scope: 'col' }, mt('files')), h('th', { scope: 'col' }, mt('source')))),
    h('tbody', {}, years.map((a) => h('tr', {},
      h('th', { scope: 'row' }, String(a.year ?? '')),
      h('td', {}, a.visitors == null ? missing() : num(a.visitors)),
      h('td', {}, a.files?.length
        ? h('ul', { class: 'plain' }, a.files.map((f) => h('li', {}, `${termName(services, f.service ?? '')} : ${num(f.files ?? 0)}`)))
        : missing()),
      h('td', {}, a.source ?? '')))));
}

/** One entry; `compact` for the map's popup (no activity table). */
export function maisonCard(m: Maison, services: Term[] | undefined, regions: Term[] | undefined,
                           compact = false): HTMLElement {
  const title = pick(m.title);
  const address = pick(m.address);
  const id = m.name.replace(/^maisons\//, '');
  const hours = [...(m.hours ?? [])].sort((a, b) => (a.day ?? 0) - (b.day ?? 0) || (a.opens ?? '').localeCompare(b.opens ?? ''));
  const byDay = new Map<number, string[]>();
  for (const p of hours) byDay.set(p.day ?? 0, [...(byDay.get(p.day ?? 0) ?? []), `${p.opens}–${p.closes}`]);
  return h('article', { class: 'maison', id: `maison-${id}`, 'data-name': m.name },
    h('h3', { lang: title.lang }, title.text),
    m.demo ? h('p', { class: 'demo-tag' }, `${mt('demo')} — ${mt('demoNote')}`) : null,
    h('p', { class: 'where' }, termName(regions, m.regionCode ?? '')),
    address.text ? h('p', {}, h('span', { class: 'label' }, `${mt('address')} : `), h('span', { lang: address.lang }, address.text)) : null,
    byDay.size ? h('div', {}, h('p', { class: 'label' }, mt('hours')),
      h('ul', { class: 'plain hours' }, [...byDay.entries()].map(([d, ps]) => h('li', {}, `${DAYS[lang()][d] ?? ''} : `,
        // Times read left to right in Arabic too ("08:30–16:30", not reversed).
        h('span', { dir: 'ltr' }, ps.join(', ')))))) : null,
    m.services?.length ? h('div', {}, h('p', { class: 'label' }, mt('services')),
      h('ul', { class: 'tags' }, m.services.map((s) => h('li', {}, termName(services, s))))) : null,
    m.contacts && (m.contacts.phone || m.contacts.email || m.contacts.person)
      ? h('div', { class: 'contacts' }, h('p', { class: 'label' }, mt('contacts')),
        h('ul', { class: 'plain' }, m.contacts.person ? h('li', {}, m.contacts.person) : null,
          m.contacts.phone ? h('li', { dir: 'ltr' }, m.contacts.phone) : null,
          m.contacts.email ? h('li', { dir: 'ltr' }, m.contacts.email) : null)) : null,
    compact ? null : activityTable(m, services),
    m.source ? h('p', { class: 'source' }, `${mt('source')} : ${m.source}`) : null);
}

/** GET /v1/maisons (one region's with `region`), in the page's language. */
export async function fetchMaisons(region = ''): Promise<Maison[]> {
  const q = region ? `?regionCode=${encodeURIComponent(region)}` : '';
  const r = await fetch(`/v1/maisons${q}`, { headers: { 'Accept-Language': lang() } });
  if (!r.ok) throw new Error(`${r.status}`);
  return ((await r.json()) as { maisons?: Maison[] }).maisons ?? [];
}

/** The region page's section: its entries, or that it has none. */
export async function regionMaisons(el: HTMLElement, code: string, services: Term[] | undefined,
                                    regions: Term[] | undefined): Promise<void> {
  let list: Maison[];
  try {
    list = await fetchMaisons(code);
  } catch {
    el.replaceChildren(h('p', { role: 'alert' }, mt('error')));
    return;
  }
  const href = lang() === 'fr' ? `/maisons?region=${code}` : `/maisons?region=${code}&lang=${lang()}`;
  replace(el, h('h3', {}, mt('inRegion')),
    list.length ? list.map((m) => maisonCard(m, services, regions, true)) : h('p', {}, mt('none')),
    h('p', {}, h('a', { href }, mt('all'))));
}
