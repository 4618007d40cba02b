// The help pages (/help, /help/{guide}, /help/glossary): the user guides for
// partners, validators, analysts and administrators and the glossary, in the
// page's language (?lang=ar), each with its table of contents and a print
// button (the print stylesheet keeps the text only). Every screen of the
// workspace links to its section (content.ts, helpFor).
import '../styles.css';
import './help.css';
import { h, replace } from '../dom';
import { lang, setLangFromUrl, LANGS } from '../i18n';
import { pageHeader } from '../public-page';
import { GLOSSARY, GLOSSARY_TITLE, GUIDES, type L3 } from './content';

const T: Record<string, L3> = {
  help: ['Aide', 'المساعدة', 'Help'],
  intro: [
    'Les guides d’utilisation de la plateforme, par rôle, et le glossaire des termes du budget, de l’évaluation et d’IATI.',
    'أدلة استعمال المنصة حسب الدور، ومسرد مصطلحات الميزانية والتقييم وIATI.',
    'The platform’s user guides, by role, and the glossary of budget, evaluation and IATI terms.',
  ],
  contents: ['Sommaire', 'المحتويات', 'Contents'],
  print: ['Imprimer', 'طباعة', 'Print'],
  back: ['Toute l’aide', 'كل المساعدة', 'All help'],
  atlas: ['Atlas des projets', 'أطلس المشاريع', 'Project atlas'],
  notFound: ['Cette page d’aide n’existe pas.', 'صفحة المساعدة هذه غير موجودة.', 'This help page does not exist.'],
};
const idx = (): number => ({ fr: 0, ar: 1, en: 2 })[lang()];
const tx = (t: L3): string => t[idx()];
/** `path` in the page's language (French: no parameter). */
const href = (path: string): string => (lang() === 'fr' ? path : `${path}?lang=${lang()}`);

function paragraphs(text: string): HTMLElement[] {
  return text.split('\n\n').map((p) => h('p', {}, p));
}

function toolbar(): HTMLElement {
  return h('p', { class: 'help-tools' },
    h('a', { href: href('/help') }, tx(T.back)), ' · ',
    h('button', { type: 'button', class: 'link', onclick: () => window.print() }, tx(T.print)));
}

function indexPage(): HTMLElement[] {
  return [h('h1', {}, tx(T.help)), h('p', {}, tx(T.intro)),
    h('ul', { class: 'help-index' },
      GUIDES.map((g) => h('li', {}, h('a', { href: href(`/help/${g.id}`) }, tx(g.title)), ' — ', tx(g.lead))),
      h('li', {}, h('a', { href: href('/help/glossary') }, tx(GLOSSARY_TITLE))))];
}

function guidePage(id: string): HTMLElement[] {
  const g = GUIDES.find((x) => x.id === id);
  if (!g) return [h('h1', {}, tx(T.help)), h('p', { role: 'alert' }, tx(T.notFound)), toolbar()];
  return [h('h1', {}, tx(g.title)), toolbar(), h('p', { class: 'help-lead' }, tx(g.lead)),
    h('nav', { class: 'help-toc', 'aria-labelledby': 'toc-title' }, h('h2', { id: 'toc-title' }, tx(T.contents)),
      h('ol', {}, g.sections.map((s) => h('li', {}, h('a', { href: `#${s.id}` }, tx(s.title)))))),
    ...g.sections.map((s) => h('section', { id: s.id, class: 'help-section' }, h('h2', {}, tx(s.title)), paragraphs(tx(s.body))))];
}

function glossaryPage(): HTMLElement[] {
  return [h('h1', {}, tx(GLOSSARY_TITLE)), toolbar(),
    h('dl', { class: 'help-glossary' }, GLOSSARY.map((t) => [
      h('dt', { id: t.id }, h('strong', { dir: 'ltr' }, t.term), ' — ', tx(t.name)),
      h('dd', {}, tx(t.definition),
        // The term in the other two languages, for those who read documents in them.
        h('span', { class: 'help-other' }, ` (${LANGS.filter((l) => l !== lang())
          .map((l) => t.name[{ fr: 0, ar: 1, en: 2 }[l]]).join(' / ')})`)),
    ]).flat())];
}

function render(): void {
  setLangFromUrl();
  const path = window.location.pathname.replace(/\/+$/, '');
  const id = path.startsWith('/help/') ? path.slice('/help/'.length) : '';
  const content = id === '' ? indexPage() : id === 'glossary' ? glossaryPage() : guidePage(id);
  document.title = `${content[0].textContent} — ${tx(T.help)} — Atlas Sharaka`;
  replace(document.body, h('a', { class: 'skip', href: '#main' }, content[0].textContent ?? ''),
    pageHeader(tx(T.atlas), render), h('main', { class: 'st-main help-page', id: 'main' }, content));
  if (window.location.hash) document.getElementById(window.location.hash.slice(1))?.scrollIntoView();
}

export function start(): void {
  window.addEventListener('popstate', render);
  render();
}
