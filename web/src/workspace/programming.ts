// The budget programming and the indicators for analysts: the lines of a
// version for one programme — editable in a draft (CE, CP, reason; the etag
// read is sent, a refused change lists each named field in the user's
// language), frozen once adopted —, adopting a draft, rolling an adopted
// version; and recording an indicator's measured value. The calls are
// atlas-indicators's REST API (docs/indicators.md).
import { h, replace } from '../dom';
import * as session from './session';
import { w } from './texts';

type Shell = (title: string, ...content: (Node | null)[]) => void;
interface Texts { fr?: string; ar?: string; en?: string }
interface Programming { name: string; firstYear: number; lastYear: number; state: string; label?: string }
interface Line { programme: string; region: string; action?: string; chapter: string; year: number; ce: string; cp: string; reason?: string; etag: string }
interface Programme { name: string; code: string; titleFr: string }
interface Dashboard { objectives?: { indicators?: { name: string; title: Texts; numerator?: string }[] }[] }

const problem = (err: unknown) => {
  const rows = [...session.fieldErrors(err)];
  return rows.length ? h('ul', { class: 'ws-error', role: 'alert' }, rows.map(([f, t]) => h('li', {}, h('span', { dir: 'ltr' }, f), ' : ', t)))
    : h('p', { class: 'ws-error', role: 'alert' }, session.errorMessage(err));
};

export async function programmingPage(shell: Shell): Promise<void> {
  shell(w('programming'), h('p', {}, '…'));
  const q = new URLSearchParams(window.location.search);
  const versions = (await session.call<{ programmings?: Programming[] }>('GET', '/v1/programmings')).programmings ?? [];
  const programmes = (await session.call<{ programmes?: Programme[] }>('GET', '/v1/programmes?pageSize=200')).programmes ?? [];
  const v = versions.find((x) => x.name === q.get('version')) ?? versions[versions.length - 1];
  const p = programmes.find((x) => x.name === q.get('programme')) ?? programmes[0];
  if (!v || !p) { shell(w('programming'), h('p', {}, w('scNone'))); return; }
  const go = (params: Record<string, string>) => {
    window.history.pushState(null, '', `/workspace/programming?${new URLSearchParams({ version: v.name, programme: p.name, ...params })}`);
    void programmingPage(shell);
  };
  const pickVersion = h('select', { id: 'pg-version', onchange: (e: Event) => go({ version: (e.target as HTMLSelectElement).value }) },
    versions.map((x) => h('option', { value: x.name, selected: x === v }, `${x.name.replace(/^programmings\//, '')} — ${x.firstYear}–${x.lastYear} (${x.state === 'adopted' ? w('scAdopted') : w('scDraft')})`)));
  const pickProgramme = h('select', { id: 'pg-programme', onchange: (e: Event) => go({ programme: (e.target as HTMLSelectElement).value }) },
    programmes.map((x) => h('option', { value: x.name, selected: x === p }, `${x.code} — ${x.titleFr}`)));
  const status = h('div', { 'aria-live': 'polite' });
  const draft = v.state !== 'adopted';
  const lines = (await session.call<{ lines?: Line[] }>('GET', `/v1/${v.name}/lines?programme=${encodeURIComponent(p.name)}`)).lines ?? [];
  const table = h('table', { class: 'ws-table pg-lines' },
    h('thead', {}, h('tr', {}, [w('pgLine'), 'CE', 'CP', w('pgReason'), ''].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, lines.map((l, k) => {
      const ce = h('input', { type: 'number', min: '0', step: '1', value: l.ce, 'aria-label': `CE ${k + 1}`, disabled: !draft }) as HTMLInputElement;
      const cp = h('input', { type: 'number', min: '0', step: '1', value: l.cp, 'aria-label': `CP ${k + 1}`, disabled: !draft }) as HTMLInputElement;
      const reason = h('input', { value: l.reason ?? '', maxlength: '500', 'aria-label': `${w('pgReason')} ${k + 1}`, disabled: !draft }) as HTMLInputElement;
      const out = h('span', { role: 'status' });
      return h('tr', { 'data-line': String(k) },
        h('td', { dir: 'ltr' }, `${l.region} · ${(l.action ?? '').replace(/^actions\//, '') || '—'} · ${l.chapter} · ${l.year}`),
        h('td', {}, ce), h('td', {}, cp), h('td', {}, reason),
        h('td', {}, draft ? h('button', { type: 'button', class: 'pg-save', onclick: async () => {
          try {
            const saved = await session.call<Line>('POST', `/v1/${v.name}/lines:set`, { ...l, ce: ce.value, cp: cp.value, reason: reason.value });
            l.etag = saved.etag;
            replace(out, h('span', { class: 'ws-ok' }, w('pgSaved')));
          } catch (err) { replace(out, problem(err)); }
        } }, w('pgSave')) : null, out));
    })));
  const actions = h('div', { class: 'ws-inline' },
    draft ? h('button', { type: 'button', class: 'primary pg-adopt', onclick: async () => {
      try { await session.call('POST', `/v1/${v.name}:adopt`, {}); go({}); } catch (err) { replace(status, problem(err)); }
    } }, w('pgAdopt')) : h('button', { type: 'button', class: 'pg-roll', onclick: async () => {
      try { const r = await session.call<Programming>('POST', `/v1/${v.name}:roll`, {}); go({ version: r.name }); } catch (err) { replace(status, problem(err)); }
    } }, w('pgRoll')));

  // Record a measured value of one of the programme's measured indicators.
  const dash = await session.call<Dashboard>('GET', `/v1/${p.name}:dashboard`);
  const measured = (dash.objectives ?? []).flatMap((o) => o.indicators ?? []).filter((i) => !i.numerator);
  const field = (id: string, label: string, input: HTMLElement) => [h('label', { for: id }, label), input];
  const indicator = h('select', { id: 'pg-indicator' }, measured.map((i) => h('option', { value: i.name }, i.title.fr ?? i.name))) as HTMLSelectElement;
  const year = h('input', { id: 'pg-year', type: 'number', value: String(v.firstYear - 1), required: true }) as HTMLInputElement;
  const value = h('input', { id: 'pg-value', type: 'number', step: 'any' }) as HTMLInputElement;
  const source = h('input', { id: 'pg-source', required: true, maxlength: '300' }) as HTMLInputElement;
  const date = h('input', { id: 'pg-date', type: 'date' }) as HTMLInputElement;
  const provisional = h('input', { id: 'pg-provisional', type: 'checkbox' }) as HTMLInputElement;
  const comment = h('textarea', { id: 'pg-comment', maxlength: '2000' }) as HTMLTextAreaElement;
  const recorded = h('div', { 'aria-live': 'polite' });
  const measureForm = h('form', { class: 'ws-form pg-measure', onsubmit: async (e: Event) => {
    e.preventDefault();
    try {
      await session.call('POST', `/v1/${indicator.value}/measurements`, {
        year: Number(year.value), ...(value.value === '' ? {} : { value: Number(value.value) }), source: source.value,
        date: date.value, provisional: provisional.checked, comment: comment.value });
      replace(recorded, h('p', { class: 'ws-ok', role: 'status' }, w('pgRecorded')));
    } catch (err) { replace(recorded, problem(err)); }
  } }, ...field('pg-indicator', w('pgIndicator'), indicator), ...field('pg-year', w('pgYear'), year),
  ...field('pg-value', w('pgValue'), value), ...field('pg-source', w('pgSource'), source), ...field('pg-date', w('pgDate'), date),
  h('label', { class: 'ws-check' }, provisional, ' ', w('pgProvisional')), ...field('pg-comment', w('pgComment'), comment),
  h('button', { type: 'submit', class: 'primary' }, w('pgRecord')));

  shell(w('programming'), h('p', {}, w('pgLead')),
    h('div', { class: 'ws-inline' }, h('label', { for: 'pg-version' }, w('pgVersion')), pickVersion,
      h('label', { for: 'pg-programme' }, w('pgProgramme')), pickProgramme),
    draft ? null : h('p', { class: 'pg-frozen' }, w('pgFrozen')), table,
    actions, status,
    h('section', { 'aria-labelledby': 'pg-measure-title' }, h('h2', { id: 'pg-measure-title' }, w('pgMeasure')), measureForm, recorded));
}
