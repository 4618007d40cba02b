// Dialogue on a project: threads about the project or one of its fields,
// replies, @mentions with completion (GET /v1/mentionables), resolve and
// reopen; threads with comments the person has not read yet (wherever they
// read the dialogue last: the registry keeps the mark) carry a "new" marker. A mention reaches the person's (or organisation's) bell
// through atlas-notify.
import { dateTime, lang } from '../i18n';
import { h, replace } from '../dom';
import { FIELDS, LABEL } from './form';
import * as session from './session';
import { w } from './texts';

interface Comment { name: string; thread?: string; field?: string; text: string; author: string; authorName?: string;
  authorOrganisation?: string; resolved?: boolean; createTime: string; unread?: boolean }
interface Mentionable { handle: string; organisation: string; organisationNameFr?: string; organisationNameAr?: string;
  organisationNameEn?: string }

// A mentionable person's organisation, named in the page's language.
const organisationOf = (m: Mentionable): string =>
  ({ fr: m.organisationNameFr, ar: m.organisationNameAr, en: m.organisationNameEn })[lang()]
  || m.organisationNameFr || m.organisation;

/** A textarea that offers @handles as they are typed (arrows, Enter or Tab, Escape).
 *  A textarea cannot be a combobox (ARIA in HTML): it says where its list is
 *  and which option is active; the list is a labelled listbox. */
function mentionBox(id: string, labelText: string, organisation: string): { box: HTMLElement; input: HTMLTextAreaElement } {
  const input = h('textarea', { id, rows: 3, maxlength: 5000, 'aria-autocomplete': 'list', 'aria-controls': `${id}-list` });
  const list = h('ul', { id: `${id}-list`, class: 'ws-mentions', role: 'listbox', hidden: true, 'aria-label': labelText });
  let options: Mentionable[] = [];
  let active = 0;
  let query = 0;
  const word = () => {
    const before = input.value.slice(0, input.selectionStart ?? input.value.length);
    return before.match(/(?:^|\s)@([a-z0-9._/-]{0,64})$/i)?.[1] ?? null;
  };
  const close = () => { list.hidden = true; input.removeAttribute('aria-activedescendant'); };
  const choose = (m: Mentionable) => {
    const at = input.selectionStart ?? input.value.length;
    const before = input.value.slice(0, at).replace(/@([a-z0-9._/-]{0,64})$/i, `@${m.handle} `);
    input.value = before + input.value.slice(at);
    input.setSelectionRange(before.length, before.length);
    close();
    input.focus();
  };
  const paint = () => {
    replace(list, options.map((m, i) => h('li', { id: `${id}-opt-${i}`, role: 'option', 'aria-selected': String(i === active),
      onmousedown: (e: Event) => { e.preventDefault(); choose(m); } },
      h('strong', {}, `@${m.handle}`), ' ', h('span', {}, organisationOf(m)))));
    list.hidden = options.length === 0;
    if (!list.hidden) input.setAttribute('aria-activedescendant', `${id}-opt-${active}`);
  };
  input.addEventListener('input', () => {
    const q = word();
    // What was offered for the previous letters is no longer a choice.
    options = [];
    close();
    if (q === null || q.includes('/')) return;
    const mine = ++query;
    // Only the dialogue's own: the project's organisation and the ministry's staff.
    void session.call<{ mentionables?: Mentionable[] }>('GET', `/v1/mentionables?pageSize=8&prefix=${encodeURIComponent(q.toLowerCase())}`
      + `&organisation=${encodeURIComponent(organisation)}`)
      .then((r) => { if (mine === query) { options = r.mentionables ?? []; active = 0; paint(); } })
      // An earlier letters' request that fails late must not close the list
      // the latest one filled.
      .catch(() => { if (mine === query) close(); });
  });
  input.addEventListener('keydown', (e) => {
    if (list.hidden) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      active = (active + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length;
      paint();
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      choose(options[active]);
    } else if (e.key === 'Escape') close();
  });
  // Leaving the box closes the list (after a click on an option had its
  // turn); a focus that comes back meanwhile (the page moved it for a
  // moment) keeps it.
  input.addEventListener('blur', () => window.setTimeout(() => {
    if (document.activeElement !== input) close();
  }, 150));
  return { box: h('div', { class: 'ws-mention-box' }, input, list), input };
}

export interface Dialogue { element: HTMLElement; discuss(field: string): void; counts(): Map<string, number> }

export function dialogue(projectName: string, organisation: string, onChange: () => void): Dialogue {
  const threadsEl = h('div', { class: 'ws-threads' });
  const about = h('select', { id: 'thread-field' }, h('option', { value: '' }, w('wholeProject')),
    FIELDS.map((f) => h('option', { value: f }, w(LABEL[f]))));
  const { box, input } = mentionBox('thread-text', w('comment'), organisation);
  const status = h('p', { class: 'ws-status', role: 'status' });
  let comments: Comment[] = [];
  const me = session.current();
  const who = (c: Comment) => (c.author === me?.subject ? w('you') : c.authorName ? `@${c.authorName}` : '')
    + (c.authorOrganisation ? ` · ${c.authorOrganisation.replace(/^organisations\//, '')}` : '');

  async function post(text: string, field: string, thread: string): Promise<boolean> {
    try {
      await session.call('POST', `/v1/${projectName}/comments`, { text, field: thread ? undefined : field || undefined,
        thread: thread || undefined });
      status.textContent = '';
      await load();
      return true;
    } catch (e) {
      status.textContent = session.fieldErrors(e).get('comment.text') ?? (e as Error).message;
      return false;
    }
  }

  function paint(): void {
    const threads = comments.filter((c) => !c.thread);
    replace(threadsEl, threads.length === 0 ? h('p', {}, w('noThreads')) : threads.map((t) => {
      const replies = comments.filter((c) => c.thread === t.name);
      // New for this person since they last read the dialogue (kept by the registry).
      const fresh = [t, ...replies].some((c) => c.unread);
      const reply = mentionBox(`reply-${t.name.split('/').pop()}`, w('reply'), organisation);
      reply.input.setAttribute('aria-label', w('reply'));
      const field = t.field as (typeof FIELDS)[number] | undefined;
      return h('article', { class: `ws-thread${t.resolved ? ' resolved' : ''}`, id: `comment-${t.name.split('/').pop()}`,
        'data-field': t.field ?? '' },
        h('header', {},
          field && (FIELDS as readonly string[]).includes(field) ? h('span', { class: 'chip' }, w(LABEL[field])) : null,
          fresh ? h('span', { class: 'ws-new-mark' }, w('newMark')) : null,
          t.resolved ? h('span', { class: 'ws-state' }, w('resolved')) : null),
        [t, ...replies].map((c) => h('div', { class: 'ws-comment' },
          h('p', { class: 'ws-meta' }, who(c), ' · ', h('time', { datetime: c.createTime }, dateTime(c.createTime))),
          h('p', { dir: 'auto' }, c.text))),
        t.resolved ? null : h('div', { class: 'ws-reply' }, reply.box,
          h('button', { type: 'button', onclick: () => { void post(reply.input.value, '', t.name); } }, w('reply'))),
        h('button', { type: 'button', class: 'link', onclick: () => {
          void session.call('POST', `/v1/${t.name}:resolve`, { resolved: !t.resolved }).then(load);
        } }, w(t.resolved ? 'reopen' : 'resolve')));
    }));
    // Opened from a notification: the comment in view.
    const anchor = window.location.hash.slice(1);
    if (anchor) document.getElementById(anchor)?.scrollIntoView({ block: 'center' });
  }

  async function load(): Promise<void> {
    const r = await session.call<{ comments?: Comment[] }>('GET', `/v1/${projectName}/comments`).catch(() => null);
    comments = r?.comments ?? [];
    paint();
    onChange();
  }

  const element = h('section', { class: 'ws-dialogue', 'aria-labelledby': 'dialogue-title' },
    h('h2', { id: 'dialogue-title' }, w('dialogue')),
    threadsEl,
    h('form', { class: 'ws-new-thread', onsubmit: (e: Event) => {
      e.preventDefault();
      void post(input.value, about.value, '').then((ok) => { if (ok) input.value = ''; });
    } },
      h('h3', {}, w('newThread')),
      h('label', { for: 'thread-field' }, w('about')), about,
      h('label', { for: 'thread-text' }, w('comment')), box,
      h('button', { type: 'submit', class: 'primary' }, w('post')), status));
  // What is shown is read: the "new" marks stay on screen, gone on the next visit.
  void load().then(() => session.call('POST', `/v1/${projectName}/comments:markRead`, {}).catch(() => undefined));
  return {
    element,
    discuss(field: string) {
      about.value = field;
      element.scrollIntoView({ block: 'start' });
      input.focus();
    },
    counts() {
      const out = new Map<string, number>();
      for (const c of comments) if (!c.thread && !c.resolved && c.field) out.set(c.field, (out.get(c.field) ?? 0) + 1);
      return out;
    },
  };
}
