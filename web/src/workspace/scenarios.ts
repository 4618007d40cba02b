// What-if scenarios in the workspace (analysts, administrators): the
// scenarios, a new one from a programming version, and one scenario — its
// moves of credits, a form to move CE/CP from one line to another (refused
// whole, each field named, in the user's language; the etag read keeps two
// analysts from overwriting each other), what it changes (programme × year
// totals, regional shares of CP, the indicators whose targets become at
// risk, with the rule) and its promotion to a new draft version. The calls
// are atlas-indicators's REST API (docs/indicators.md).
import { h, replace } from '../dom';
import { num } from '../i18n';
import * as session from './session';
import { w } from './texts';

type Shell = (title: string, ...content: (Node | null)[]) => void;
interface Programming { name: string; firstYear: number; lastYear: number; state: string; label?: string }
interface LineRef { programme: string; region: string; action?: string; chapter: string; year: number }
interface Line extends LineRef { ce: string; cp: string }
interface Move { from: LineRef; to: LineRef; measure: string; amount: string; reason?: string }
interface Scenario { name: string; base: string; title: string; promotedTo?: string; etag: string; moves?: Move[] }
interface Shift { programme: string; year: number; ceBefore?: string; ceAfter?: string; cpBefore?: string; cpAfter?: string }
interface Share { region: string; shareBefore?: number; shareAfter?: number }
interface Risk { indicator: string; title?: { fr?: string; ar?: string; en?: string }; year: number; cpCut: number; achievement?: number; achievementScenario: number }
interface View { scenario: Scenario; base: Programming; programmes?: Shift[]; regions?: Share[]; atRisk?: Risk[] }

const id = (name: string) => name.replace(/^[a-z]+\//, '');
const pct = (x = 0) => `${num(x * 100, 1)} %`;
const mad = (s?: string) => num(Number(s ?? 0));
const lineText = (l: LineRef) =>
  `${id(l.programme)} · ${l.region} · ${l.action ? id(l.action) : '—'} · ${l.chapter} · ${l.year}`;
const here = (p: Record<string, string>) => `/workspace/scenarios?${new URLSearchParams(p)}`;

function versionText(v: Programming): string {
  return `${id(v.name)} — ${v.firstYear}–${v.lastYear} (${v.state === 'adopted' ? w('scAdopted') : w('scDraft')})`;
}

export async function scenariosPage(shell: Shell): Promise<void> {
  shell(w('scenarios'), h('p', {}, '…'));
  const [list, versions] = await Promise.all([
    session.call<{ scenarios?: Scenario[] }>('GET', '/v1/scenarios'),
    session.call<{ programmings?: Programming[] }>('GET', '/v1/programmings'),
  ]);
  const scenarios = list.scenarios ?? [];
  const chosen = new URLSearchParams(window.location.search).get('scenario');
  const go = (p: Record<string, string>) => {
    window.history.pushState(null, '', here(p));
    void scenariosPage(shell);
  };

  // A new scenario from a version.
  const title = h('input', { id: 'sc-title', required: true, maxlength: '200' }) as HTMLInputElement;
  const base = h('select', { id: 'sc-base' }, (versions.programmings ?? []).map((v) =>
    h('option', { value: v.name }, versionText(v)))) as HTMLSelectElement;
  const created = h('div', { 'aria-live': 'polite' });
  const createForm = h('form', { class: 'ws-inline sc-create', onsubmit: async (e: Event) => {
    e.preventDefault();
    try {
      const s = await session.call<Scenario>('POST', '/v1/scenarios', { base: base.value, title: title.value });
      go({ scenario: id(s.name) });
    } catch (err) { replace(created, h('p', { class: 'ws-error', role: 'alert' }, session.errorMessage(err))); }
  } }, h('label', { for: 'sc-title' }, w('scTitle')), title, h('label', { for: 'sc-base' }, w('scBase')), base,
  h('button', { type: 'submit', class: 'primary' }, w('scCreate')));

  const table = scenarios.length ? h('table', { class: 'ws-table sc-list' },
    h('thead', {}, h('tr', {}, [w('scTitle'), w('scBase'), ''].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, scenarios.map((s) => h('tr', {},
      h('td', {}, h('a', { href: here({ scenario: id(s.name) }), onclick: (e: Event) => { e.preventDefault(); go({ scenario: id(s.name) }); } }, s.title)),
      h('td', {}, s.base), h('td', {}, s.promotedTo ? w('scPromoted', s.promotedTo) : '')))))
    : h('p', {}, w('scNone'));

  const detail = chosen ? await scenarioSection(`scenarios/${chosen}`, () => go({ scenario: chosen }))
    .catch((e: unknown) => h('p', { class: 'ws-error', role: 'alert' }, session.errorMessage(e))) : null;
  shell(w('scenarios'), h('p', {}, w('scLead')), table,
    h('section', { 'aria-labelledby': 'sc-new-title' }, h('h2', { id: 'sc-new-title' }, w('scNew')), createForm, created),
    detail);
}

async function scenarioSection(name: string, reload: () => void): Promise<HTMLElement> {
  const view = await session.call<View>('GET', `/v1/${name}`);
  const s = view.scenario;
  const lines = (await session.call<{ lines?: Line[] }>('GET', `/v1/${view.base.name}/lines`)).lines ?? [];
  const programmes = [...new Set(lines.map((l) => l.programme))];
  const status = h('div', { 'aria-live': 'polite' });

  // A line chooser: the programme, then one of its lines (with its CE/CP).
  const chooser = (key: string, label: string) => {
    const prog = h('select', { id: `sc-${key}-programme` }, programmes.map((p) => h('option', { value: p }, id(p)))) as HTMLSelectElement;
    const line = h('select', { id: `sc-${key}-line` }) as HTMLSelectElement;
    const fill = () => replace(line, lines.map((l, i) => [l, i] as const).filter(([l]) => l.programme === prog.value)
      .map(([l, i]) => h('option', { value: String(i) }, `${lineText(l)} — CE ${mad(l.ce)} / CP ${mad(l.cp)}`)));
    prog.addEventListener('change', fill);
    fill();
    return { line, el: h('fieldset', { class: 'sc-line' }, h('legend', {}, label),
      h('label', { for: `sc-${key}-programme` }, w('scProgramme')), prog,
      h('label', { for: `sc-${key}-line` }, label), line) };
  };
  const from = chooser('from', w('scFrom')), to = chooser('to', w('scTo'));
  const measure = h('select', { id: 'sc-measure' }, h('option', { value: 'CP' }, 'CP'), h('option', { value: 'CE' }, 'CE'),
    h('option', { value: 'BOTH' }, w('scBoth'))) as HTMLSelectElement;
  const amount = h('input', { id: 'sc-amount', type: 'number', min: '1', step: '1', required: true }) as HTMLInputElement;
  const reason = h('input', { id: 'sc-reason', maxlength: '500' }) as HTMLInputElement;
  const ref = (l: Line): LineRef => ({ programme: l.programme, region: l.region, action: l.action ?? '', chapter: l.chapter, year: l.year });
  const moveForm = s.promotedTo ? null : h('form', { class: 'ws-form sc-move', onsubmit: async (e: Event) => {
    e.preventDefault();
    try {
      await session.call('POST', `/v1/${name}:move`, {
        etag: s.etag,
        move: { from: ref(lines[Number(from.line.value)]), to: ref(lines[Number(to.line.value)]), measure: measure.value, amount: amount.value, reason: reason.value },
      });
      reload();
    } catch (err) {
      const rows = [...session.fieldErrors(err)];
      replace(status, rows.length ? h('ul', { class: 'ws-error', role: 'alert' }, rows.map(([f, t]) => h('li', {}, h('span', { dir: 'ltr' }, f), ' : ', t)))
        : h('p', { class: 'ws-error', role: 'alert' }, session.errorMessage(err)));
    }
  } }, from.el, to.el,
  h('label', { for: 'sc-measure' }, w('scMeasure')), measure,
  h('label', { for: 'sc-amount' }, w('scAmount')), amount,
  h('label', { for: 'sc-reason' }, w('scReason')), reason,
  h('button', { type: 'submit', class: 'primary' }, w('scMove')));

  const moves = (s.moves ?? []).length ? h('table', { class: 'ws-table sc-moves' },
    h('thead', {}, h('tr', {}, [w('scFrom'), w('scTo'), w('scMeasure'), w('scAmount'), w('scReason')].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, (s.moves ?? []).map((m) => h('tr', {}, h('td', { dir: 'ltr' }, lineText(m.from)), h('td', { dir: 'ltr' }, lineText(m.to)),
      h('td', {}, m.measure), h('td', { class: 'num' }, mad(m.amount)), h('td', {}, m.reason ?? '')))))
    : h('p', {}, w('scNoMove'));

  const shifts = h('table', { class: 'ws-table sc-shifts' }, h('caption', {}, w('scShifts')),
    h('thead', {}, h('tr', {}, [w('scProgramme'), w('scYear'), `CE ${w('scBefore')}`, `CE ${w('scAfter')}`, `CP ${w('scBefore')}`, `CP ${w('scAfter')}`]
      .map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, (view.programmes ?? []).map((p) => h('tr', {}, h('td', {}, id(p.programme)), h('td', {}, String(p.year)),
      h('td', { class: 'num' }, mad(p.ceBefore)), h('td', { class: 'num' }, mad(p.ceAfter)),
      h('td', { class: 'num' }, mad(p.cpBefore)), h('td', { class: 'num' }, mad(p.cpAfter))))));
  const shares = h('table', { class: 'ws-table sc-regions' }, h('caption', {}, w('scRegions')),
    h('thead', {}, h('tr', {}, [w('scRegion'), w('scBefore'), w('scAfter')].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, (view.regions ?? []).map((r) => h('tr', {}, h('td', {}, r.region),
      h('td', { class: 'num' }, pct(r.shareBefore)), h('td', { class: 'num' }, pct(r.shareAfter))))));
  const lang = document.documentElement.lang as 'fr' | 'ar' | 'en';
  const risks = (view.atRisk ?? []).length ? h('table', { class: 'ws-table sc-risks' },
    h('thead', {}, h('tr', {}, [w('scProgramme'), w('scYear'), w('scCut'), w('scNow'), w('scThen')].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, (view.atRisk ?? []).map((r) => h('tr', {}, h('td', {}, r.title?.[lang] || r.title?.fr || id(r.indicator)),
      h('td', {}, String(r.year)), h('td', { class: 'num' }, pct(r.cpCut)), h('td', { class: 'num' }, pct(r.achievement)),
      h('td', { class: 'num sc-flag' }, pct(r.achievementScenario))))))
    : h('p', {}, w('scNoRisk'));

  const promote = s.promotedTo ? h('p', { class: 'ws-ok', role: 'status' }, w('scPromoted', s.promotedTo))
    : h('button', { type: 'button', class: 'primary sc-promote', onclick: async () => {
      try {
        await session.call('POST', `/v1/${name}:promote`, { etag: s.etag });
        reload();
      } catch (err) { replace(status, h('p', { class: 'ws-error', role: 'alert' }, session.errorMessage(err))); }
    } }, w('scPromote'));

  return h('section', { class: 'sc-detail', 'aria-labelledby': 'sc-detail-title' },
    h('h2', { id: 'sc-detail-title' }, s.title), h('p', {}, `${w('scBase')} : ${versionText(view.base)}`),
    h('h3', {}, w('scMoves')), moves, moveForm, status,
    shifts, shares, h('h3', {}, w('scRisk')), h('p', { class: 'sc-rule' }, w('scRiskRule')), risks, promote);
}
