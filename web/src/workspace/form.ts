// The project form: every text in fr/ar/en side by side, the code lists, the
// place, dates, budget, organisations and milestones; field errors from the
// API beside their field in the user's language; drafts saved by themselves
// (PATCH with the etag read and only the fields changed); a 409 opens the
// merge view, where both versions are shown field by field and nothing typed
// is lost; "submit for validation".
import { organisationName, termLabel, termText } from '../api';
import { h, replace } from '../dom';
import { type Localized, lang, LANGS, ROLES, roleName, STATUSES, statusName } from '../i18n';
import type { Ctx } from './common';
import * as session from './session';
import { picker } from './picker';
import { w, type WKey } from './texts';

export interface DateParts { year?: number; month?: number; day?: number }
export interface Draft {
  name: string; etag?: string; state?: string; organisation?: string; revision?: number; publishedRevision?: number;
  rejectionReason?: string; updateTime?: string;
  originalLanguage?: string;
  title?: Localized; summary?: Localized; objectives?: Localized; expectedResults?: Localized;
  themes?: string[]; status?: string; regionCodes?: string[];
  location?: { latitude?: number; longitude?: number } | null;
  plannedStart?: DateParts | null; plannedEnd?: DateParts | null;
  currency?: string; budget?: { year: number; amount: number }[];
  participatingOrganisations?: { organisation?: string; name?: string; role?: string }[];
  milestones?: { title: string; plannedDate?: DateParts | null }[];
  diasporaCountries?: string[]; targetGroups?: string[];
  iatiIdentifier?: string; mechanism?: string; achievedResults?: Localized; provinceCodes?: string[];
  places?: { name: string; point?: { latitude?: number; longitude?: number } | null }[];
  actualStart?: DateParts | null; actualEnd?: DateParts | null;
  fundingShares?: { donor: string; percent: number }[];
  beneficiaries?: string;  // int64: a string in JSON
  documents?: { title: string; url: string; category?: string }[];
  contacts?: { name: string; role?: string; email?: string; phone?: string }[];
}

// The editable fields (JSON names, as the update mask takes them).
export const FIELDS = ['originalLanguage', 'iatiIdentifier', 'title', 'summary', 'objectives', 'expectedResults',
  'achievedResults', 'themes', 'mechanism', 'status', 'regionCodes', 'provinceCodes', 'location', 'places',
  'plannedStart', 'plannedEnd', 'actualStart', 'actualEnd', 'currency', 'budget', 'fundingShares',
  'participatingOrganisations', 'milestones', 'diasporaCountries', 'targetGroups', 'beneficiaries', 'documents',
  'contacts'] as const;
type Field = typeof FIELDS[number];
export const LABEL: Record<Field, WKey> = {
  originalLanguage: 'original', title: 'title', summary: 'summary', objectives: 'objectives',
  expectedResults: 'expectedResults', themes: 'themes', status: 'status', regionCodes: 'regions', location: 'point',
  plannedStart: 'plannedStart', plannedEnd: 'plannedEnd', currency: 'currency', budget: 'budget',
  participatingOrganisations: 'organisations', milestones: 'milestones', diasporaCountries: 'diaspora',
  targetGroups: 'targetGroups', iatiIdentifier: 'iatiIdentifier', mechanism: 'mechanism',
  achievedResults: 'achievedResults', provinceCodes: 'provinces', places: 'places', actualStart: 'actualStart',
  actualEnd: 'actualEnd', fundingShares: 'fundingShares', beneficiaries: 'beneficiaries', documents: 'documents',
  contacts: 'contacts',
};
type TableField = 'budget' | 'participatingOrganisations' | 'milestones' | 'places' | 'fundingShares' | 'documents'
  | 'contacts';

// Values compared the way the server stores them (empty ≡ absent).
function norm(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x === '' || x === null || (Array.isArray(x) && x.length === 0) ? undefined : x)) ?? '';
}
const same = (a: unknown, b: unknown) => norm(a) === norm(b);
const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)) as T);
const toDate = (d?: DateParts | null) => d?.year ? `${String(d.year).padStart(4, '0')}-${String(d.month ?? 1).padStart(2, '0')}-${String(d.day ?? 1).padStart(2, '0')}` : '';
const fromDate = (s: string): DateParts | null => {
  const m = s.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
};

/** A human-readable value for the merge view and the diff. */
export function show(ctx: Ctx, field: string, v: unknown): string {
  if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) return '—';
  const terms = (vocab: string, codes: string[]) => codes.map((c) => termLabel(ctx.vocab, vocab, c)).join(', ');
  switch (field) {
    case 'themes': return terms('themes', v as string[]);
    case 'regionCodes': return terms('regions', v as string[]);
    case 'diasporaCountries': return terms('diaspora_countries', v as string[]);
    case 'targetGroups': return terms('target_groups', v as string[]);
    case 'status': return statusName(String(v));
    case 'plannedStart': case 'plannedEnd': return toDate(v as DateParts);
    case 'provinceCodes': return terms('provinces', v as string[]);
    case 'mechanism': return terms('mechanisms', [String(v)]);
    case 'actualStart': case 'actualEnd': return toDate(v as DateParts);
    case 'title': case 'summary': case 'objectives': case 'expectedResults': case 'achievedResults':
      return LANGS.map((l) => (v as Localized)[l] ? `${l}: ${(v as Localized)[l]}` : '').filter(Boolean).join('\n') || '—';
    default: return typeof v === 'string' ? v : JSON.stringify(v);
  }
}

// The form on screen, if any, saying whether it holds unsaved changes (one
// listener for the visit, not one per form opened).
let unsaved: () => boolean = () => false;
window.addEventListener('beforeunload', (e) => { if (unsaved()) e.preventDefault(); });

export function projectForm(root: HTMLElement, ctx: Ctx, loaded: Draft | null,
                            onCreate: (name: string) => void): void {
  // `base`: the server's version this draft starts from; `draft`: what the user has.
  let base: Draft = loaded ? clone(loaded) : { name: '', originalLanguage: lang(), currency: 'MAD' };
  const draft: Draft = clone(base);
  let timer = 0;
  let saving: Promise<void> | null = null;
  const readOnly = () => base.state === 'SUBMITTED';
  const status = h('p', { class: 'ws-status', role: 'status', 'aria-live': 'polite' });
  const errors = new Map<string, HTMLElement>();

  const changed = (): Field[] => FIELDS.filter((f) => !same(draft[f], base[f]));
  const showErrors = (found: Map<string, string>) => {
    for (const [f, el] of errors) {
      const message = [...found].filter(([k]) => k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())
        .replace(/[[.].*$/, '') === f).map(([, m]) => m).join(' ; ');
      el.textContent = message;
      el.hidden = !message;
      el.parentElement?.classList.toggle('invalid', !!message);
    }
  };

  async function save(): Promise<void> {
    window.clearTimeout(timer);
    if (saving) { await saving; }
    const fields = changed();
    if (readOnly() || (base.name && fields.length === 0)) return;
    const body: Record<string, unknown> = {};
    for (const f of fields) body[f] = draft[f] ?? null;
    status.textContent = w('saving');
    saving = (async () => {
      try {
        const sent = clone(draft);
        let next: Draft;
        if (!base.name) {
          next = await session.call<Draft>('POST', '/v1/projects', body);
          onCreate(next.name);
          submitButton.hidden = false;
        } else {
          next = await session.call<Draft>('PATCH', `/v1/projects/${base.name.replace(/^projects\//, '')}?updateMask=${fields.join(',')}`,
            { ...body, etag: base.etag });
        }
        // The server's copy is the new base. Fields untouched since they were
        // sent (or never touched) take its values (defaults, normalised
        // forms); typing since the request left stays in the draft.
        for (const f of FIELDS) {
          const untouched = fields.includes(f) ? same(sent[f], draft[f]) : same(draft[f], base[f]);
          if (untouched) draft[f] = clone(next[f]) as never;
        }
        base = { ...next };
        status.textContent = w('saved');
        showErrors(new Map());
        header();
      } catch (e) {
        if (e instanceof session.ApiError && e.status === 409) { await conflict(); return; }
        const found = session.fieldErrors(e);
        showErrors(found);
        status.textContent = found.size ? w('notSaved') : w('error', (e as Error).message);
      } finally { saving = null; }
    })();
    await saving;
  }
  const schedule = () => {
    window.clearTimeout(timer);
    status.textContent = '';
    timer = window.setTimeout(() => { void save(); }, 1200);
  };
  const set = <F extends Field>(f: F, v: Draft[F]) => {
    draft[f] = v;
    if (f === 'regionCodes' || f === 'location') map.update(draft.regionCodes ?? [], draft.location);
    schedule();
  };
  // The map picker lives as long as the form (re-rendering keeps it).
  const map = picker((code) => {
    const now = draft.regionCodes ?? [];
    set('regionCodes', now.includes(code) ? now.filter((c) => c !== code) : [...now, code]);
    render();
  }, (latitude, longitude) => { set('location', { latitude, longitude }); render(); }, () => readOnly());

  // Someone else saved first: their version and mine, field by field.
  async function conflict(): Promise<void> {
    const theirs = await session.call<Draft>('GET', `/v1/projects/${base.name.replace(/^projects\//, '')}?view=WORKING`);
    const choices = new Map<Field, 'mine' | 'theirs'>();
    for (const f of FIELDS) {
      const mine = !same(draft[f], base[f]);
      const other = !same(theirs[f], base[f]);
      if (other && !mine) draft[f] = clone(theirs[f]) as never;   // only they changed it
      else if (mine && other && !same(draft[f], theirs[f])) choices.set(f, 'mine');
    }
    base = theirs;
    const dialog = h('section', { class: 'ws-conflict', role: 'region', 'aria-labelledby': 'conflict-title' },
      h('h2', { id: 'conflict-title' }, w('conflictTitle')),
      h('p', {}, w('conflictLead')),
      h('table', { class: 'ws-table' },
        h('thead', {}, h('tr', {}, [w('field'), w('mine'), w('theirs')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, [...choices.keys()].map((f) => h('tr', { 'data-field': f },
          h('th', { scope: 'row' }, w(LABEL[f])),
          ...(['mine', 'theirs'] as const).map((side) => h('td', {},
            h('pre', { class: 'ws-value', dir: 'auto' }, show(ctx, f, side === 'mine' ? draft[f] : theirs[f])),
            h('label', {}, h('input', { type: 'radio', name: `pick-${f}`, value: side, checked: side === 'mine',
              onchange: () => choices.set(f, side) }), w(side === 'mine' ? 'keepMine' : 'keepTheirs')))))))),
      h('button', { type: 'button', class: 'primary', onclick: () => {
        for (const [f, side] of choices) if (side === 'theirs') draft[f] = clone(theirs[f]) as never;
        dialog.remove();
        render();
        void save();
      } }, w('saveMerged')));
    if (choices.size === 0) { render(); void save(); return; }
    root.prepend(dialog);
    status.textContent = '';
    (dialog.querySelector('h2') as HTMLElement).tabIndex = -1;
    (dialog.querySelector('h2') as HTMLElement).focus();
  }

  const field = (f: Field, control: Node, id?: string) => {
    const err = h('p', { class: 'field-error', id: `err-${f}`, hidden: true });
    errors.set(f, err);
    return h('div', { class: 'ws-field', 'data-field': f },
      id ? h('label', { for: id }, w(LABEL[f])) : h('span', { class: 'ws-label' }, w(LABEL[f])), control, err);
  };
  const texts = (f: 'title' | 'summary' | 'objectives' | 'expectedResults' | 'achievedResults', multiline: boolean) => {
    const err = h('p', { class: 'field-error', id: `err-${f}`, hidden: true });
    errors.set(f, err);
    return h('fieldset', { class: 'ws-field ws-texts', 'data-field': f },
      h('legend', {}, w(LABEL[f])),
      LANGS.map((l) => {
        const id = `${f}-${l}`;
        const attrs = { id, lang: l, dir: l === 'ar' ? 'rtl' : 'ltr', 'aria-describedby': `err-${f}`, disabled: readOnly(),
          oninput: (e: Event) => set(f, { ...draft[f], [l]: (e.target as HTMLInputElement).value }) };
        const control = multiline ? h('textarea', { ...attrs, rows: 4, maxlength: 10000 }, draft[f]?.[l] ?? '')
          : h('input', { ...attrs, value: draft[f]?.[l] ?? '', maxlength: 500 });
        return h('div', { class: 'ws-lang' }, h('label', { for: id }, { fr: 'Français', ar: 'العربية', en: 'English' }[l]), control);
      }), err);
  };
  // Retired themes are offered only to the projects that already have them.
  const offered = (f: 'themes' | 'regionCodes' | 'targetGroups', vocab: string) =>
    (ctx.vocab[vocab] ?? []).filter((t) => !t.retired || (draft[f] ?? []).includes(t.code));
  const checks = (f: 'themes' | 'regionCodes' | 'targetGroups', vocab: string) => field(f,
    h('div', { class: 'ws-checks', role: 'group', 'aria-label': w(LABEL[f]) }, offered(f, vocab).map((t) => h('label', {},
      h('input', { type: 'checkbox', value: t.code, disabled: readOnly(), checked: (draft[f] ?? []).includes(t.code),
        onchange: (e: Event) => {
          const on = (e.target as HTMLInputElement).checked;
          const now = (draft[f] ?? []).filter((c) => c !== t.code);
          set(f, on ? [...now, t.code] : now);
        } }), termText(t)))));
  const table = <T>(f: TableField, heads: WKey[], blank: () => T,
                    cells: (row: T, i: number) => Node[]) => {
    const rows = () => (draft[f] ?? []) as T[];
    const body = h('tbody', {});
    const paint = () => replace(body, rows().map((r, i) => h('tr', {}, ...cells(r, i).map((c) => h('td', {}, c)),
      h('td', {}, h('button', { type: 'button', class: 'link', disabled: readOnly(), onclick: () => {
        set(f, rows().filter((_x, j) => j !== i) as never); paint();
      } }, w('remove'))))));
    paint();
    return field(f, h('div', {},
      h('table', { class: 'ws-table ws-edit' }, h('thead', {}, h('tr', {}, heads.map((k) => h('th', { scope: 'col' }, w(k))), h('th', {}))), body),
      h('button', { type: 'button', class: 'link', disabled: readOnly(), onclick: () => { set(f, [...rows(), blank()] as never); paint(); } },
        w('addLine'))));
  };
  const cell = (f: TableField, i: number, key: string, label: string,
                input: HTMLInputElement | HTMLSelectElement, parse: (v: string) => unknown = (v) => v) => {
    input.setAttribute('aria-label', `${label} ${i + 1}`);
    input.disabled = readOnly();
    input.addEventListener('input', () => {
      const rows = clone((draft[f] ?? []) as Record<string, unknown>[]);
      // `point.latitude`: a nested member.
      const [outer, inner] = key.split('.');
      rows[i] = inner ? { ...rows[i], [outer]: { ...(rows[i][outer] as object ?? {}), [inner]: parse(input.value) } }
        : { ...rows[i], [key]: parse(input.value) };
      set(f, rows as never);
    });
    return input;
  };

  function header(): void {
    const banner = root.querySelector('.ws-banner');
    const b = h('div', { class: 'ws-banner' },
      base.state ? h('p', {}, h('span', { class: `ws-state ws-${base.state.toLowerCase()}` }, w((base.state ?? 'DRAFT') as WKey))) : null,
      base.state === 'REJECTED' && base.rejectionReason
        ? h('p', { class: 'ws-reason', role: 'alert' }, w('rejectedBecause', base.rejectionReason)) : null,
      readOnly() ? h('p', {}, w('readOnly')) : null);
    if (banner) banner.replaceWith(b); else root.prepend(b);
  }

  const submitButton = h('button', { type: 'button', class: 'primary', onclick: () => { void submit(); } }, w('submit'));
  function render(): void {
    errors.clear();
    submitButton.hidden = !base.name;  // once created
    submitButton.disabled = readOnly();
    const countries = ctx.vocab.diaspora_countries ?? [];
    const form = h('form', { class: 'ws-form', novalidate: true, onsubmit: (e: Event) => e.preventDefault() },
      field('originalLanguage', h('select', { id: 'f-original', disabled: readOnly(),
        onchange: (e: Event) => set('originalLanguage', (e.target as HTMLSelectElement).value) },
        LANGS.map((l) => h('option', { value: l, selected: draft.originalLanguage === l }, { fr: 'Français', ar: 'العربية', en: 'English' }[l]))), 'f-original'),
      field('iatiIdentifier', h('input', { id: 'f-iati', maxlength: 100, disabled: readOnly(), value: draft.iatiIdentifier ?? '',
        oninput: (e: Event) => set('iatiIdentifier', (e.target as HTMLInputElement).value) }), 'f-iati'),
      texts('title', false), texts('summary', true), texts('objectives', true), texts('expectedResults', true),
      texts('achievedResults', true),
      checks('themes', 'themes'),
      field('mechanism', h('select', { id: 'f-mechanism', disabled: readOnly(),
        onchange: (e: Event) => set('mechanism', (e.target as HTMLSelectElement).value) },
        h('option', { value: '' }, '—'),
        (ctx.vocab.mechanisms ?? []).map((t) => h('option', { value: t.code, selected: draft.mechanism === t.code }, termText(t)))), 'f-mechanism'),
      field('status', h('select', { id: 'f-status', disabled: readOnly(), onchange: (e: Event) => set('status', (e.target as HTMLSelectElement).value) },
        h('option', { value: '' }, '—'),
        STATUSES.map((s) => h('option', { value: s, selected: draft.status === s }, statusName(s)))), 'f-status'),
      checks('regionCodes', 'regions'),
      map.element,
      field('provinceCodes', h('select', { id: 'f-provinces', multiple: true, size: 6, disabled: readOnly(),
        onchange: (e: Event) => set('provinceCodes', [...(e.target as HTMLSelectElement).selectedOptions].map((o) => o.value)) },
        (ctx.vocab.provinces ?? []).map((t) => h('option', { value: t.code, selected: (draft.provinceCodes ?? []).includes(t.code) },
          termText(t)))), 'f-provinces'),
      field('location', h('div', { class: 'ws-row' }, (['latitude', 'longitude'] as const).map((k) => h('label', {}, w(k),
        h('input', { type: 'number', step: 'any', min: k === 'latitude' ? -90 : -180, max: k === 'latitude' ? 90 : 180,
          name: k, disabled: readOnly(), value: draft.location?.[k] ?? '',
          oninput: (e: Event) => {
            const v = (e.target as HTMLInputElement).value;
            const next = { ...(draft.location ?? {}), [k]: v === '' ? undefined : Number(v) };
            set('location', next.latitude === undefined && next.longitude === undefined ? null : next);
          } }))))),
      table('places', ['placeName', 'latitude', 'longitude'], () => ({ name: '' }),
        (r: { name: string; point?: { latitude?: number; longitude?: number } | null }, i) => [
          cell('places', i, 'name', w('placeName'), h('input', { value: r.name, maxlength: 200 })),
          cell('places', i, 'point.latitude', w('latitude'), h('input', { type: 'number', step: 'any', min: -90, max: 90, value: r.point?.latitude ?? '' }), Number),
          cell('places', i, 'point.longitude', w('longitude'), h('input', { type: 'number', step: 'any', min: -180, max: 180, value: r.point?.longitude ?? '' }), Number)]),
      h('div', { class: 'ws-row' },
        (['plannedStart', 'plannedEnd', 'actualStart', 'actualEnd'] as const).map((f) => field(f, h('input', { id: `f-${f}`, type: 'date', disabled: readOnly(),
          value: toDate(draft[f]), onchange: (e: Event) => set(f, fromDate((e.target as HTMLInputElement).value)) }), `f-${f}`))),
      field('currency', h('select', { id: 'f-currency', disabled: readOnly(), onchange: (e: Event) => set('currency', (e.target as HTMLSelectElement).value) },
        ['MAD', 'EUR', 'USD'].map((c) => h('option', { value: c, selected: draft.currency === c }, c))), 'f-currency'),
      table('budget', ['year', 'amount'], () => ({ year: new Date().getFullYear(), amount: 0 }), (r: { year: number; amount: number }, i) => [
        cell('budget', i, 'year', w('year'), h('input', { type: 'number', min: 1990, max: 2100, value: r.year }), Number),
        cell('budget', i, 'amount', w('amount'), h('input', { type: 'number', min: 0, step: 'any', value: r.amount }), Number)]),
      table('fundingShares', ['donor', 'percent'], () => ({ donor: '', percent: 0 }), (r: { donor: string; percent: number }, i) => [
        cell('fundingShares', i, 'donor', w('donor'), h('input', { value: r.donor, maxlength: 200 })),
        cell('fundingShares', i, 'percent', w('percent'), h('input', { type: 'number', min: 0, max: 100, step: 'any', value: r.percent }), Number)]),
      table('participatingOrganisations', ['organisation', 'role'], () => ({ organisation: '', role: 'IMPLEMENTING' }),
        (r: { organisation?: string; role?: string }, i) => [
          cell('participatingOrganisations', i, 'organisation', w('organisation'), h('select', {},
            h('option', { value: '' }, '—'),
            ctx.organisations.map((o) => h('option', { value: o.name, selected: r.organisation === o.name },
              organisationName(o))))),
          cell('participatingOrganisations', i, 'role', w('role'), h('select', {},
            ROLES.map((x) => h('option', { value: x, selected: r.role === x }, roleName(x)))))]),
      table('milestones', ['milestone', 'date'], () => ({ title: '' }), (r: { title: string; plannedDate?: DateParts | null }, i) => [
        cell('milestones', i, 'title', w('milestone'), h('input', { value: r.title, maxlength: 500 })),
        cell('milestones', i, 'plannedDate', w('date'), h('input', { type: 'date', value: toDate(r.plannedDate) }), fromDate)]),
      field('diasporaCountries', h('select', { id: 'f-diaspora', multiple: true, size: 6, disabled: readOnly(),
        onchange: (e: Event) => set('diasporaCountries', [...(e.target as HTMLSelectElement).selectedOptions].map((o) => o.value)) },
        countries.map((t) => h('option', { value: t.code, selected: (draft.diasporaCountries ?? []).includes(t.code) }, termText(t)))), 'f-diaspora'),
      checks('targetGroups', 'target_groups'),
      field('beneficiaries', h('input', { id: 'f-beneficiaries', type: 'number', min: 0, step: 1, disabled: readOnly(),
        value: draft.beneficiaries ?? '', oninput: (e: Event) => set('beneficiaries', (e.target as HTMLInputElement).value) }), 'f-beneficiaries'),
      table('documents', ['docTitle', 'url', 'category'], () => ({ title: '', url: 'https://' }),
        (r: { title: string; url: string; category?: string }, i) => [
          cell('documents', i, 'title', w('docTitle'), h('input', { value: r.title, maxlength: 300 })),
          cell('documents', i, 'url', w('url'), h('input', { type: 'url', value: r.url, maxlength: 2000 })),
          cell('documents', i, 'category', w('category'), h('input', { value: r.category ?? '', maxlength: 100 }))]),
      table('contacts', ['contactName', 'contactRole', 'email', 'phone'], () => ({ name: '' }),
        (r: { name: string; role?: string; email?: string; phone?: string }, i) => [
          cell('contacts', i, 'name', w('contactName'), h('input', { value: r.name, maxlength: 200 })),
          cell('contacts', i, 'role', w('contactRole'), h('input', { value: r.role ?? '', maxlength: 200 })),
          cell('contacts', i, 'email', w('email'), h('input', { type: 'email', value: r.email ?? '', maxlength: 320 })),
          cell('contacts', i, 'phone', w('phone'), h('input', { type: 'tel', value: r.phone ?? '', maxlength: 40 }))]),
      h('div', { class: 'ws-actions' },
        h('button', { type: 'button', disabled: readOnly(), onclick: () => { void save(); } }, w('save')),
        submitButton,
        status));
    replace(root, form);
    map.update(draft.regionCodes ?? [], draft.location);
    header();
  }

  async function submit(): Promise<void> {
    await save();
    if (changed().length > 0) return;  // not saved: the errors are shown
    try {
      base = await session.call<Draft>('POST', `/v1/projects/${base.name.replace(/^projects\//, '')}:submit`, { etag: base.etag });
      Object.assign(draft, clone(base));
      render();
      status.textContent = w('submitted');
    } catch (e) {
      if (e instanceof session.ApiError && e.status === 409) { await conflict(); return; }
      const found = session.fieldErrors(e);
      showErrors(found);
      status.textContent = found.size ? w('notSaved') : w('error', (e as Error).message);
    }
  }

  // Nothing typed is lost on leaving: the page warns and flushes the save.
  unsaved = () => {
    // A form left within the app still saves (its timer runs); only the one on screen asks.
    if (!document.body.contains(root) || changed().length === 0 || readOnly()) return false;
    void save();
    return true;
  };
  render();
}
