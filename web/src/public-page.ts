// What the public pages beside the atlas (/statistics, /programmes) share:
// the header with the way back to the atlas and the language switch (the
// language lives in the URL, ?lang=ar), a localised URL for the page itself,
// and a GET in the page's language.
import { h } from './dom';
import { LANGS, lang } from './i18n';

/** The header: `atlas` links back to the map; switching language re-renders. */
export function pageHeader(atlas: string, rerender: () => void): HTMLElement {
  return h('header', { class: 'top' },
    h('div', { class: 'brand' }, h('p', { class: 'st-brand' }, h('a', { href: lang() === 'fr' ? '/' : `/?lang=${lang()}` }, atlas)),
      h('p', { class: 'st-brand' }, h('a', { href: lang() === 'fr' ? '/help' : `/help?lang=${lang()}`, class: 'help-link' },
        { fr: 'Aide', ar: 'المساعدة', en: 'Help' }[lang()]))),
    h('nav', { class: 'langs', 'aria-label': 'Langue — اللغة — Language' }, LANGS.map((l) => h('button', {
      type: 'button', lang: l, 'aria-pressed': String(l === lang()),
      onclick: () => {
        const p = new URLSearchParams(window.location.search);
        if (l === 'fr') p.delete('lang'); else p.set('lang', l);
        window.history.replaceState(null, '', `${window.location.pathname}${p.size ? `?${p}` : ''}`);
        rerender();
      },
    }, { fr: 'Français', ar: 'العربية', en: 'English' }[l]))));
}

/** `path?params` keeping the page's language. */
export function localHref(path: string, params: Record<string, string>): string {
  const p = new URLSearchParams(params);
  if (lang() !== 'fr') p.set('lang', lang());
  return `${path}?${p}`;
}

/** A public GET in the page's language; throws on an HTTP error. */
export async function getJson<T>(path: string): Promise<T> {
  const r = await fetch(path, { headers: { 'Accept-Language': lang() } });
  if (!r.ok) throw new Error(`${r.status}`);
  return r.json() as Promise<T>;
}
