// The studies and reports library as the ministry keeps it
// (/workspace/library; validators, analysts, administrators): every document,
// restricted ones included, and a form to add one with its PDF. The file is
// checked by the registry (a PDF by its bytes, its size, the virus scan, its
// text read); a refusal comes back field by field in the page's language.
import * as api from '../api';
import { h } from '../dom';
import { documentCard, type LibraryDocument, lt } from '../library';
import * as session from './session';
import { w } from './texts';

type Shell = (title: string, ...content: (Node | null)[]) => void;

const KINDS = ['STUDY', 'DIAGNOSTIC', 'EVALUATION_REPORT', 'MINUTES'];

/** The bytes of `file` as base64 (what the JSON API takes for a PDF). */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function uploadForm(vocab: api.Vocabularies, done: () => void): HTMLElement {
  const input = (name: string, attrs: Record<string, string | number | boolean> = {}) =>
    h('input', { name, ...attrs }) as HTMLInputElement;
  const titleFr = input('title-fr', { maxlength: 300, required: true, lang: 'fr' });
  const titleAr = input('title-ar', { maxlength: 300, dir: 'rtl', lang: 'ar' });
  const abstract = h('textarea', { name: 'abstract-fr', rows: 4, maxlength: 3000, lang: 'fr' }) as HTMLTextAreaElement;
  const authors = input('authors', { maxlength: 2000 });
  const commissioned = input('commissioned-by', { maxlength: 200 });
  const date = input('date', { maxlength: 10, placeholder: '2025-06', dir: 'ltr' });
  const kind = h('select', { name: 'kind' }, KINDS.map((k) => h('option', { value: k }, lt(k)))) as HTMLSelectElement;
  const language = h('select', { name: 'language' }, [['fr', 'Français'], ['ar', 'العربية'], ['en', 'English']]
    .map(([v, l]) => h('option', { value: v }, l))) as HTMLSelectElement;
  const access = h('select', { name: 'access' },
    h('option', { value: 'PUBLIC_DOCUMENT' }, w('docPublic')),
    h('option', { value: 'RESTRICTED_DOCUMENT' }, w('docRestricted'))) as HTMLSelectElement;
  const regions = h('select', { name: 'regions', multiple: true, size: 6 },
    (vocab.regions ?? []).map((r) => h('option', { value: r.code }, api.termText(r)))) as HTMLSelectElement;
  const demo = input('demo', { type: 'checkbox' });
  const file = input('file', { type: 'file', accept: 'application/pdf,.pdf', required: true });
  const status = h('div', { class: 'ws-status', role: 'status', 'aria-live': 'polite' });
  const form = h('form', { class: 'ws-admin-form ws-library-form', 'data-form': 'new-document' },
    h('label', {}, w('nameFr'), titleFr), h('label', {}, w('nameAr'), titleAr),
    h('label', {}, w('docAbstract'), abstract), h('label', {}, w('docAuthors'), authors),
    h('label', {}, w('docCommissioned'), commissioned), h('label', {}, w('docDate'), date),
    h('label', {}, w('docKind'), kind), h('label', {}, w('docLanguage'), language),
    h('label', {}, w('docAccess'), access), h('label', {}, w('region'), regions),
    h('label', { class: 'ws-check' }, demo, ' ', w('demoEntry')),
    h('label', {}, w('docFile'), file),
    h('button', { type: 'submit', class: 'primary' }, w('docUpload')), status);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      const chosen = file.files?.[0];
      if (!chosen) return;
      status.textContent = '…';
      try {
        await session.call('POST', '/v1/documents', {
          document: {
            title: { fr: titleFr.value, ar: titleAr.value }, abstract: { fr: abstract.value },
            authors: authors.value.split(',').map((a) => a.trim()).filter(Boolean),
            commissionedBy: commissioned.value, date: date.value.trim(), kind: kind.value,
            language: language.value, access: access.value, demo: demo.checked,
            regionCodes: [...regions.selectedOptions].map((o) => o.value),
          },
          file: await base64Of(chosen), fileName: chosen.name, requestId: crypto.randomUUID(),
        });
        done();
      } catch (err) {
        status.textContent = session.errorMessage(err);
      }
    })();
  });
  return form;
}

export async function libraryPage(shell: Shell): Promise<void> {
  const vocab = await api.vocabularies().catch(() => ({} as api.Vocabularies));
  let documents: LibraryDocument[] = [];
  try {
    // Signed in: restricted documents too (the session's token).
    documents = (await session.call<{ documents?: LibraryDocument[] }>('GET', '/v1/documents?pageSize=100')).documents ?? [];
  } catch (e) {
    shell(w('libraryNav'), h('p', { class: 'ws-error', role: 'alert' }, session.errorMessage(e)));
    return;
  }
  const reload = () => { void libraryPage(shell); };
  const remove = async (d: LibraryDocument, out: HTMLElement) => {
    if (!window.confirm(w('confirmDelete', d.title?.fr ?? d.name))) return;
    try {
      await session.call('DELETE', `/v1/${d.name}?etag=${encodeURIComponent(d.etag ?? '')}`);
      reload();
    } catch (e) { out.textContent = session.errorMessage(e); }
  };
  shell(w('libraryNav'),
    h('p', {}, w('libraryLead')),
    h('details', {}, h('summary', {}, w('docNew')), uploadForm(vocab, reload)),
    ...documents.map((d) => {
      const out = h('div', { class: 'ws-status', role: 'status', 'aria-live': 'polite' });
      // The PDF with the session's token: a restricted one has no public link.
      const card = documentCard(d, vocab.regions);
      card.querySelector('a.download')?.addEventListener('click', (e) => {
        e.preventDefault();
        void session.download(`/v1/${d.name}:file`, d.file?.fileName ?? 'document.pdf')
          .catch((err) => { out.textContent = session.errorMessage(err); });
      });
      return h('section', { class: 'ws-document', 'data-document': d.name },
        card,
        h('button', { type: 'button', class: 'link', 'data-action': 'delete', onclick: () => { void remove(d, out); } },
          w('docDelete')), out);
    }));
}
