// The studies and reports library as the public pages show it: one card per
// document (title, kind, date, authors, who commissioned it, the abstract,
// the passage that matched a search, the PDF to download), used by the
// /library page and the region pages. Restricted documents never come to an
// anonymous page (the API leaves them out); demo documents say so.
import { h, replace } from './dom';
import { type Lang, type Localized, lang, num, pick } from './i18n';

export interface LibraryDocument {
  name: string;
  title?: Localized;
  abstract?: Localized;
  authors?: string[];
  commissionedBy?: string;
  date?: string;
  kind?: string;
  language?: string;
  access?: string;
  regionCodes?: string[];
  themes?: string[];
  projects?: string[];
  demo?: boolean;
  file?: { fileName?: string; sizeBytes?: string | number; pages?: number; textChars?: number };
  snippet?: string;
  etag?: string;
}
export interface Term { code: string; label?: Localized }

type Texts = Record<string, Record<Lang, string>>;
export const LT: Texts = {
  title: { fr: 'Bibliothèque des études et rapports', ar: 'مكتبة الدراسات والتقارير', en: 'Library of studies and reports' },
  short: { fr: 'Bibliothèque', ar: 'المكتبة', en: 'Library' },
  intro: {
    fr: 'Les études, diagnostics, évaluations et procès-verbaux du partenariat, cherchés dans leurs résumés et dans le texte de leurs PDF.',
    ar: 'دراسات الشراكة وتشخيصاتها وتقييماتها ومحاضرها، يُبحث فيها في ملخصاتها وفي نص ملفات PDF الخاصة بها.',
    en: 'The partnership’s studies, diagnostics, evaluations and minutes, searched in their abstracts and in the text of their PDFs.',
  },
  STUDY: { fr: 'Étude', ar: 'دراسة', en: 'Study' },
  DIAGNOSTIC: { fr: 'Diagnostic', ar: 'تشخيص', en: 'Diagnostic' },
  EVALUATION_REPORT: { fr: 'Évaluation', ar: 'تقييم', en: 'Evaluation' },
  MINUTES: { fr: 'Procès-verbal', ar: 'محضر', en: 'Minutes' },
  demo: { fr: 'Document de démonstration (fictif).', ar: 'وثيقة تجريبية (خيالية).', en: 'Demo document (fictitious).' },
  download: { fr: 'Télécharger le PDF', ar: 'تحميل ملف PDF', en: 'Download the PDF' },
  pages: { fr: 'pages', ar: 'صفحات', en: 'pages' },
  by: { fr: 'Auteurs', ar: 'المؤلفون', en: 'Authors' },
  commissioned: { fr: 'Commandité par', ar: 'بطلب من', en: 'Commissioned by' },
  none: { fr: 'Aucun document dans cette sélection.', ar: 'لا توجد أي وثيقة في هذا الاختيار.', en: 'No document in this selection.' },
  inRegion: { fr: 'Études et rapports sur la région', ar: 'دراسات وتقارير عن الجهة', en: 'Studies and reports on the region' },
  all: { fr: 'Toute la bibliothèque', ar: 'المكتبة كاملة', en: 'The whole library' },
  error: { fr: 'La bibliothèque n’est pas disponible pour le moment.', ar: 'المكتبة غير متاحة حاليا.', en: 'The library is not available right now.' },
  restricted: { fr: 'Restreint (utilisateurs connectés)', ar: 'مقيد (للمستخدمين المسجلين)', en: 'Restricted (signed-in users)' },
};
export const lt = (key: string): string => LT[key]?.[lang()] ?? key;

/** The matched passage, its «marked» words as <mark>, the rest as text. */
export function snippet(text: string): HTMLElement {
  const parts = text.split(/«|»/);
  return h('p', { class: 'snippet' }, parts.map((p, i) => (i % 2 ? h('mark', {}, p) : p)));
}

export function documentCard(d: LibraryDocument, regions: Term[] | undefined, compact = false): HTMLElement {
  const title = pick(d.title);
  const abstract = pick(d.abstract);
  const size = Number(d.file?.sizeBytes ?? 0);
  const region = (c: string) => pick(regions?.find((r) => r.code === c)?.label).text || c;
  return h('article', { class: 'library-doc', 'data-name': d.name },
    h('h3', { lang: title.lang }, title.text),
    h('p', { class: 'doc-meta' }, [lt(d.kind ?? ''), d.date, d.access === 'RESTRICTED_DOCUMENT' ? lt('restricted') : '']
      .filter(Boolean).join(' · ')),
    d.demo ? h('p', { class: 'demo-tag' }, lt('demo')) : null,
    d.authors?.length ? h('p', {}, `${lt('by')} : ${d.authors.join(', ')}`) : null,
    d.commissionedBy ? h('p', {}, `${lt('commissioned')} : ${d.commissionedBy}`) : null,
    !compact && abstract.text ? h('p', { lang: abstract.lang, class: 'abstract' },
      abstract.text.length > 400 ? `${abstract.text.slice(0, 400)}…` : abstract.text) : null,
    d.snippet ? snippet(d.snippet) : null,
    !compact && d.regionCodes?.length ? h('p', { class: 'where' }, d.regionCodes.map(region).join(', ')) : null,
    h('p', {}, h('a', { href: `/v1/${d.name}:file`, class: 'download', download: d.file?.fileName ?? '' },
      lt('download')), ` (${d.file?.pages ?? 0} ${lt('pages')}, ${num(Math.ceil(size / 1024))} Kio)`));
}

/** GET /v1/documents with `params`, in the page's language. */
export async function fetchDocuments(params: Record<string, string>):
    Promise<{ documents: LibraryDocument[]; total: number; next: string }> {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
  const r = await fetch(`/v1/documents?${q}`, { headers: { 'Accept-Language': lang() } });
  if (!r.ok) throw new Error(`${r.status}`);
  const body = (await r.json()) as { documents?: LibraryDocument[]; totalSize?: number; nextPageToken?: string };
  return { documents: body.documents ?? [], total: body.totalSize ?? 0, next: body.nextPageToken ?? '' };
}

/** The region page's section: its documents, or that it has none. */
export async function regionDocuments(el: HTMLElement, code: string, regions: Term[] | undefined): Promise<void> {
  let list: LibraryDocument[];
  try {
    list = (await fetchDocuments({ regionCode: code, pageSize: '5' })).documents;
  } catch {
    replace(el, h('p', { role: 'alert' }, lt('error')));
    return;
  }
  const href = lang() === 'fr' ? `/library?region=${code}` : `/library?region=${code}&lang=${lang()}`;
  replace(el, h('h3', {}, lt('inRegion')),
    list.length ? list.map((d) => documentCard(d, regions, true)) : h('p', {}, lt('none')),
    h('p', {}, h('a', { href }, lt('all'))));
}
