// The notification bell: the caller's notifications from atlas-notify
// (mentions, decisions on their organisation's projects, submissions for
// validators, and what their subscriptions ask for), unread ones counted on
// the button; opening one marks it read and goes to its project (and
// comment). New ones arrive live (GET /v1/notifications:stream) and are
// announced to screen readers.
import { dateTime } from '../i18n';
import { h, replace } from '../dom';
import * as session from './session';
import { w, type WKey } from './texts';

interface Notification { name: string; eventType: string; subject: string; label: string; createTime: string; read: boolean }

const PHRASES: Record<string, WKey> = {
  'comment.mentioned': 'ev.comment.mentioned', 'project.submitted': 'ev.project.submitted',
  'project.published': 'ev.project.published', 'project.rejected': 'ev.project.rejected',
  'project.archived': 'ev.project.archived', 'project.good_practice': 'ev.project.good_practice',
  'comment.created': 'ev.comment.created', 'project.stale': 'ev.project.stale',
  'plan.comment.mentioned': 'ev.plan.mentioned', 'plan.activity.due': 'ev.plan.due',
  'plan.created': 'ev.plan.member', 'plan.updated': 'ev.plan.member',
};
const phrase = (n: Notification): string => {
  const key = n.eventType.replace(/^ma\.sharaka\.atlas\./, '').replace(/\.v\d+$/, '');
  return PHRASES[key] ? w(PHRASES[key], n.label) : n.label;
};

/** `projects/p/comments/c` → `/workspace/projects/p#comment-c`; `plans/p…` → `/workspace/plans/p`. */
const target = (subject: string): string => {
  const m = subject.match(/^projects\/([^/]+)(?:\/comments\/([^/]+))?$/);
  if (m) return `/workspace/projects/${m[1]}${m[2] ? `#comment-${m[2]}` : ''}`;
  const plan = subject.match(/^plans\/([0-9a-f-]{36})/);
  return plan ? `/workspace/plans/${plan[1]}` : '/workspace';
};

function bellIcon(): SVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1z');
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}

export function bell(go: (path: string) => void): HTMLElement {
  const count = h('span', { class: 'ws-count', 'aria-hidden': 'true' });
  const button = h('button', { type: 'button', class: 'ws-bell', 'aria-expanded': 'false', 'aria-controls': 'ws-bell-panel' },
    bellIcon(), count);
  const panel = h('div', { id: 'ws-bell-panel', class: 'ws-bell-panel', hidden: true, role: 'region', 'aria-label': w('notifications') });
  let items: Notification[] = [];
  const label = (unread: number) => {
    count.textContent = unread ? String(unread) : '';
    button.setAttribute('aria-label', `${w('notifications')} — ${w('unread', unread)}`);
  };
  const paint = () => replace(panel,
    h('div', { class: 'ws-bell-head' }, h('strong', {}, w('notifications')),
      h('button', { type: 'button', class: 'link', onclick: () => { void mark([], true); } }, w('markAllRead'))),
    items.length === 0 ? h('p', {}, w('noNotifications')) : h('ul', {}, items.map((n) => h('li', { class: n.read ? 'read' : 'unread' },
      h('a', { href: target(n.subject), onclick: (e: Event) => {
        e.preventDefault();
        panel.hidden = true;
        button.setAttribute('aria-expanded', 'false');
        void mark([n.name], false).then(() => go(target(n.subject)));
      } }, phrase(n)),
      h('time', { datetime: n.createTime }, dateTime(n.createTime))))));
  async function load(): Promise<void> {
    const r = await session.call<{ notifications?: Notification[]; unreadCount?: number }>('GET', '/v1/notifications?pageSize=20')
      .catch(() => null);
    if (!r) return;
    items = r.notifications ?? [];
    label(r.unreadCount ?? 0);
    if (!panel.hidden) paint();
  }
  async function mark(names: string[], all: boolean): Promise<void> {
    const r = await session.call<{ unreadCount?: number }>('POST', '/v1/notifications:markRead', { names, all }).catch(() => null);
    if (!r) return;
    items = items.map((n) => (all || names.includes(n.name) ? { ...n, read: true } : n));
    label(r.unreadCount ?? 0);
    paint();
  }
  button.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    button.setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) { paint(); void load(); }
  });
  panel.addEventListener('keydown', (e) => { if (e.key === 'Escape') { panel.hidden = true; button.focus(); } });
  const live = h('p', { class: 'visually-hidden', 'aria-live': 'polite', 'data-bell-live': '' });
  label(0);
  void load();
  // Alive until the bell, once shown, leaves the page (signing out).
  let shown = false;
  const alive = () => {
    if (document.body.contains(button)) shown = true;
    return !shown || document.body.contains(button);
  };
  session.stream('/v1/notifications:stream', (f) => {
    if (f.event === 'notification') {
      const n = JSON.parse(f.data) as Notification;
      live.textContent = w('subLive', phrase({ ...n, read: false }));
    }
    if (f.event === 'notification' || f.event === 'reset') void load();
  }, alive);
  // A safety net should a proxy cut the stream for good.
  const timer = window.setInterval(() => { if (!document.body.contains(button)) window.clearInterval(timer); else void load(); }, 120000);
  return h('div', { class: 'ws-bell-wrap' }, button, panel, live);
}
