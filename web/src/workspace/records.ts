// Screens for what only the API did before (issue 23): the platform feed
// (GET /v1/inbox, validators and analysts), security for administrators
// (signing keys, audit log), IATI/CSV export and IATI import with its report,
// and on a project's page the validators' tools: archive it, record an
// evaluation on the OECD-DAC criteria. The APIs check every role again.
import { h, replace } from '../dom';
import { CRITERIA, criterionName, dateTime } from '../i18n';
import { problem } from './common';
import * as session from './session';
import { w } from './texts';

type Shell = (title: string, ...content: (Node | null)[]) => void;

const status = () => h('div', { class: 'ws-status', role: 'status', 'aria-live': 'polite' });

/** A list with "more" that asks for the next page with `next(token)`. */
async function paged<T>(into: HTMLElement, head: string[], next: (token: string) => Promise<{ items: T[]; token?: string }>,
                        row: (item: T) => HTMLElement, empty: string): Promise<void> {
  const body = h('tbody', {});
  let shown = 0;
  const more = h('button', { type: 'button', class: 'more' }, w('more'));
  const load = async (token: string) => {
    const page = await next(token);
    body.append(...page.items.map(row));
    shown += page.items.length;
    more.hidden = !page.token;
    more.onclick = () => { void load(page.token ?? ''); };
    if (!shown) replace(into, h('p', {}, empty));
  };
  into.append(h('table', { class: 'ws-table' },
    h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))), body), more);
  await load('');
}

// --- the platform feed ------------------------------------------------------
interface InboxEntry { name: string; eventType: string; subject: string; summary: string; createTime?: string }

export async function feedPage(shell: Shell): Promise<void> {
  const list = h('div', { id: 'feed' });
  shell(w('feed'), h('p', {}, w('feedLead')), list);
  try {
    await paged<InboxEntry>(list, [w('when'), w('kind'), w('summary'), w('subject')], async (token) => {
      const r = await session.call<{ entries?: InboxEntry[]; nextPageToken?: string }>('GET',
        `/v1/inbox?pageSize=50${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`);
      return { items: r.entries ?? [], token: r.nextPageToken };
    }, (e) => h('tr', { 'data-type': e.eventType },
      h('td', {}, dateTime(e.createTime)), h('td', {}, h('code', {}, e.eventType.replace(/^ma\.sharaka\.atlas\./, ''))),
      h('td', { dir: 'auto' }, e.summary), h('td', {}, e.subject.startsWith('projects/')
        ? h('a', { href: `/workspace/${e.subject}` }, e.subject) : e.subject)), w('feedEmpty'));
  } catch (e) { replace(list, problem(e)); }
}

// --- security (administrators) ----------------------------------------------
interface SigningKey { keyId: string; algorithm: string; active?: boolean; publicKey: string }
interface AuditEntry { kind: string; actor?: string; target?: string; peer?: string; detail?: string; createTime?: string }
const AUDIT_KINDS = ['', 'login.succeeded', 'login.failed', 'refresh.reused', 'user.roles_changed', 'permission.denied'];

export async function securityPage(shell: Shell): Promise<void> {
  const keys = h('div', { id: 'signing-keys' }, '…');
  const audit = h('div', { id: 'audit' });
  const kind = h('select', { id: 'audit-kind' }, AUDIT_KINDS.map((k) => h('option', { value: k }, k || w('allKinds'))));
  const showAudit = async () => {
    replace(audit);
    try {
      await paged<AuditEntry>(audit, [w('when'), w('kind'), w('actor'), w('subject'), w('peer'), w('detail')], async (token) => {
        const q = new URLSearchParams({ pageSize: '50' });
        if (kind.value) q.set('kind', kind.value);
        if (token) q.set('pageToken', token);
        const r = await session.call<{ entries?: AuditEntry[]; nextPageToken?: string }>('GET', `/v1/auditEntries?${q}`);
        return { items: r.entries ?? [], token: r.nextPageToken };
      }, (e) => h('tr', { 'data-kind': e.kind }, h('td', {}, dateTime(e.createTime)), h('td', {}, h('code', {}, e.kind)),
        h('td', { dir: 'auto' }, e.actor ?? ''), h('td', { dir: 'auto' }, e.target ?? ''), h('td', {}, e.peer ?? ''),
        h('td', { dir: 'auto', class: 'ws-detail' }, e.detail ?? '')), w('auditEmpty'));
    } catch (e) { replace(audit, problem(e)); }
  };
  kind.addEventListener('change', () => { void showAudit(); });
  shell(w('security'),
    h('section', { 'aria-labelledby': 'keys-title' }, h('h2', { id: 'keys-title' }, w('signingKeys')), h('p', {}, w('signingKeysLead')), keys),
    h('section', { 'aria-labelledby': 'audit-title' }, h('h2', { id: 'audit-title' }, w('auditLog')),
      h('div', { class: 'field' }, h('label', { for: 'audit-kind' }, w('kind')), kind), audit));
  try {
    const r = await session.call<{ keys?: SigningKey[] }>('GET', '/v1/signingKeys');
    replace(keys, h('table', { class: 'ws-table' },
      h('thead', {}, h('tr', {}, [w('keyId'), w('algorithm'), w('keyState'), w('publicKey')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, (r.keys ?? []).map((k) => h('tr', { 'data-key': k.keyId, 'data-active': String(!!k.active) },
        h('td', {}, h('code', {}, k.keyId)), h('td', {}, k.algorithm), h('td', {}, w(k.active ? 'keyActive' : 'keyRetired')),
        h('td', {}, h('code', { class: 'ws-key' }, k.publicKey)))))));
  } catch (e) { replace(keys, problem(e)); }
  await showAudit();
}

// --- exchange: IATI/CSV export, IATI import ----------------------------------
interface ImportIssue { activity?: string; element?: string; message?: string }
interface ImportReport { created?: number; updated?: number; unchanged?: number; failed?: number; issues?: ImportIssue[]; projects?: string[] }

export function exchangePage(shell: Shell): void {
  const file = h('input', { type: 'file', id: 'import-file', accept: '.xml,application/xml,text/xml', required: true }) as HTMLInputElement;
  const check = h('input', { type: 'checkbox', id: 'import-check', checked: true }) as HTMLInputElement;
  const out = status();
  const report = h('div', { id: 'import-report' });
  const form = h('form', { class: 'ws-admin-form', id: 'import-form' },
    h('label', { for: 'import-file' }, w('iatiFile')), file,
    h('label', {}, check, ' ', w('checkOnly')),
    h('button', { type: 'submit', class: 'primary' }, w('importIati')), out);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = file.files?.[0];
    if (!f) return;
    // The gateway takes JSON bodies up to 1 MiB (ATLAS_HTTP_BODY_LIMIT) and the XML travels
    // escaped in one: 900 KiB leaves room; larger files go through atlasctl (gRPC).
    const limit = 900 * 1024;
    if (f.size > limit) { out.textContent = w('tooLargeForWeb', String(f.size), String(limit)); return; }
    out.textContent = '…';
    void f.text().then((xml) => session.call<ImportReport>('POST', '/v1/projects:import', { iatiXml: xml, validateOnly: check.checked }))
      .then((r) => {
        out.textContent = w(check.checked ? 'checked' : 'imported');
        replace(report,
          h('p', { id: 'import-counts' }, w('importCounts', String(r.created ?? 0), String(r.updated ?? 0), String(r.unchanged ?? 0), String(r.failed ?? 0))),
          (r.issues ?? []).length ? h('table', { class: 'ws-table' },
            h('thead', {}, h('tr', {}, [w('activity'), w('element'), w('issue')].map((c) => h('th', { scope: 'col' }, c)))),
            h('tbody', {}, (r.issues ?? []).map((i) => h('tr', { class: 'import-issue' },
              h('td', { dir: 'auto' }, i.activity ?? ''), h('td', {}, h('code', {}, i.element ?? '')), h('td', { dir: 'auto' }, i.message ?? ''))))) : h('p', {}, w('noIssue')),
          (r.projects ?? []).length ? h('ul', {}, (r.projects ?? []).map((p) => h('li', {}, h('a', { href: `/workspace/${p}` }, p)))) : null);
      })
      .catch((err: Error) => { out.textContent = err.message; replace(report); });
  });
  shell(w('exchange'),
    h('section', { 'aria-labelledby': 'export-title' }, h('h2', { id: 'export-title' }, w('export')), h('p', {}, w('exportLead')),
      h('p', {}, h('a', { class: 'button', id: 'export-iati', href: '/v1/projects:export?format=iati', download: 'sharaka-atlas-iati.xml' }, w('exportIati')), ' ',
        h('a', { class: 'button', id: 'export-csv', href: '/v1/projects:export?format=csv', download: 'sharaka-atlas-projects.csv' }, w('exportCsv')))),
    h('section', { 'aria-labelledby': 'import-title' }, h('h2', { id: 'import-title' }, w('importIati')), h('p', {}, w('importLead')), form, report));
}

// --- a project's validator tools: archive, record an evaluation --------------
interface ProjectRef { name: string; etag?: string; state?: string }
interface Evaluation {
  name: string; etag?: string; evaluator?: string; averageScore?: number; replicability?: string;
  scores?: { criterion: string; score: number; narrative?: string }[]; lessonsLearned?: Record<string, string>;
  evaluationDate?: { year?: number; month?: number; day?: number };
}

export function validatorTools(p: ProjectRef, reload: () => void): HTMLElement | null {
  if (!session.hasRole('validator')) return null;
  const archiveOut = status();
  const archive = p.state === 'PUBLISHED' ? h('p', {}, h('button', { type: 'button', id: 'archive', onclick: () => {
    if (!window.confirm(w('archiveConfirm'))) return;
    archiveOut.textContent = '…';
    session.call('POST', `/v1/${p.name}:archive`, { etag: p.etag })
      .then(() => { archiveOut.textContent = w('archived'); reload(); })
      .catch((e: Error) => { archiveOut.textContent = e.message; });
  } }, w('archive')), archiveOut) : null;
  // An evaluation: each criterion scored 1-4 with why, lessons, replicability, who and when.
  const scores = CRITERIA.map((c) => ({
    c,
    score: h('select', { id: `eval-${c}`, required: true }, h('option', { value: '' }, '—'),
      [1, 2, 3, 4].map((n) => h('option', { value: String(n) }, `${n} / 4`))) as HTMLSelectElement,
    why: h('textarea', { id: `eval-${c}-why`, rows: 2, maxlength: 5000, dir: 'auto' }) as HTMLTextAreaElement,
  }));
  const lessons = h('textarea', { id: 'eval-lessons', rows: 3, maxlength: 5000, dir: 'auto' }) as HTMLTextAreaElement;
  const replicability = h('select', { id: 'eval-replicability', required: true }, h('option', { value: '' }, '—'),
    (['LOW', 'MEDIUM', 'HIGH'] as const).map((r) => h('option', { value: r }, w(r)))) as HTMLSelectElement;
  const evaluator = h('input', { id: 'eval-evaluator', required: true, maxlength: 200 }) as HTMLInputElement;
  const when = h('input', { id: 'eval-date', type: 'date', required: true }) as HTMLInputElement;
  const out = status();
  // Recording a new one, or correcting one read (its name and etag: a stale one is refused).
  let editing: { name: string; etag: string } | null = null;
  const submit = h('button', { type: 'submit', class: 'primary' }, w('recordEvaluation'));
  const details = h('details', {}, h('summary', {}, w('recordEvaluation')));
  const existing = h('div', { id: 'evaluations' });
  const edit = (e: Evaluation) => {
    editing = { name: e.name, etag: e.etag ?? '' };
    for (const s of scores) {
      const got = e.scores?.find((x) => x.criterion === s.c);
      s.score.value = got ? String(got.score) : '';
      s.why.value = got?.narrative ?? '';
    }
    lessons.value = Object.values(e.lessonsLearned ?? {})[0] ?? '';
    replicability.value = e.replicability ?? '';
    evaluator.value = e.evaluator ?? '';
    const d = e.evaluationDate;
    when.value = d?.year ? `${d.year}-${String(d.month ?? 1).padStart(2, '0')}-${String(d.day ?? 1).padStart(2, '0')}` : '';
    submit.textContent = w('correctEvaluation');
    details.open = true;
    out.textContent = '';
  };
  const showExisting = () => session.call<{ evaluations?: Evaluation[] }>('GET', `/v1/${p.name}/evaluations`)
    .then((r) => replace(existing, (r.evaluations ?? []).length ? h('ul', {}, (r.evaluations ?? []).map((e) => h('li', { 'data-evaluation': e.name },
      `${e.evaluator ?? ''} · ${e.averageScore ?? ''} / 4 `, h('button', { type: 'button', class: 'link', onclick: () => edit(e) }, w('correct'))))) : null))
    .catch(() => undefined);
  void showExisting();
  const form = h('form', { class: 'ws-eval-form', id: 'evaluation-form' },
    h('fieldset', {}, h('legend', {}, w('dacScores')), scores.map((s) => h('div', { class: 'ws-eval-row' },
      h('label', { for: s.score.id }, criterionName(s.c)), s.score,
      h('label', { for: s.why.id, class: 'visually-hidden' }, `${criterionName(s.c)} — ${w('why')}`), s.why))),
    h('label', { for: 'eval-lessons' }, w('lessons')), lessons,
    h('label', { for: 'eval-replicability' }, w('replicability')), replicability,
    h('label', { for: 'eval-evaluator' }, w('evaluator')), evaluator,
    h('label', { for: 'eval-date' }, w('evaluationDate')), when,
    submit, out);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const [y, m, d] = when.value.split('-').map(Number);
    const body = {
      scores: scores.map((s) => ({ criterion: s.c, score: Number(s.score.value), narrative: s.why.value })),
      lessonsLearned: lessons.value ? { [document.documentElement.lang]: lessons.value } : undefined,
      replicability: replicability.value, evaluator: evaluator.value,
      evaluationDate: y ? { year: y, month: m, day: d } : undefined,
    };
    out.textContent = '…';
    const write = editing ? session.call('PATCH', `/v1/${editing.name}`, { ...body, etag: editing.etag })
      : session.call('POST', `/v1/${p.name}/evaluations`, body);
    write.then(() => {
      out.textContent = w(editing ? 'evaluationCorrected' : 'evaluationRecorded');
      editing = null;
      submit.textContent = w('recordEvaluation');
      form.reset();
      void showExisting();
    }).catch((err: Error) => { out.textContent = err.message; });
  });
  details.append(form);
  return h('section', { class: 'ws-card', id: 'validator-tools', 'aria-labelledby': 'tools-title' },
    h('h2', { id: 'tools-title' }, w('validatorTools')), archive, existing, details);
}
