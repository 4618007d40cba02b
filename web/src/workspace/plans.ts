// The co-construction workspace (/workspace/plans): joint Morocco–EU action
// plans shared between member organisations. The list shows the plans the
// caller's organisation is a member of (the ministry's staff: all); a plan's
// page draws its chronogramme (a Gantt of the activities and milestones, with
// the same facts in a table for screen readers), and keeps its members,
// objectives, activities, milestones, decisions with their minutes, the
// budget lines of the actions its activities are linked to (atlas-indicators'
// adopted programming), a discussion per activity with @mentions of member
// organisations, the history of every change, and its exports (CSV,
// iCalendar). A save sends the changed list with the etag read; when someone
// saved first (409) the form says so and keeps what was typed.
import * as api from '../api';
import { h, replace } from '../dom';
import { dateTime, day, lang, num, pick, type Localized } from '../i18n';
import * as session from './session';
import { w, type WKey } from './texts';

type Shell = (title: string, ...content: (Node | null)[]) => void;
type Go = (path: string) => void;

export interface Member { organisation: string; role: string }
export interface Objective { id: string; title?: Localized }
export interface Activity {
  id: string; title?: Localized; objective?: string; owner?: string; startDate?: string; endDate?: string;
  status?: string; projects?: string[]; documents?: string[]; actions?: string[];
}
export interface Milestone { id: string; title?: Localized; date?: string; activity?: string; reached?: boolean }
export interface Decision { id: string; date?: string; title?: Localized; minutes?: string; documents?: string[] }
export interface Plan {
  name: string; title?: Localized; summary?: Localized; members?: Member[]; objectives?: Objective[];
  activities?: Activity[]; milestones?: Milestone[]; decisions?: Decision[]; demo?: boolean; etag?: string;
  createTime?: string; updateTime?: string; updatedBy?: string; callerRole?: string; revision?: string;
}
interface Revision { revision: string; actor?: string; time?: string; changedFields?: string[]; details?: string[] }
interface Comment { name: string; activity: string; text: string; authorName?: string; authorOrganisation?: string; createTime?: string }

const ROLES = ['PLAN_OWNER', 'PLAN_CONTRIBUTOR', 'PLAN_OBSERVER'];
const STATUSES = ['PLAN_ACTIVITY_PLANNED', 'PLAN_ACTIVITY_ONGOING', 'PLAN_ACTIVITY_DONE', 'PLAN_ACTIVITY_CANCELLED'];
const roleName = (r?: string): string => w(({ PLAN_OWNER: 'planRoleOwner', PLAN_CONTRIBUTOR: 'planRoleContributor',
  PLAN_OBSERVER: 'planRoleObserver' } as Record<string, WKey>)[r ?? ''] ?? 'planRoleStaff');
const statusName = (s?: string): string => w(({ PLAN_ACTIVITY_PLANNED: 'actPlanned', PLAN_ACTIVITY_ONGOING: 'actOngoing',
  PLAN_ACTIVITY_DONE: 'actDone', PLAN_ACTIVITY_CANCELLED: 'actCancelled' } as Record<string, WKey>)[s ?? ''] ?? 'actPlanned');
const text = (t?: Localized): string => pick(t).text;
/** A text of the plan in its own language and direction (French in an Arabic page). */
const say = (t?: Localized): HTMLElement => {
  const p = pick(t);
  return h('span', { lang: p.lang, dir: 'auto' }, p.text);
};
const lines = (s: string): string[] => s.split(/[\n,]/).map((x) => x.trim()).filter(Boolean);
const todayIso = (): string => new Date().toISOString().slice(0, 10);

/** The next free id of a list ("a3" after a1, a2). */
export function nextId(prefix: string, entries: { id: string }[]): string {
  let n = entries.length + 1;
  while (entries.some((e) => e.id === `${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}

/** Days since 1970 of a YYYY-MM-DD date. */
const days = (iso: string): number => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000;

/** Whether `a` should have ended by `today` and is neither done nor cancelled. */
export const late = (a: Activity, today: string): boolean =>
  !!a.endDate && a.endDate < today && a.status !== 'PLAN_ACTIVITY_DONE' && a.status !== 'PLAN_ACTIVITY_CANCELLED';

/**
 * The chronogramme: one row per activity (by objective), a bar from its start
 * to the end of its last day, milestones as diamonds, today as a line; whole
 * months as columns. Positions are logical (inset-inline-start), so the chart
 * runs right to left in Arabic. Hidden from screen readers: the table after it
 * says the same.
 */
export function gantt(p: Plan, names: Map<string, string>, today = todayIso()): HTMLElement {
  const acts = p.activities ?? [];
  const dates = [...acts.flatMap((a) => [a.startDate, a.endDate]), ...(p.milestones ?? []).map((m) => m.date)]
    .filter((d): d is string => !!d && /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
  if (!dates.length) return h('p', {}, w('planNoActivities'));
  const first = `${dates[0].slice(0, 7)}-01`;
  const lastMonth = new Date(Date.UTC(+dates[dates.length - 1].slice(0, 4), +dates[dates.length - 1].slice(5, 7), 1));
  const end = lastMonth.toISOString().slice(0, 10);  // the first day after the last month
  const span = days(end) - days(first);
  const at = (iso: string): string => `${(100 * (days(iso) - days(first)) / span).toFixed(3)}%`;
  const width = (from: string, to: string): string => `${(100 * (days(to) + 1 - days(from)) / span).toFixed(3)}%`;
  const months: HTMLElement[] = [];
  const count = (+end.slice(0, 4) - +first.slice(0, 4)) * 12 + (+end.slice(5, 7) - +first.slice(5, 7));
  // Every month has its line; beyond a year and a half only January and July
  // (and the first) are named, so that the names never collide.
  const named = (d: Date, iso: string) => count <= 18 || d.getUTCMonth() % 6 === 0 || iso === first;
  for (let d = new Date(`${first}T00:00:00Z`); d.toISOString().slice(0, 10) < end; d.setUTCMonth(d.getUTCMonth() + 1)) {
    const iso = d.toISOString().slice(0, 10);
    const next = new Date(d);
    next.setUTCMonth(next.getUTCMonth() + 1);
    months.push(h('span', { class: 'gantt-month', style: `inset-inline-start:${at(iso)};inline-size:${width(iso, new Date(next.getTime() - 86_400_000).toISOString().slice(0, 10))}` },
      named(d, iso) ? new Intl.DateTimeFormat(lang() === 'ar' ? 'ar-MA' : lang(), { month: 'short', ...(d.getUTCMonth() === 0 || iso === first ? { year: '2-digit' } : {}), timeZone: 'UTC' }).format(d) : ''));
  }
  const marker = (m: Milestone) => h('span', { class: `gantt-milestone${m.reached ? ' reached' : ''}`, style: `inset-inline-start:${at(m.date!)}`, title: `${text(m.title)} — ${day(m.date!)}` });
  const objectiveOrder = new Map((p.objectives ?? []).map((o, i) => [o.id, i]));
  const rows = [...acts].sort((a, b) => (objectiveOrder.get(a.objective ?? '') ?? 999) - (objectiveOrder.get(b.objective ?? '') ?? 999)
    || (a.startDate ?? '').localeCompare(b.startDate ?? '')).map((a) => h('div', { class: 'gantt-row', 'data-activity': a.id },
    h('span', { class: 'gantt-label' }, say(a.title), h('small', {}, names.get(a.owner ?? '') ?? a.owner ?? '')),
    h('span', { class: 'gantt-track' },
      a.startDate && a.endDate && a.endDate >= a.startDate
        ? h('span', { class: `gantt-bar ${(a.status ?? '').replace('PLAN_ACTIVITY_', '').toLowerCase()}${late(a, today) ? ' late' : ''}`,
          style: `inset-inline-start:${at(a.startDate)};inline-size:${width(a.startDate, a.endDate)}`,
          title: `${text(a.title)} — ${day(a.startDate)} → ${day(a.endDate)} — ${statusName(a.status)}` })
        : null,
      ...(p.milestones ?? []).filter((m) => m.activity === a.id && m.date).map(marker))));
  const loose = (p.milestones ?? []).filter((m) => m.date && !acts.some((a) => a.id === m.activity));
  if (loose.length) {
    rows.push(h('div', { class: 'gantt-row' }, h('span', { class: 'gantt-label' }, w('planMilestones')),
      h('span', { class: 'gantt-track' }, ...loose.map(marker))));
  }
  const now = today >= first && today < end
    ? h('span', { class: 'gantt-today', style: `inset-inline-start:${at(today)}`, title: w('planToday') }) : null;
  return h('figure', { class: 'gantt', 'data-gantt': '' },
    h('div', { class: 'gantt-chart', 'aria-hidden': 'true' },
      h('div', { class: 'gantt-row gantt-head' }, h('span', { class: 'gantt-label' }), h('span', { class: 'gantt-track' }, ...months, now)),
      ...rows),
    h('figcaption', {}, w('planGanttCaption'),
      h('span', { class: 'gantt-key' }, ...STATUSES.map((s) => h('span', { class: `gantt-swatch ${s.replace('PLAN_ACTIVITY_', '').toLowerCase()}` }, statusName(s))),
        h('span', { class: 'gantt-swatch late' }, w('planLate')), h('span', { class: 'gantt-swatch milestone' }, w('planMilestone')))));
}

/** A plan's card in the list. */
function card(p: Plan, go: Go): HTMLElement {
  const id = p.name.replace(/^plans\//, '');
  const acts = p.activities ?? [];
  const dates = acts.flatMap((a) => [a.startDate ?? '', a.endDate ?? '']).filter(Boolean).sort();
  return h('li', { class: 'ws-plan-card', 'data-plan': p.name },
    h('a', { href: `/workspace/plans/${id}`, onclick: (e: Event) => { e.preventDefault(); go(`/workspace/plans/${id}`); } }, say(p.title)),
    p.demo ? h('span', { class: 'demo-badge' }, w('demoEntry')) : null,
    h('p', {}, `${roleName(p.callerRole)} · ${w('planMembersCount', (p.members ?? []).length)} · ${w('planActivitiesCount', acts.length)}`,
      dates.length ? ` · ${day(dates[0])} → ${day(dates[dates.length - 1])}` : ''),
    h('p', {}, h('small', {}, h('bdi', {}, p.etag ?? ''), ' · ', h('bdi', {}, p.updatedBy ?? ''), ' · ', h('bdi', {}, dateTime(p.updateTime)))));
}

function newPlanForm(orgs: api.Organisation[], go: Go): HTMLElement {
  const me = session.current()?.organisation ?? '';
  const input = (name: string, attrs: Record<string, string | number | boolean> = {}) => h('input', { name, ...attrs }) as HTMLInputElement;
  const f = { fr: input('title-fr', { maxlength: 200, required: true, lang: 'fr' }), ar: input('title-ar', { maxlength: 200, dir: 'rtl', lang: 'ar' }),
    summary: h('textarea', { name: 'summary-fr', rows: 3, maxlength: 2000 }) as HTMLTextAreaElement,
    demo: input('demo', { type: 'checkbox' }) };
  const roles = orgs.filter((o) => o.name !== me).map((o) => {
    const select = h('select', { name: `role-${o.name}`, 'aria-label': `${api.organisationName(o)} — ${w('planRole')}` },
      h('option', { value: '' }, '—'), ...ROLES.map((r) => h('option', { value: r }, roleName(r)))) as HTMLSelectElement;
    return { org: o.name, row: h('label', { class: 'ws-plan-member' }, h('span', {}, api.organisationName(o)), select), select };
  });
  const status = h('div', { class: 'ws-status', role: 'status', 'aria-live': 'polite' });
  const form = h('form', { class: 'ws-admin-form ws-plan-form', 'data-form': 'new-plan' },
    h('label', {}, w('planTitleFr'), f.fr), h('label', {}, w('planTitleAr'), f.ar), h('label', {}, w('planSummary'), f.summary),
    h('fieldset', {}, h('legend', {}, w('planMembers')), h('p', {}, h('small', {}, w('planYouOwn'))), ...roles.map((r) => r.row)),
    h('label', { class: 'ws-check' }, f.demo, ' ', w('demoEntry')),
    h('button', { type: 'submit', class: 'primary' }, w('create')), status);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      try {
        const created = await session.call<Plan>('POST', '/v1/plans', { requestId: crypto.randomUUID(), plan: {
          title: { fr: f.fr.value, ar: f.ar.value }, summary: { fr: f.summary.value }, demo: f.demo.checked,
          members: roles.filter((r) => r.select.value).map((r) => ({ organisation: r.org, role: r.select.value })) } });
        go(`/workspace/${created.name}`);
      } catch (err) { status.textContent = session.errorMessage(err); }
    })();
  });
  return form;
}

export async function plansPage(shell: Shell, go: Go): Promise<void> {
  let plans: Plan[] = [];
  try {
    plans = (await session.call<{ plans?: Plan[] }>('GET', '/v1/plans')).plans ?? [];
  } catch (e) {
    shell(w('plansNav'), h('p', { class: 'ws-error', role: 'alert' }, session.errorMessage(e)));
    return;
  }
  const orgs = await api.organisations().catch(() => [] as api.Organisation[]);
  shell(w('plansNav'), h('p', {}, w('plansLead')),
    session.hasRole('editor', 'validator', 'service') ? h('details', {}, h('summary', {}, w('newPlan')), newPlanForm(orgs, go)) : null,
    plans.length ? h('ul', { class: 'ws-plan-list' }, plans.map((p) => card(p, go))) : h('p', {}, w('noPlans')));
}

/** The page of plan `id` (at `revision`, read only, when given). */
export async function planPage(shell: Shell, go: Go, id: string, revision = ''): Promise<void> {
  const name = `plans/${id}`;
  let p: Plan;
  try {
    p = await session.call<Plan>('GET', `/v1/${name}${revision ? `?revision=${encodeURIComponent(revision)}` : ''}`);
  } catch (e) {
    shell(w('plansNav'), h('p', { class: 'ws-error', role: 'alert' }, session.errorMessage(e)));
    return;
  }
  const orgs = await api.organisations().catch(() => [] as api.Organisation[]);
  const names = new Map(orgs.map((o) => [o.name, api.organisationName(o)]));
  const orgName = (n?: string) => names.get(n ?? '') ?? n ?? '';
  const me = session.current();
  const role = p.callerRole ?? '';
  const admin = !!me?.roles.includes('admin');
  const readOnly = !!revision;
  const owner = !readOnly && (role === 'PLAN_OWNER' || admin);
  const writer = owner || (!readOnly && role === 'PLAN_CONTRIBUTOR');
  const reload = () => { void planPage(shell, go, id); };
  const title = text(p.title);
  const input = (n: string, value = '', attrs: Record<string, string | number | boolean> = {}) => h('input', { name: n, value, ...attrs }) as HTMLInputElement;

  // A change of one list (or field) with the etag read; a 409 keeps the form.
  const save = async (mask: string, body: Partial<Plan>, out: HTMLElement): Promise<void> => {
    try {
      await session.call('PATCH', `/v1/${name}?updateMask=${mask}`, { ...body, etag: p.etag });
      reload();
    } catch (err) {
      if (err instanceof session.ApiError && err.status === 409) {
        replace(out, h('p', { class: 'ws-conflict', role: 'alert' }, w('planConflict')));
        return;
      }
      out.textContent = session.errorMessage(err);
    }
  };
  const statusLine = () => h('div', { class: 'ws-status', role: 'status', 'aria-live': 'polite' });
  const writers = (p.members ?? []).filter((m) => m.role !== 'PLAN_OBSERVER');

  // Activities: the table (what the chart shows) and an editor per row.
  const activityEditor = (a: Activity | null): HTMLElement => {
    const base: Activity = a ?? { id: nextId('a', p.activities ?? []), status: 'PLAN_ACTIVITY_PLANNED', owner: writers[0]?.organisation };
    const f = {
      fr: input('activity-title-fr', base.title?.fr ?? '', { maxlength: 200, required: true, lang: 'fr' }),
      ar: input('activity-title-ar', base.title?.ar ?? '', { maxlength: 200, dir: 'rtl', lang: 'ar' }),
      objective: h('select', { name: 'activity-objective' }, h('option', { value: '' }, '—'),
        ...(p.objectives ?? []).map((o) => h('option', { value: o.id, selected: o.id === base.objective }, text(o.title)))) as HTMLSelectElement,
      owner: h('select', { name: 'activity-owner' }, ...writers.map((m) => h('option', { value: m.organisation, selected: m.organisation === base.owner }, orgName(m.organisation)))) as HTMLSelectElement,
      start: input('activity-start', base.startDate ?? '', { type: 'date', required: true }),
      end: input('activity-end', base.endDate ?? '', { type: 'date', required: true }),
      status: h('select', { name: 'activity-status' }, ...STATUSES.map((s) => h('option', { value: s, selected: s === base.status }, statusName(s)))) as HTMLSelectElement,
      projects: h('textarea', { name: 'activity-projects', rows: 2, dir: 'ltr' }, (base.projects ?? []).join('\n')) as HTMLTextAreaElement,
      documents: h('textarea', { name: 'activity-documents', rows: 2, dir: 'ltr' }, (base.documents ?? []).join('\n')) as HTMLTextAreaElement,
      actions: h('textarea', { name: 'activity-actions', rows: 2, dir: 'ltr' }, (base.actions ?? []).join('\n')) as HTMLTextAreaElement,
    };
    const out = statusLine();
    const form = h('form', { class: 'ws-admin-form ws-plan-form', 'data-form': a ? `edit-activity-${a.id}` : 'new-activity' },
      h('label', {}, w('planTitleFr'), f.fr), h('label', {}, w('planTitleAr'), f.ar),
      h('label', {}, w('planObjective'), f.objective), h('label', {}, w('planOwner'), f.owner),
      h('label', {}, w('planStart'), f.start), h('label', {}, w('planEnd'), f.end), h('label', {}, w('planStatus'), f.status),
      h('label', {}, w('planProjects'), f.projects), h('label', {}, w('planDocuments'), f.documents), h('label', {}, w('planActions'), f.actions),
      h('button', { type: 'submit', class: 'primary' }, a ? w('save') : w('create')),
      a ? h('button', { type: 'button', class: 'link', 'data-action': 'remove-activity', onclick: () => {
        if (window.confirm(w('confirmDelete', text(a.title)))) {
          void save('activities', { activities: (p.activities ?? []).filter((x) => x.id !== a.id) }, out);
        }
      } }, w('planRemove')) : null, out);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const next: Activity = { id: base.id, title: { ...base.title, fr: f.fr.value, ar: f.ar.value }, objective: f.objective.value,
        owner: f.owner.value, startDate: f.start.value, endDate: f.end.value, status: f.status.value,
        projects: lines(f.projects.value), documents: lines(f.documents.value), actions: lines(f.actions.value) };
      const list = a ? (p.activities ?? []).map((x) => (x.id === a.id ? next : x)) : [...(p.activities ?? []), next];
      void save('activities', { activities: list }, out);
    });
    return form;
  };
  const activityTable = h('table', { class: 'ws-table ws-plan-activities' },
    h('caption', {}, w('planActivities')),
    h('thead', {}, h('tr', {}, [w('planActivity'), w('planObjective'), w('planOwner'), w('planStart'), w('planEnd'), w('planStatus'), w('planLinks')]
      .map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, (p.activities ?? []).map((a) => h('tr', { 'data-activity': a.id },
      h('th', { scope: 'row' }, say(a.title)),
      h('td', {}, say((p.objectives ?? []).find((o) => o.id === a.objective)?.title)),
      h('td', {}, orgName(a.owner)), h('td', {}, a.startDate ? day(a.startDate) : ''), h('td', {}, a.endDate ? day(a.endDate) : ''),
      h('td', {}, statusName(a.status), late(a, todayIso()) ? h('strong', { class: 'ws-late' }, ` · ${w('planLate')}`) : null),
      h('td', {}, ...(a.projects ?? []).map((x) => h('a', { href: `/workspace/${x}`, class: 'ws-chip' }, w('planProject'))),
        ...(a.documents ?? []).map((x) => h('a', { href: `/library?q=&doc=${encodeURIComponent(x)}`, class: 'ws-chip' }, w('planDocument'))),
        ...(a.actions ?? []).map((x) => h('span', { class: 'ws-chip' }, x.replace(/^actions\//, ''))))))));

  // Members (owners change them).
  const membersSection = (): HTMLElement => {
    const rows = (p.members ?? []).map((m) => ({ m, select: h('select', { name: `member-role-${m.organisation}`, 'aria-label': `${orgName(m.organisation)} — ${w('planRole')}`, disabled: !owner },
      h('option', { value: '' }, w('planRemove')), ...ROLES.map((r) => h('option', { value: r, selected: r === m.role }, roleName(r)))) as HTMLSelectElement }));
    const add = h('select', { name: 'member-add', 'aria-label': w('planAddMember') }, h('option', { value: '' }, '—'),
      ...orgs.filter((o) => !(p.members ?? []).some((m) => m.organisation === o.name)).map((o) => h('option', { value: o.name }, api.organisationName(o)))) as HTMLSelectElement;
    const addRole = h('select', { name: 'member-add-role', 'aria-label': w('planRole') }, ...ROLES.map((r) => h('option', { value: r, selected: r === 'PLAN_CONTRIBUTOR' }, roleName(r)))) as HTMLSelectElement;
    const out = statusLine();
    const form = h('form', { class: 'ws-admin-form', 'data-form': 'members' },
      h('ul', { class: 'ws-plan-members' }, rows.map(({ m, select }) => h('li', {}, h('span', {}, orgName(m.organisation)), owner ? select : h('span', {}, ` — ${roleName(m.role)}`)))),
      owner ? h('label', {}, w('planAddMember'), add) : null, owner ? h('label', {}, w('planRole'), addRole) : null,
      owner ? h('button', { type: 'submit', class: 'primary' }, w('save')) : null, out);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const members = rows.filter((r) => r.select.value).map((r) => ({ organisation: r.m.organisation, role: r.select.value }));
      if (add.value) members.push({ organisation: add.value, role: addRole.value });
      void save('members', { members }, out);
    });
    return h('section', { 'aria-labelledby': 'plan-members' }, h('h2', { id: 'plan-members' }, w('planMembers')), form);
  };

  // Objectives, milestones, decisions: a list and an add form each.
  const objectivesSection = (): HTMLElement => {
    const fr = input('objective-title-fr', '', { maxlength: 200, required: true, lang: 'fr' });
    const out = statusLine();
    const form = h('form', { class: 'ws-admin-form', 'data-form': 'new-objective' }, h('label', {}, w('planTitleFr'), fr),
      h('button', { type: 'submit' }, w('planAddObjective')), out);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void save('objectives', { objectives: [...(p.objectives ?? []), { id: nextId('o', p.objectives ?? []), title: { fr: fr.value } }] }, out);
    });
    return h('section', { 'aria-labelledby': 'plan-objectives' }, h('h2', { id: 'plan-objectives' }, w('planObjectives')),
      h('ol', {}, (p.objectives ?? []).map((o) => h('li', {}, say(o.title)))), writer ? form : null);
  };
  const milestonesSection = (): HTMLElement => {
    const fr = input('milestone-title-fr', '', { maxlength: 200, required: true, lang: 'fr' });
    const date = input('milestone-date', '', { type: 'date', required: true });
    const activity = h('select', { name: 'milestone-activity' }, h('option', { value: '' }, '—'),
      ...(p.activities ?? []).map((a) => h('option', { value: a.id }, text(a.title)))) as HTMLSelectElement;
    const out = statusLine();
    const form = h('form', { class: 'ws-admin-form', 'data-form': 'new-milestone' }, h('label', {}, w('planTitleFr'), fr),
      h('label', {}, w('planDate'), date), h('label', {}, w('planActivity'), activity), h('button', { type: 'submit' }, w('planAddMilestone')), out);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void save('milestones', { milestones: [...(p.milestones ?? []), { id: nextId('m', p.milestones ?? []), title: { fr: fr.value }, date: date.value, activity: activity.value }] }, out);
    });
    const toggle = (m: Milestone) => {
      void save('milestones', { milestones: (p.milestones ?? []).map((x) => (x.id === m.id ? { ...x, reached: !x.reached } : x)) }, out);
    };
    return h('section', { 'aria-labelledby': 'plan-milestones' }, h('h2', { id: 'plan-milestones' }, w('planMilestones')),
      h('ul', {}, (p.milestones ?? []).map((m) => h('li', { 'data-milestone': m.id }, `${m.date ? day(m.date) : ''} — `, say(m.title), ' — ',
        m.reached ? w('planReached') : w('planPending'), ' ',
        writer ? h('button', { type: 'button', class: 'link', onclick: () => toggle(m) }, m.reached ? w('planMarkPending') : w('planMarkReached')) : null))),
      writer ? form : null);
  };
  const decisionsSection = (): HTMLElement => {
    const fr = input('decision-title-fr', '', { maxlength: 200, required: true, lang: 'fr' });
    const date = input('decision-date', '', { type: 'date', required: true });
    const minutes = h('textarea', { name: 'decision-minutes', rows: 5, maxlength: 8000 }) as HTMLTextAreaElement;
    const documents = h('textarea', { name: 'decision-documents', rows: 2, dir: 'ltr' }) as HTMLTextAreaElement;
    const out = statusLine();
    const form = h('form', { class: 'ws-admin-form', 'data-form': 'new-decision' }, h('label', {}, w('planTitleFr'), fr),
      h('label', {}, w('planMeetingDate'), date), h('label', {}, w('planMinutes'), minutes), h('label', {}, w('planDocuments'), documents),
      h('button', { type: 'submit' }, w('planAddDecision')), out);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void save('decisions', { decisions: [...(p.decisions ?? []), { id: nextId('d', p.decisions ?? []), title: { fr: fr.value }, date: date.value,
        minutes: minutes.value, documents: lines(documents.value) }] }, out);
    });
    return h('section', { 'aria-labelledby': 'plan-decisions' }, h('h2', { id: 'plan-decisions' }, w('planDecisions')),
      ...(p.decisions ?? []).map((d) => h('article', { class: 'ws-plan-decision', 'data-decision': d.id },
        h('h3', {}, `${d.date ? day(d.date) : ''} — `, say(d.title)), d.minutes ? h('p', { class: 'ws-minutes', dir: 'auto' }, d.minutes) : null,
        ...(d.documents ?? []).map((x) => h('a', { href: `/workspace/library`, class: 'ws-chip' }, x)))),
      writer ? form : null);
  };

  // The budget lines of the linked actions, from the adopted programming.
  const budget = h('section', { 'aria-labelledby': 'plan-budget' }, h('h2', { id: 'plan-budget' }, w('planBudget')), h('p', {}, w('loading')));
  void (async () => {
    const actions = [...new Set((p.activities ?? []).flatMap((a) => a.actions ?? []))];
    if (!actions.length) { replace(budget, budget.firstChild!, h('p', {}, w('planNoBudget'))); return; }
    const programmings = (await session.call<{ programmings?: { name: string; firstYear?: number; state?: string }[] }>('GET', '/v1/programmings').catch(() => ({ programmings: [] }))).programmings ?? [];
    const adopted = programmings.filter((x) => x.state === 'adopted').sort((a, b) => (b.firstYear ?? 0) - (a.firstYear ?? 0))[0];
    const rows: HTMLElement[] = [];
    for (const action of actions) {
      const info = await session.call<{ title?: Localized; programme?: string; code?: string }>('GET', `/v1/${action}`).catch(() => null);
      let lines: { action?: string; year?: number; ce?: string; cp?: string }[] = [];
      if (info?.programme && adopted) {
        lines = ((await session.call<{ lines?: typeof lines }>('GET', `/v1/${adopted.name}/lines?programme=${encodeURIComponent(info.programme)}`)
          .catch(() => ({ lines: [] }))).lines ?? []).filter((l) => l.action === action);
      }
      const years = [...new Set(lines.map((l) => l.year ?? 0))].sort();
      rows.push(h('tr', { 'data-action': action }, h('th', { scope: 'row' }, info ? `${info.code ?? ''} ${text(info.title)}` : action),
        h('td', {}, years.length ? years.map((y) => `${y} : ${w('planCe')} ${num(lines.filter((l) => l.year === y).reduce((s, l) => s + Number(l.ce ?? 0), 0))}`
          + ` / ${w('planCp')} ${num(lines.filter((l) => l.year === y).reduce((s, l) => s + Number(l.cp ?? 0), 0))} MAD`).join(' ; ') : w('planNoLines'))));
    }
    replace(budget, budget.firstChild!, h('p', {}, adopted ? w('planBudgetFrom', adopted.name) : w('planNoAdopted')),
      h('table', { class: 'ws-table' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, w('planAction')), h('th', { scope: 'col' }, w('planLines')))), h('tbody', {}, rows)));
  })();

  // The discussion of one activity at a time.
  const discussion = h('section', { 'aria-labelledby': 'plan-discussion' }, h('h2', { id: 'plan-discussion' }, w('planDiscussion')));
  const showDiscussion = async (activity: string): Promise<void> => {
    const comments = (await session.call<{ comments?: Comment[] }>('GET', `/v1/${name}/comments?activity=${encodeURIComponent(activity)}`)
      .catch(() => ({ comments: [] }))).comments ?? [];
    const pickActivity = h('select', { name: 'discussion-activity', 'aria-label': w('planActivity') },
      ...(p.activities ?? []).map((a) => h('option', { value: a.id, selected: a.id === activity }, text(a.title)))) as HTMLSelectElement;
    pickActivity.addEventListener('change', () => { void showDiscussion(pickActivity.value); });
    const box = h('textarea', { name: 'comment-text', rows: 3, maxlength: 2000, 'aria-describedby': 'mention-hint' }) as HTMLTextAreaElement;
    const out = statusLine();
    const form = h('form', { class: 'ws-admin-form', 'data-form': 'comment' }, h('label', {}, w('planComment'), box),
      h('p', { id: 'mention-hint' }, h('small', {}, w('planMentionHint'))),
      h('p', { class: 'ws-mentions' }, ...(p.members ?? []).map((m) => h('button', { type: 'button', class: 'ws-chip', 'data-mention': m.organisation, onclick: () => {
        box.value = `${box.value}${box.value && !box.value.endsWith(' ') ? ' ' : ''}@${m.organisation} `;
        box.focus();
      } }, `@${orgName(m.organisation)}`))),
      h('button', { type: 'submit', class: 'primary' }, w('planSend')), out);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void session.call('POST', `/v1/${name}/comments`, { requestId: crypto.randomUUID(), comment: { activity, text: box.value } })
        .then(() => showDiscussion(activity)).catch((err) => { out.textContent = session.errorMessage(err); });
    });
    replace(discussion, h('h2', { id: 'plan-discussion' }, w('planDiscussion')), h('label', {}, w('planActivity'), pickActivity),
      comments.length ? h('ol', { class: 'ws-comments' }, comments.map((c) => h('li', { id: `comment-${c.name.split('/').pop()}` },
        h('p', { class: 'ws-minutes', dir: 'auto' }, c.text), h('small', {}, `${c.authorName ?? ''} · ${orgName(c.authorOrganisation)} · ${dateTime(c.createTime)}`))))
        : h('p', {}, w('planNoComments')),
      readOnly ? null : form);
  };
  if ((p.activities ?? []).length) void showDiscussion(window.location.hash.startsWith('#activity-') ? window.location.hash.slice(10) : p.activities![0].id);
  else discussion.append(h('p', {}, w('planNoActivities')));

  // The history.
  const history = h('section', { 'aria-labelledby': 'plan-history' }, h('h2', { id: 'plan-history' }, w('planHistory')));
  void session.call<{ revisions?: Revision[] }>('GET', `/v1/${name}/revisions`).then((r) => {
    history.append(h('ol', { class: 'ws-plan-history', reversed: true }, (r.revisions ?? []).map((v) => h('li', { 'data-revision': v.revision },
      h('a', { href: `/workspace/${name}?revision=${v.revision}`, onclick: (e: Event) => { e.preventDefault(); window.history.pushState(null, '', `/workspace/${name}?revision=${v.revision}${lang() === 'fr' ? '' : `&lang=${lang()}`}`); void planPage(shell, go, id, v.revision); } },
        `r${v.revision}`), ` · ${v.actor ?? ''} · ${dateTime(v.time)} · `, (v.details?.length ? v.details : v.changedFields ?? []).join(' ; ')))));
  }).catch((e) => { history.append(h('p', {}, session.errorMessage(e))); });

  const exportButton = (format: string, label: string) => h('button', { type: 'button', class: 'link', 'data-export': format, onclick: () => {
    void session.download(`/v1/${name}:export?format=${format}`, `plan-${id}.${format}`).catch((e) => window.alert(session.errorMessage(e)));
  } }, label);

  shell(title,
    readOnly ? h('p', { class: 'ws-conflict', role: 'note' }, w('planOldRevision', revision),
      ' ', h('a', { href: `/workspace/${name}`, onclick: (e: Event) => { e.preventDefault(); go(`/workspace/${name}`); } }, w('planBackToCurrent'))) : null,
    p.demo ? h('p', { class: 'demo-badge' }, w('planDemo')) : null,
    h('p', {}, `${w('planYourRole')} : ${roleName(role)} · `, h('bdi', {}, p.etag ?? ''), ' · ', h('bdi', {}, p.updatedBy ?? ''),
      ' · ', h('bdi', {}, dateTime(p.updateTime))),
    p.summary && text(p.summary) ? h('p', { class: 'ws-minutes' }, say(p.summary)) : null,
    h('p', { class: 'ws-plan-exports' }, exportButton('csv', w('planExportCsv')), ' · ', exportButton('ics', w('planExportIcs'))),
    h('section', { 'aria-labelledby': 'plan-gantt' }, h('h2', { id: 'plan-gantt' }, w('planGantt')), gantt(p, names), activityTable,
      writer ? h('div', {}, ...(p.activities ?? []).map((a) => h('details', {}, h('summary', {}, w('planEditActivity', text(a.title))), activityEditor(a))),
        h('details', {}, h('summary', {}, w('planNewActivity')), activityEditor(null))) : null),
    membersSection(), objectivesSection(), milestonesSection(), decisionsSection(), budget, discussion, history);
}
