// The validators' queue: submitted projects (new ones and revisions of
// published ones), each with its field-level changes against the published
// version; publish, or send back with a reason the editor then sees.
import { h } from '../dom';
import { LANGS, type Localized, pick, dateTime } from '../i18n';
import { type Ctx, problem, stateName } from './common';
import { type Draft, FIELDS, show } from './form';
import * as session from './session';
import { w } from './texts';

interface Change { field: string; oldValue?: string; newValue?: string }
type Shell = (title: string, ...content: (Node | null)[]) => void;

function changesTable(changes: Change[], fresh: boolean): HTMLElement {
  return h('table', { class: 'ws-table ws-diff' },
    h('caption', {}, fresh ? w('newProjectDiff') : ''),
    h('thead', {}, h('tr', {}, [w('field'), w('before'), w('after')].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, changes.map((c) => h('tr', { 'data-field': c.field },
      h('th', { scope: 'row' }, c.field),
      h('td', { class: 'ws-old' }, h('pre', { class: 'ws-value', dir: 'auto' }, c.oldValue || '—')),
      h('td', { class: 'ws-new' }, h('pre', { class: 'ws-value', dir: 'auto' }, c.newValue || '—'))))));
}

async function item(ctx: Ctx, p: Draft, refresh: () => void): Promise<HTMLElement> {
  const id = p.name.replace(/^projects\//, '');
  const published = p.publishedRevision ?? 0;
  // Against the published version; a project never published is compared
  // with nothing (its first revision's content shows as new).
  const changes = published > 0
    ? (await session.call<{ changes?: Change[] }>('GET',
      `/v1/projects/${id}:diff?fromRevision=${published}&toRevision=${p.revision ?? 0}`).catch(() => null))?.changes ?? []
    : FIELDS.flatMap((f): Change[] => {
      const v = p[f];
      if (v && typeof v === 'object' && !Array.isArray(v) && ['title', 'summary', 'objectives', 'expectedResults'].includes(f)) {
        return LANGS.filter((l) => (v as Localized)[l]).map((l) => ({ field: `${f}.${l}`, newValue: (v as Localized)[l] }));
      }
      const shown = show(ctx, f, v);
      return shown === '—' ? [] : [{ field: f, newValue: shown }];
    });
  const title = pick(p.title, p.originalLanguage);
  const reason = h('textarea', { id: `reason-${id}`, rows: 2, maxlength: 2000 });
  const out = h('p', { class: 'ws-status', role: 'status' });
  const act = (verb: 'publish' | 'reject') => async () => {
    try {
      await session.call('POST', `/v1/projects/${id}:${verb}`, { etag: p.etag, reason: verb === 'reject' ? reason.value : undefined });
      out.textContent = w(verb === 'publish' ? 'published' : 'sentBack');
      window.setTimeout(refresh, 600);
    } catch (e) { out.replaceChildren(problem(e)); }
  };
  return h('article', { class: 'ws-card', 'data-project': id, 'aria-labelledby': `q-${id}` },
    h('h2', { id: `q-${id}`, lang: title.lang }, title.text || id),
    h('p', {}, stateName(p.state), ' · ', (p.organisation ?? '').replace(/^organisations\//, ''),
      p.updateTime ? ` · ${dateTime(p.updateTime)}` : ''),
    changesTable(changes, published === 0),
    h('div', { class: 'ws-actions' },
      h('button', { type: 'button', class: 'primary', onclick: act('publish') }, w('publish')),
      h('label', { for: `reason-${id}` }, w('reason')), reason,
      h('button', { type: 'button', onclick: act('reject') }, w('reject')), out));
}

export async function queuePage(shell: Shell, ctx: Ctx): Promise<void> {
  shell(w('queue'), h('p', {}, '…'));
  try {
    const r = await session.call<{ projects?: Draft[] }>('GET', '/v1/projects?states=SUBMITTED&pageSize=100&orderBy=recent');
    const projects = r.projects ?? [];
    const items = await Promise.all(projects.map((p) => item(ctx, p, () => { void queuePage(shell, ctx); })));
    shell(w('queue'), projects.length === 0 ? h('p', {}, w('queueEmpty')) : h('div', { class: 'ws-queue' }, items));
  } catch (e) { shell(w('queue'), problem(e)); }
}
