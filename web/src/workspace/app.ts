// The collaborative workspace (behind sign-in): my organisation's projects,
// the project form with autosave and conflict merging, and the validators'
// queue. Same app and styles as the public atlas, loaded only on /workspace.
import '../styles.css';
import './workspace.css';
import * as api from '../api';
import { h, replace } from '../dom';
import { dateTime, LANGS, lang, pick, setLangFromUrl } from '../i18n';
import * as session from './session';
import { w, type WKey } from './texts';
import { type Ctx, problem, stateName } from './common';
import { bell } from './bell';
import { dialogue } from './dialogue';
import { type Draft, LABEL, projectForm } from './form';
import { history } from './history';
import { helpFor, localHelp } from '../help/links';

// The code lists and organisations, read once per visit (the atlas's own calls).

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A workspace link that keeps the language. */
export const href = (path: string, extra: Record<string, string> = {}): string => {
  const p = new URLSearchParams(extra);
  if (lang() !== 'fr') p.set('lang', lang());
  const q = p.toString();
  return q ? `${path}?${q}` : path;
};
export function go(path: string): void {
  window.history.pushState(null, '', href(path));
  void route();
}
const link = (path: string, text: string, attrs: Record<string, string> = {}) =>
  h('a', { href: href(path), ...attrs, onclick: (e: Event) => { e.preventDefault(); go(path); } }, text);

let ctx: Ctx = { vocab: {}, organisations: [] };
// One bell for the visit: pages re-render the header, the bell (and an open
// panel) stays.
let bellEl: HTMLElement | null = null;

function shell(title: string, ...content: (Node | null)[]): void {
  const me = session.current();
  document.title = `${title} — ${w('workspace')}`;
  replace(document.body,
    h('a', { class: 'skip', href: '#main' }, title),
    h('header', { class: 'top ws-top' },
      h('div', { class: 'brand' }, h('p', { class: 'ws-name' }, w('workspace')),
        me ? h('p', { class: 'ws-who' }, me.organisation.replace(/^organisations\//, ''), ' · ', me.roles.join(', ')) : null),
      me ? h('nav', { class: 'ws-nav', 'aria-label': w('workspace') },
        link('/workspace', w('myProjects')),
        session.hasRole('validator') ? link('/workspace/queue', w('queue')) : null,
        session.hasRole('validator', 'analyst') ? link('/workspace/analysis', w('analysis')) : null,
        session.hasRole('analyst') ? link('/workspace/statistics', w('statistics')) : null,
        session.hasRole('analyst', 'admin') ? link('/workspace/programming', w('programming')) : null,
        session.hasRole('analyst', 'admin') ? link('/workspace/scenarios', w('scenarios')) : null,
        session.hasRole('editor', 'service') ? link('/workspace/actions', w('myActions')) : null,
        link('/workspace/practices', w('goodPractices')),
        link('/workspace/consultations', w('consultations')),
        session.hasRole('editor', 'service', 'validator', 'analyst') ? link('/workspace/plans', w('plansNav')) : null,
        session.hasRole('validator', 'analyst') ? link('/workspace/feed', w('feed')) : null,
        link('/workspace/exchange', w('exchange')),
        session.hasRole('validator', 'admin') ? link('/workspace/maisons', w('maisonsNav')) : null,
        session.hasRole('validator', 'analyst', 'admin') ? link('/workspace/library', w('libraryNav')) : null,
        session.hasRole('admin') ? link('/workspace/admin', w('admin')) : null,
        session.hasRole('admin') ? link('/workspace/security', w('security')) : null,
        link('/workspace/subscriptions', w('subscriptions')),
        (bellEl ??= bell(go)),
        h('a', { href: '/' }, w('publicAtlas')),
        // This screen's section of the user guides.
        h('a', { href: localHelp(helpFor(window.location.pathname)), class: 'help-link', 'data-help': 'screen' }, w('help')),
        h('button', { type: 'button', class: 'link', onclick: () => { bellEl = null; void session.signOut().then(() => go('/workspace/signin')); } },
          w('signOut'))) : null,
      h('nav', { class: 'langs', 'aria-label': 'Langue — اللغة — Language' }, LANGS.map((l) => h('button', {
        type: 'button', lang: l, 'aria-pressed': String(l === lang()),
        onclick: () => {
          const p = new URLSearchParams(window.location.search);
          if (l === 'fr') p.delete('lang'); else p.set('lang', l);
          window.history.replaceState(null, '', window.location.pathname + (p.size ? `?${p}` : ''));
          void route();
        },
      }, { fr: 'Français', ar: 'العربية', en: 'English' }[l])))),
    h('main', { id: 'main', class: 'ws-main' }, h('h1', { id: 'page-title' }, title), ...content));
}

function signInPage(): void {
  const next = new URLSearchParams(window.location.search).get('next') ?? '';
  const error = h('p', { class: 'ws-error', role: 'alert', hidden: true });
  const user = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, maxlength: 256 });
  const pass = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, maxlength: 1024 });
  const form = h('form', { class: 'ws-signin' },
    h('p', {}, w('signInLead')),
    h('label', { for: 'username' }, w('username')), user,
    h('label', { for: 'password' }, w('password')), pass,
    error,
    h('button', { type: 'submit', class: 'primary' }, w('signIn')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void session.signIn(user.value, pass.value).then((failed) => {
      if (failed) { error.textContent = failed.message ?? ''; error.hidden = false; pass.value = ''; pass.focus(); return; }
      // Back where the user was (same-site paths only).
      const target = next.startsWith('/workspace') && !next.startsWith('//') ? next : href('/workspace');
      window.history.replaceState(null, '', target);
      void route();
    });
  });
  shell(w('signIn'), form);
  user.focus();
}

// Completeness of the key fields a public sheet needs.
export function completeness(p: Draft): { score: number; missing: string[] } {
  const checks: [WKey, boolean][] = [
    ['title', !!(p.title?.fr || p.title?.ar || p.title?.en)],
    ['summary', !!(p.summary?.fr || p.summary?.ar || p.summary?.en)],
    ['objectives', !!(p.objectives?.fr || p.objectives?.ar || p.objectives?.en)],
    ['themes', (p.themes ?? []).length > 0],
    ['regions', (p.regionCodes ?? []).length > 0],
    ['status', !!p.status && p.status !== 'ACTIVITY_STATUS_UNSPECIFIED'],
    ['plannedStart', !!p.plannedStart?.year],
    ['budget', (p.budget ?? []).length > 0],
    ['organisations', (p.participatingOrganisations ?? []).length > 0],
    ['targetGroups', (p.targetGroups ?? []).length > 0],
  ];
  return { score: Math.round((100 * checks.filter((c) => c[1]).length) / checks.length),
           missing: checks.filter((c) => !c[1]).map((c) => w(c[0])) };
}

async function listPage(): Promise<void> {
  const me = session.current()!;
  shell(w('myProjects'), h('p', {}, '…'));
  const q = new URLSearchParams({ pageSize: '200', organisations: me.organisation, orderBy: 'recent' });
  for (const s of ['DRAFT', 'SUBMITTED', 'REJECTED', 'PUBLISHED']) q.append('states', s);
  try {
    const r = await session.call<{ projects?: Draft[] }>('GET', `/v1/projects?${q}`);
    const rows = (r.projects ?? []).filter((p) => p.organisation === me.organisation);
    const table = rows.length === 0 ? h('p', {}, w('none')) : h('table', { class: 'ws-table' },
      h('thead', {}, h('tr', {}, [w('colTitle'), w('colState'), w('colCompleteness'), w('colUpdated')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((p) => {
        const id = p.name.replace(/^projects\//, '');
        const title = pick(p.title, p.originalLanguage);
        const c = completeness(p);
        return h('tr', { 'data-project': id },
          h('td', { lang: title.lang }, link(`/workspace/projects/${id}`, title.text || id)),
          h('td', {}, h('span', { class: `ws-state ws-${(p.state ?? '').toLowerCase()}` }, stateName(p.state)),
            p.state === 'PUBLISHED' && (p.revision ?? 0) > (p.publishedRevision ?? 0) ? ` (${w('pending')})` : ''),
          h('td', { title: c.missing.join(', '), class: 'ws-nowrap' }, h('meter', { min: 0, max: 100, value: c.score, 'aria-label': w('colCompleteness') }), ` ${c.score} %`),
          h('td', {}, dateTime(p.updateTime)));
      })));
    shell(w('myProjects'),
      session.hasRole('editor') ? h('p', {}, link('/workspace/projects/new', w('newProject'), { class: 'button primary' })) : null,
      table);
  } catch (e) { shell(w('myProjects'), problem(e)); }
}

async function projectPage(id: string | null): Promise<void> {
  let project: Draft | null = null;
  if (id) {
    try { project = await session.call<Draft>('GET', `/v1/projects/${encodeURIComponent(id)}?view=WORKING`); }
    catch (e) { shell(w('notFound'), problem(e), h('p', {}, link('/workspace', w('back')))); return; }
  }
  const title = project ? pick(project.title, project.originalLanguage).text || w('newProject') : w('newProject');
  const content = h('div', {});
  shell(title, h('p', {}, link('/workspace', w('back'))), content);
  projectForm(content, ctx, project, (created) => {
    window.history.replaceState(null, '', href(`/workspace/projects/${created.replace(/^projects\//, '')}`));
  });
  if (!project) return;
  // Dialogue (with a way to start a thread from any field) and history.
  const talk = dialogue(project.name, project.organisation ?? '', () => {
    const counts = talk.counts();
    content.querySelectorAll<HTMLElement>('.ws-form [data-field]').forEach((el) => {
      const f = el.dataset.field as keyof typeof LABEL;
      let b = el.querySelector<HTMLButtonElement>(':scope > .ws-discuss');
      if (!b) {
        b = h('button', { type: 'button', class: 'link ws-discuss', onclick: () => talk.discuss(f) });
        el.append(b);
      }
      const n = counts.get(f) ?? 0;
      b.textContent = `💬 ${n || ''}`.trim();
      b.setAttribute('aria-label', `${w('dialogue')} — ${w(LABEL[f])}${n ? ` (${n})` : ''}`);
    });
  });
  document.querySelector('#main')?.append(talk.element, history(project.name));
  if (session.hasRole('validator')) {
    const { validatorTools } = await import('./records');
    const tools = validatorTools(project, () => { void projectPage(id); });
    if (tools) document.querySelector('#main')?.append(tools);
  }
}

export async function route(): Promise<void> {
  const path = window.location.pathname;
  setLangFromUrl();  // the language is in the URL (?lang=ar), like the atlas's
  if (path === '/workspace/signin') return signInPage();
  if (!session.current() && !(await session.refresh())) session.toSignIn();
  if (!ctx.vocab.themes) {
    const [vocab, organisations] = await Promise.all([
      api.vocabularies().catch(() => ({})),  // names fall back to codes
      api.organisations().catch(() => []),
    ]);
    ctx = { vocab, organisations };
  }
  const project = path.match(/^\/workspace\/projects\/([^/]+)$/);
  const consultation = path.match(/^\/workspace\/(consultations\/[0-9a-f-]{36})$/);
  if (path === '/workspace/consultations' || consultation) {
    const { consultationsPage, consultationPage } = await import('./consultations');
    return consultation ? consultationPage(shell, link, consultation[1]) : consultationsPage(shell, link, go);
  }
  if (path === '/workspace/practices') {
    const { practicesPage } = await import('./practices');
    return practicesPage(shell, link);
  }
  if (path === '/workspace/admin') {
    const { adminPage } = await import('./admin');
    return adminPage(shell, ctx);
  }
  const plan = path.match(/^\/workspace\/plans\/([0-9a-f-]{36})$/);
  if (path === '/workspace/plans' || plan) {
    const { plansPage, planPage } = await import('./plans');
    const revision = new URLSearchParams(window.location.search).get('revision') ?? '';
    return plan ? planPage(shell, go, plan[1], /^\d{1,9}$/.test(revision) ? revision : '') : plansPage(shell, go);
  }
  if (path === '/workspace/library') {
    const { libraryPage } = await import('./library');
    return libraryPage(shell);
  }
  if (path === '/workspace/maisons') {
    const { maisonsPage } = await import('./maisons');
    return maisonsPage(shell);
  }
  if (path === '/workspace/programming') {
    const { programmingPage } = await import('./programming');
    return programmingPage(shell);
  }
  if (path === '/workspace/actions') {
    const { actionsPage } = await import('./actions');
    return actionsPage(shell);
  }
  if (path === '/workspace/scenarios') {
    const { scenariosPage } = await import('./scenarios');
    return scenariosPage(shell);
  }
  if (path === '/workspace/statistics') {
    const { statisticsPage } = await import('./statistics');
    return statisticsPage(shell);
  }
  if (path === '/workspace/analysis') {
    const { analysisPage } = await import('./analysis');
    return analysisPage(shell, ctx, link);
  }
  if (path === '/workspace/subscriptions' || path === '/workspace/deliveries') {
    const { subscriptionsPage, deliveriesPage } = await import('./subscriptions');
    return path === '/workspace/deliveries' ? deliveriesPage(shell) : subscriptionsPage(shell);
  }
  if (path === '/workspace/feed' || path === '/workspace/security' || path === '/workspace/exchange') {
    const records = await import('./records');
    if (path === '/workspace/feed') return records.feedPage(shell);
    if (path === '/workspace/security') return records.securityPage(shell);
    return records.exchangePage(shell);
  }
  if (path === '/workspace/queue') {
    const { queuePage } = await import('./queue');
    return queuePage(shell, ctx);
  }
  if (project && project[1] === 'new') return projectPage(null);
  if (project && ID.test(project[1])) return projectPage(project[1]);
  return listPage();
}

export function start(): void {
  window.addEventListener('popstate', () => { void route(); });
  void route().catch((e) => { if (!(e instanceof session.ApiError && e.status === 401)) shell(w('workspace'), problem(e)); });
}
