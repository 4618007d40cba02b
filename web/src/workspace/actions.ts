// The budget actions that fund the signed-in editor's organisation's
// published projects (GET /v1/actions: the caller's organisation), each with
// a link to its public page and the organisation's projects linked to it.
import { h } from '../dom';
import * as session from './session';
import { w } from './texts';

type Shell = (title: string, ...content: (Node | null)[]) => void;
interface Texts { fr?: string; ar?: string; en?: string }
interface Action { name: string; programme: string; code: string; title: Texts; region: string; projects?: { project: string; title?: Texts }[] }

export async function actionsPage(shell: Shell): Promise<void> {
  shell(w('myActions'), h('p', {}, '…'));
  const actions = (await session.call<{ actions?: Action[] }>('GET', '/v1/actions')).actions ?? [];
  const lang = (document.documentElement.lang || 'fr') as keyof Texts;
  const text = (t?: Texts) => t?.[lang] || t?.fr || t?.en || '';
  shell(w('myActions'), h('p', {}, w('maLead')),
    actions.length ? h('table', { class: 'ws-table ma-actions' },
      h('thead', {}, h('tr', {}, [w('maAction'), w('maProgramme'), w('maRegion'), w('maProjects')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, actions.map((a) => h('tr', {},
        h('td', {}, h('a', { href: `/programmes?action=${encodeURIComponent(a.name.replace(/^actions\//, ''))}` }, `${a.code} — ${text(a.title)}`)),
        h('td', {}, a.programme.replace(/^programmes\//, '')), h('td', {}, a.region),
        h('td', {}, h('ul', {}, (a.projects ?? []).map((p) => h('li', {}, h('a', { href: `/${p.project}` }, text(p.title) || p.project)))))))))
      : h('p', {}, w('maNone')));
}
