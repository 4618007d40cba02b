// Statistics in the workspace (analysts, administrators): a dataset's
// versions (drafts included) with their release, an import form that shows
// the row-level report in the user's language (all or nothing; the same file
// twice is no new version), and the diff of two versions. The calls are
// atlas-stats's REST API (docs/stats.md); files above the gateway's body
// limit go through atlasctl (gRPC client streaming), which the page says.
import { h, replace } from '../dom';
import { dateTime, num } from '../i18n';
import * as session from './session';
import { w, type WKey } from './texts';

type Shell = (title: string, ...content: (Node | null)[]) => void;
interface Dataset { name: string; title: string; demo?: boolean; releasedVersion?: number }
interface Version { name: string; version: number; state: string; observations?: string; createTime?: string; createdBy?: string; releaseTime?: string }
interface Report { version: number; created?: boolean; observations?: string }
interface Change { key: string[]; fromValue?: string; toValue?: string; kind: string }
interface Diff { added?: string; removed?: string; changed?: string; changes?: Change[] }

// The gateway refuses bodies above 1 MiB; base64 makes 4 bytes of 3.
const MAX_FILE = Math.floor(((1 << 20) - 1024) * 3 / 4);

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export async function statisticsPage(shell: Shell): Promise<void> {
  shell(w('statistics'), h('p', {}, '…'));
  const datasets = (await session.call<{ datasets?: Dataset[] }>('GET', '/v1/datasets?pageSize=200')).datasets ?? [];
  const q = new URLSearchParams(window.location.search);
  const chosen = datasets.find((d) => d.name === `datasets/${q.get('dataset')}`) ?? datasets[0];
  if (!chosen) { shell(w('statistics'), h('p', {}, w('none'))); return; }
  const id = chosen.name.replace(/^datasets\//, '');

  const pick = h('select', { id: 'st-dataset', onchange: (e: Event) => {
    const p = new URLSearchParams(window.location.search);
    p.set('dataset', (e.target as HTMLSelectElement).value);
    window.history.pushState(null, '', `/workspace/statistics?${p}`);
    void statisticsPage(shell);
  } }, datasets.map((d) => h('option', { value: d.name.replace(/^datasets\//, ''), selected: d === chosen }, d.title)));
  const versionsBox = h('div', {});
  const diffBox = h('section', { 'aria-labelledby': 'st-diff-title' });
  const importBox = h('section', { 'aria-labelledby': 'st-import-title' });

  const loadVersions = async (note?: Node) => {
    const vs = (await session.call<{ versions?: Version[] }>('GET', `/v1/${chosen.name}/versions`)).versions ?? [];
    replace(versionsBox, note ?? null, h('table', { class: 'ws-table st-versions' },
      h('caption', {}, w('stVersions')),
      h('thead', {}, h('tr', {}, [w('stVersion'), w('stState'), w('stObservations'), w('stCreated'), w('stBy'), w('stReleased'), ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, [...vs].reverse().map((v) => {
        const status = h('span', { role: 'status' });
        return h('tr', { 'data-version': String(v.version) },
          h('td', {}, String(v.version)), h('td', {}, w(`st${v.state}` as WKey)),
          h('td', {}, num(Number(v.observations ?? 0))), h('td', {}, dateTime(v.createTime)), h('td', {}, v.createdBy ?? ''),
          h('td', {}, v.releaseTime ? dateTime(v.releaseTime) : '—'),
          h('td', {}, v.state === 'draft' ? h('button', { type: 'button', class: 'primary', onclick: async () => {
            try {
              await session.call('POST', `/v1/${v.name}:release`, {});
              await loadVersions(h('p', { class: 'ws-ok', role: 'status' }, w('stReleasedNow', v.version)));
              diffForm(vs.map((x) => x.version));
            } catch (e) { status.textContent = session.errorMessage(e); }
          } }, w('stRelease', v.version)) : null, status));
      }))));
    return vs;
  };

  const diffForm = (versions: number[]) => {
    if (versions.length < 2) { replace(diffBox); return; }
    const sel = (idAttr: string, current: number) => h('select', { id: idAttr }, versions.map((v) => h('option', { value: String(v), selected: v === current }, String(v))));
    const from = sel('st-from', versions[versions.length - 2]), to = sel('st-to', versions[versions.length - 1]);
    const out = h('div', { 'aria-live': 'polite' });
    replace(diffBox, h('h2', { id: 'st-diff-title' }, w('stDiff')),
      h('form', { class: 'ws-inline', onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          const d = await session.call<Diff>('GET', `/v1/${chosen.name}:diff?fromVersion=${from.value}&toVersion=${to.value}`);
          replace(out, h('p', { class: 'st-diff-summary' }, w('stDiffSummary', num(Number(d.added ?? 0)), num(Number(d.removed ?? 0)), num(Number(d.changed ?? 0)))),
            (d.changes ?? []).length ? h('table', { class: 'ws-table st-changes' },
              h('thead', {}, h('tr', {}, [w('stKey'), w('stBefore'), w('stAfter'), w('stChange')].map((c) => h('th', { scope: 'col' }, c)))),
              h('tbody', {}, (d.changes ?? []).slice(0, 200).map((c) => h('tr', {},
                h('td', { dir: 'ltr' }, c.key.join('.')), h('td', {}, c.fromValue === undefined ? '—' : num(Number(c.fromValue))),
                h('td', {}, c.toValue === undefined ? '—' : num(Number(c.toValue))), h('td', {}, w(`st${c.kind}` as WKey)))))) : null);
        } catch (err) { replace(out, h('p', { class: 'ws-error', role: 'alert' }, session.errorMessage(err))); }
      } },
      h('label', { for: 'st-from' }, w('stFrom')), from, h('label', { for: 'st-to' }, w('stTo')), to,
      h('button', { type: 'submit' }, w('stCompare'))), out);
  };

  const file = h('input', { id: 'st-file', type: 'file', accept: '.csv,text/csv', required: true }) as HTMLInputElement;
  const format = h('select', { id: 'st-format' }, h('option', { value: 'LONG_CSV' }, w('stLongCsv')), h('option', { value: 'SDMX_CSV' }, w('stSdmxCsv')));
  const validate = h('input', { id: 'st-validate', type: 'checkbox' }) as HTMLInputElement;
  const result = h('div', { class: 'st-import-result', 'aria-live': 'polite' });
  replace(importBox, h('h2', { id: 'st-import-title' }, w('stImport')), h('p', {}, w('stImportLead')),
    h('form', { class: 'ws-form st-import', onsubmit: async (e: Event) => {
      e.preventDefault();
      const f = file.files?.[0];
      if (!f) return;
      if (f.size > MAX_FILE) { replace(result, h('p', { class: 'ws-error', role: 'alert' }, w('stTooBig', num(f.size), num(MAX_FILE)))); return; }
      const data = base64(new Uint8Array(await f.arrayBuffer()));
      try {
        const r = await session.call<Report>('POST', `/v1/${chosen.name}/versions:import`, { data, format: format.value, validateOnly: validate.checked });
        const text = validate.checked ? w('stValid', num(Number(r.observations ?? 0)))
          : r.created ? w('stImported', r.version, num(Number(r.observations ?? 0))) : w('stSame', r.version);
        replace(result, h('p', { class: 'ws-ok', role: 'status' }, text));
        if (!validate.checked) diffForm((await loadVersions()).map((v) => v.version));
      } catch (err) {
        const rows = [...session.fieldErrors(err)];
        replace(result, rows.length ? [h('p', { class: 'ws-error', role: 'alert' }, w('stReport')),
          h('table', { class: 'ws-table st-report' },
            h('thead', {}, h('tr', {}, [w('stWhere'), w('stWhat')].map((c) => h('th', { scope: 'col' }, c)))),
            h('tbody', {}, rows.map(([field, what]) => h('tr', {}, h('td', { dir: 'ltr' }, field), h('td', {}, what)))))]
          : h('p', { class: 'ws-error', role: 'alert' }, session.errorMessage(err)));
      }
    } },
    h('label', { for: 'st-file' }, w('stFile')), file,
    h('label', { for: 'st-format' }, w('stFormat')), format,
    h('label', { class: 'ws-check' }, validate, ' ', w('stValidateOnly')),
    h('button', { type: 'submit', class: 'primary' }, w('stSend'))), result);

  shell(w('statistics'),
    h('p', {}, h('a', { href: `/statistics?dataset=${encodeURIComponent(id)}` }, w('stPublicPage'))),
    h('div', { class: 'ws-inline' }, h('label', { for: 'st-dataset' }, w('stDataset')), pick),
    versionsBox, importBox, diffBox);
  diffForm((await loadVersions()).map((v) => v.version));
}
