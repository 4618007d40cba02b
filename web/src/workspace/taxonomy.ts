// The theme taxonomy, edited by administrators (GET/POST /v1/themes, PATCH and
// DELETE /v1/themes/{code}): labels in three languages, the map's colour,
// order, retirement. Every change carries the etag it was based on; when
// someone else saved first (409), the row says who and what, keeps the
// administrator's values in the fields and lets them choose.
import * as api from '../api';
import { h, replace } from '../dom';
import { dateTime } from '../i18n';
import type { Ctx } from './common';
import * as session from './session';
import { w } from './texts';

export interface Theme {
  name: string; code: string; label: { fr?: string; ar?: string; en?: string };
  colour: string; position?: number; retired?: boolean; etag: string;
  projects?: number; updateTime?: string; updatedBy?: string;
}

const LANGS = ['fr', 'ar', 'en'] as const;

/** The section of the administration page; `ctx.vocab` follows every change. */
export async function taxonomySection(ctx: Ctx): Promise<HTMLElement> {
  const section = h('section', { 'aria-labelledby': 'taxonomy-title' });
  const refreshVocab = async () => { ctx.vocab = await api.vocabularies().catch(() => ctx.vocab); };
  let themes: Theme[] = [];
  const load = async () => {
    themes = (await session.call<{ themes?: Theme[] }>('GET', '/v1/themes')).themes ?? [];
  };
  const row = (t: Theme): HTMLElement => {
    const label = (l: typeof LANGS[number]) => h('input', {
      value: t.label[l] ?? '', maxlength: 120, required: true, 'aria-label': `${t.code} — ${l}`,
      dir: l === 'ar' ? 'rtl' : 'ltr', lang: l }) as HTMLInputElement;
    const labels = { fr: label('fr'), ar: label('ar'), en: label('en') };
    const colour = h('input', { type: 'color', value: t.colour, 'aria-label': `${t.code} — ${w('colColour')}` }) as HTMLInputElement;
    const position = h('input', { type: 'number', min: 0, max: 999, value: String(t.position ?? 0), class: 'ws-narrow',
      'aria-label': `${t.code} — ${w('colPosition')}` }) as HTMLInputElement;
    const retired = h('input', { type: 'checkbox', checked: !!t.retired, 'aria-label': `${t.code} — ${w('colRetired')}` }) as HTMLInputElement;
    const out = h('div', { class: 'ws-status', role: 'status', 'aria-live': 'polite' });
    // The fields the administrator changed against `base`, as an update mask.
    const changes = (base: Theme): [Partial<Theme>, string[]] => {
      const body: Partial<Theme> = { label: {} }, mask: string[] = [];
      for (const l of LANGS) {
        if (labels[l].value !== (base.label[l] ?? '')) { body.label![l] = labels[l].value; mask.push(`label.${l}`); }
      }
      if (colour.value !== base.colour) { body.colour = colour.value; mask.push('colour'); }
      if (Number(position.value) !== (base.position ?? 0)) { body.position = Number(position.value); mask.push('position'); }
      if (retired.checked !== !!base.retired) { body.retired = retired.checked; mask.push('retired'); }
      return [body, mask];
    };
    const save = async (base: Theme, etag: string) => {
      const [body, mask] = changes(base);
      if (!mask.length) { out.textContent = w('nothingChanged'); return; }
      try {
        const next = await session.call<Theme>('PATCH', `/v1/${t.name}?updateMask=${mask.join(',')}`, { ...body, etag });
        Object.assign(t, next);
        const fresh = row(t);  // its own inputs and handlers, on the saved version
        tr.replaceWith(fresh);
        await refreshVocab();
        replace(fresh.querySelector('.ws-status')!, w('done'));
      } catch (e) {
        if (!(e instanceof session.ApiError) || e.status !== 409) { out.textContent = session.errorMessage(e); return; }
        await conflict(base);
      }
    };
    // Someone saved first: fields only they changed take their value, fields
    // I changed keep mine; the row says who changed what, and saving again
    // (against their version) sends only my changes.
    const conflict = async (base: Theme) => {
      await load();
      const theirs = themes.find((x) => x.code === t.code);
      if (!theirs) { out.textContent = w('themeGone', t.code); return; }
      for (const l of LANGS) if (labels[l].value === (base.label[l] ?? '')) labels[l].value = theirs.label[l] ?? '';
      if (colour.value === base.colour) colour.value = theirs.colour;
      if (Number(position.value) === (base.position ?? 0)) position.value = String(theirs.position ?? 0);
      if (retired.checked === !!base.retired) retired.checked = !!theirs.retired;
      const what = [...LANGS.filter((l) => (theirs.label[l] ?? '') !== (base.label[l] ?? '')).map((l) => `${l} « ${theirs.label[l]} »`),
        ...(theirs.colour !== base.colour ? [`${w('colColour')} ${theirs.colour}`] : []),
        ...(!!theirs.retired !== !!base.retired ? [`${w('colRetired')} : ${theirs.retired ? '✔' : '✘'}`] : []),
        ...((theirs.position ?? 0) !== (base.position ?? 0) ? [`${w('colPosition')} ${theirs.position ?? 0}`] : [])].join(', ');
      replace(out, h('div', { class: 'ws-conflict', role: 'alert' },
        h('p', {}, w('themeConflict', theirs.updatedBy ?? '?', dateTime(theirs.updateTime), what || '—')),
        h('button', { type: 'button', class: 'primary', onclick: () => { void save(theirs, theirs.etag); } }, w('saveMine')), ' ',
        h('button', { type: 'button', onclick: () => { Object.assign(t, theirs); tr.replaceWith(row(t)); } }, w('takeTheirs'))));
    };
    const remove = async () => {
      if (!window.confirm(w('confirmDelete', t.label.fr ?? t.code))) return;
      try {
        await session.call('DELETE', `/v1/${t.name}?etag=${encodeURIComponent(t.etag)}`);
        tr.remove();
        await refreshVocab();
      } catch (e) { out.textContent = session.errorMessage(e); }
    };
    // Two rows per theme (a tbody): its fields, then a full-width line for
    // what happened (done, an error, a conflict).
    const tr: HTMLElement = h('tbody', { 'data-theme': t.code }, h('tr', {},
      h('th', { scope: 'row' }, h('span', { class: 'swatch', style: `background:${t.colour}`, 'aria-hidden': 'true' }), ' ', h('code', {}, t.code)),
      LANGS.map((l) => h('td', {}, labels[l])), h('td', {}, colour), h('td', {}, position), h('td', {}, retired),
      h('td', { class: 'ws-num' }, String(t.projects ?? 0)),
      h('td', {}, h('small', {}, t.updatedBy ?? '', h('br'), dateTime(t.updateTime))),
      h('td', {}, h('button', { type: 'button', class: 'link', 'data-action': 'save', onclick: () => { void save({ ...t, label: { ...t.label } }, t.etag); } }, w('save')),
        (t.projects ?? 0) === 0 ? [' ', h('button', { type: 'button', class: 'link', 'data-action': 'delete', onclick: () => { void remove(); } }, w('deleteTheme'))] : null)),
      h('tr', { class: 'ws-note' }, h('td', { colspan: 10 }, out)));
    return tr;
  };

  const render = () => {
    const code = h('input', { required: true, pattern: '[a-z][a-z0-9_]{1,39}', maxlength: 40, name: 'code' }) as HTMLInputElement;
    const labels = LANGS.map((l) => h('input', { required: true, maxlength: 120, name: `label-${l}`, dir: l === 'ar' ? 'rtl' : 'ltr', lang: l }) as HTMLInputElement);
    const colour = h('input', { type: 'color', value: '#7f7f7f', name: 'colour' }) as HTMLInputElement;
    const status = h('div', { class: 'ws-status', role: 'status', 'aria-live': 'polite' });
    const create = h('form', { class: 'ws-admin-form', 'data-form': 'new-theme' },
      h('label', {}, w('colCode'), code),
      LANGS.map((l, i) => h('label', {}, w(l === 'fr' ? 'nameFr' : l === 'ar' ? 'nameAr' : 'nameEn'), labels[i])),
      h('label', {}, w('colColour'), colour),
      h('button', { type: 'submit', class: 'primary' }, w('create')), status);
    create.addEventListener('submit', (e) => {
      e.preventDefault();
      void (async () => {
        try {
          await session.call('POST', '/v1/themes', {
            code: code.value, colour: colour.value,
            position: Math.max(0, ...themes.map((x) => x.position ?? 0)) + 1,
            label: { fr: labels[0].value, ar: labels[1].value, en: labels[2].value } });
          await load();
          await refreshVocab();
          render();
        } catch (err) { status.textContent = session.errorMessage(err); }
      })();
    });
    const head = h('thead', {}, h('tr', {}, [w('colCode'), 'Français', 'العربية', 'English', w('colColour'), w('colPosition'),
      w('colRetired'), w('colProjects'), w('colUpdated'), ''].map((c) => h('th', { scope: 'col' }, c))));
    replace(section, h('h2', { id: 'taxonomy-title' }, w('themes')), h('p', {}, w('taxonomyNote')),
      h('div', { class: 'ws-scroll' }, h('table', { class: 'ws-table ws-taxonomy' }, head, themes.map(row))),
      h('details', {}, h('summary', {}, w('newTheme')), create));
  };
  try {
    await load();
    render();
  } catch (e) {
    replace(section, h('h2', { id: 'taxonomy-title' }, w('themes')), h('p', { class: 'ws-error', role: 'alert' }, session.errorMessage(e)));
  }
  return section;
}
