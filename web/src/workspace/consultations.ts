// Stakeholder consultations on good practices: validators invite people to
// score practices on agreed OECD-DAC criteria; each invited person casts one
// ballot, editable until the consultation closes; everyone concerned sees the
// ranking (provisional while open). Stored in the registry.
import { h } from '../dom';
import { CRITERIA, criterionName, dateTime, num, pick } from '../i18n';
import * as session from './session';
import { w } from './texts';

type Shell = (title: string, ...content: (Node | null)[]) => void;
type Link = (path: string, text: string) => HTMLElement;
interface Score { practice: string; criterion: string; score: number }
interface Consultation {
  name: string; title: string; criteria: string[]; practices: string[]; invited: string[]; closeTime: string;
  closed?: boolean; createdBy?: string; ballots?: number; canVote?: boolean; myBallot?: Score[];
  ranking?: { practice: string; title: string; average: number; criteria?: { criterion: string; average: number }[] }[];
}

export async function consultationsPage(shell: Shell, link: Link, go: (path: string) => void): Promise<void> {
  shell(w('consultations'), h('p', {}, '…'));
  try {
    const r = await session.call<{ consultations?: Consultation[] }>('GET', '/v1/consultations');
    const list = r.consultations ?? [];
    let creator: HTMLElement | null = null;
    if (session.hasRole('validator')) {
      const practices = (await session.call<{ projects?: { name: string; title?: Record<string, string>; originalLanguage?: string }[] }>(
        'GET', '/v1/projects?goodPractice=true&pageSize=100')).projects ?? [];
      const title = h('input', { id: 'c-title', required: true, maxlength: 300 });
      const invited = h('input', { id: 'c-invited', required: true });
      const closes = h('input', { id: 'c-close', type: 'date', required: true,
        value: new Date(Date.now() + 14 * 86400000).toISOString().slice(0, 10) });
      const status = h('p', { class: 'ws-status', role: 'status' });
      const f = h('form', { class: 'ws-admin-form' },
        h('label', { for: 'c-title' }, w('consultationTitle')), title,
        h('fieldset', { class: 'ws-checks', 'data-field': 'criteria' }, h('legend', {}, w('criteria')),
          CRITERIA.map((c) => h('label', {}, h('input', { type: 'checkbox', value: c, checked: true }), criterionName(c)))),
        h('fieldset', { class: 'ws-checks', 'data-field': 'practices' }, h('legend', {}, w('practicesToScore')),
          practices.map((p) => h('label', {}, h('input', { type: 'checkbox', value: p.name }), pick(p.title, p.originalLanguage).text))),
        h('label', { for: 'c-invited' }, w('invitedHandles')), invited,
        h('label', { for: 'c-close' }, w('closesOn')), closes,
        h('button', { type: 'submit', class: 'primary' }, w('create')), status);
      f.addEventListener('submit', (e) => {
        e.preventDefault();
        const checked = (field: string) => [...f.querySelectorAll<HTMLInputElement>(`[data-field=${field}] input:checked`)].map((i) => i.value);
        void session.call<Consultation>('POST', '/v1/consultations', {
          title: title.value, criteria: checked('criteria'), practices: checked('practices'),
          invited: invited.value.split(/[\s,;]+/).map((x) => x.replace(/^@/, '').trim()).filter(Boolean),
          closeTime: `${closes.value}T23:59:59Z` })
          .then((c) => go(`/workspace/${c.name}`))
          .catch((err) => { status.textContent = session.errorMessage(err); });
      });
      creator = h('details', {}, h('summary', {}, w('newConsultation')), f);
    }
    shell(w('consultations'), creator,
      list.length === 0 ? h('p', {}, w('noConsultations')) : h('ul', { class: 'ws-list' }, list.map((c) => h('li', { 'data-consultation': c.name },
        link(`/workspace/${c.name}`, c.title), ' — ', w(c.closed ? 'closed' : 'open'), ' · ', w('closesOn'), ' ', dateTime(c.closeTime),
        ' · ', w('ballots', String(c.ballots ?? 0))))));
  } catch (e) { shell(w('consultations'), h('p', { class: 'ws-error', role: 'alert' }, session.errorMessage(e))); }
}

export async function consultationPage(shell: Shell, link: Link, name: string, notice = ''): Promise<void> {
  let c: Consultation;
  try { c = await session.call<Consultation>('GET', `/v1/${name}`); }
  catch (e) { shell(w('consultations'), h('p', { class: 'ws-error', role: 'alert' }, session.errorMessage(e)), link('/workspace/consultations', w('back'))); return; }
  const titles = new Map((c.ranking ?? []).map((r) => [r.practice, r.title]));
  const status = h('p', { class: 'ws-status', role: 'status', 'aria-live': 'polite' }, notice);
  const ranking = h('section', { 'aria-labelledby': 'ranking-title' },
    h('h2', { id: 'ranking-title' }, w('ranking'), c.closed ? '' : ` (${w('provisional')})`),
    h('table', { class: 'ws-table ws-ranking' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, w('practice')), h('th', { scope: 'col' }, w('average')),
        c.criteria.map((k) => h('th', { scope: 'col' }, criterionName(k))))),
      h('tbody', {}, (c.ranking ?? []).map((r) => h('tr', { 'data-practice': r.practice },
        h('th', { scope: 'row' }, link(`/workspace/projects/${r.practice.replace(/^projects\//, '')}`, r.title || r.practice)),
        h('td', { class: 'ws-average', 'data-value': r.average }, num(r.average, 2)),
        (r.criteria ?? []).map((x) => h('td', {}, num(x.average, 2))))))));
  let ballot: HTMLElement | null = null;
  if (c.canVote) {
    const mine = new Map((c.myBallot ?? []).map((s) => [`${s.practice}|${s.criterion}`, s.score]));
    const form = h('form', { class: 'ws-ballot' },
      h('table', { class: 'ws-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, w('practice')), c.criteria.map((k) => h('th', { scope: 'col' }, criterionName(k))))),
        h('tbody', {}, c.practices.map((p) => h('tr', {}, h('th', { scope: 'row' }, titles.get(p) ?? p),
          c.criteria.map((k) => h('td', {}, h('select', { name: `${p}|${k}`, 'aria-label': `${titles.get(p) ?? p} — ${criterionName(k)}` },
            h('option', { value: '' }, '—'),
            [1, 2, 3, 4].map((v) => h('option', { value: v, selected: mine.get(`${p}|${k}`) === v }, String(v)))))))))),
      h('button', { type: 'submit', class: 'primary' }, w('vote')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const scores = [...form.querySelectorAll<HTMLSelectElement>('select')].filter((s) => s.value)
        .map((s) => { const [practice, criterion] = s.name.split('|'); return { practice, criterion, score: Number(s.value) }; });
      void session.call('POST', `/v1/${name}:vote`, { scores })
        .then(() => consultationPage(shell, link, name, w('voted')))
        .catch((err) => { status.textContent = session.errorMessage(err); });
    });
    ballot = h('section', { 'aria-labelledby': 'ballot-title' }, h('h2', { id: 'ballot-title' }, w('myBallot')), form);
  }
  shell(c.title,
    h('p', {}, link('/workspace/consultations', w('back'))),
    h('p', { class: 'ws-meta' }, w(c.closed ? 'closed' : 'open'), ' · ', w('closesOn'), ' ', dateTime(c.closeTime), ' · ',
      w('ballots', String(c.ballots ?? 0)), ' · ', c.invited.map((x) => `@${x}`).join(', ')),
    status, ballot, ranking,
    !c.closed && session.hasRole('validator') ? h('button', { type: 'button', class: 'ws-close', onclick: () => {
      void session.call('POST', `/v1/${name}:close`, {}).then(() => consultationPage(shell, link, name))
        .catch((err) => { status.textContent = session.errorMessage(err); });
    } }, w('closeNow')) : null);
}
