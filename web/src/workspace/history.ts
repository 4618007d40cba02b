// A project's history: every revision (who, organisation, when, what, which
// fields), and any two revisions compared side by side, field by field.
import { dateTime } from '../i18n';
import { h, replace } from '../dom';
import * as session from './session';
import { w, type WKey } from './texts';

interface Revision { revision: string; action: string; actor: string; actorName?: string; actorOrganisation?: string;
  createTime: string; changedFields?: string[]; reason?: string }
interface Change { field: string; oldValue?: string; newValue?: string }

export function history(projectName: string): HTMLElement {
  const list = h('ol', { class: 'ws-timeline', reversed: true });
  const from = h('select', { id: 'rev-from' });
  const to = h('select', { id: 'rev-to' });
  const result = h('div', { class: 'ws-compare', 'aria-live': 'polite' });
  const me = session.current();
  async function compare(): Promise<void> {
    try {
      const r = await session.call<{ changes?: Change[] }>('GET',
        `/v1/${projectName}:diff?fromRevision=${from.value}&toRevision=${to.value}`);
      const changes = r.changes ?? [];
      replace(result, changes.length === 0 ? h('p', {}, w('noChange')) : h('table', { class: 'ws-table ws-diff' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, w('field')),
          h('th', { scope: 'col' }, `${w('revision')} ${from.value}`), h('th', { scope: 'col' }, `${w('revision')} ${to.value}`))),
        h('tbody', {}, changes.map((c) => h('tr', { 'data-field': c.field }, h('th', { scope: 'row' }, c.field),
          h('td', { class: 'ws-old' }, h('pre', { class: 'ws-value', dir: 'auto' }, c.oldValue || '—')),
          h('td', { class: 'ws-new' }, h('pre', { class: 'ws-value', dir: 'auto' }, c.newValue || '—')))))));
    } catch (e) { replace(result, h('p', { class: 'ws-error', role: 'alert' }, (e as Error).message)); }
  }
  void session.call<{ revisions?: Revision[] }>('GET', `/v1/${projectName}/revisions?pageSize=200`).then((r) => {
    const revs = r.revisions ?? [];
    replace(list, revs.map((v) => h('li', { 'data-revision': v.revision },
      h('strong', {}, `${w('revision')} ${v.revision} — ${w(`act.${v.action}` as WKey) ?? v.action}`), ' · ',
      v.actor === me?.subject ? w('you') : v.actorName ? `@${v.actorName}` : '',
      v.actorOrganisation ? ` (${v.actorOrganisation.replace(/^organisations\//, '')})` : '', ' · ',
      h('time', { datetime: v.createTime }, dateTime(v.createTime)),
      (v.changedFields ?? []).length ? h('p', { class: 'ws-meta' }, (v.changedFields ?? []).join(', ')) : null,
      v.reason ? h('p', { class: 'ws-meta' }, v.reason) : null)));
    for (const [select, pick] of [[from, revs[1] ?? revs[0]], [to, revs[0]]] as const) {
      replace(select, revs.map((v) => h('option', { value: v.revision, selected: v === pick }, `${w('revision')} ${v.revision}`)));
    }
  }).catch(() => undefined);
  return h('section', { class: 'ws-history', 'aria-labelledby': 'history-title' },
    h('h2', { id: 'history-title' }, w('history')), list,
    h('div', { class: 'ws-row' }, h('label', { for: 'rev-from' }, w('from')), from, h('label', { for: 'rev-to' }, w('to')), to,
      h('button', { type: 'button', onclick: () => { void compare(); } }, w('compare'))),
    result);
}
