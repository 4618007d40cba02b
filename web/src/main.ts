// The public atlas: wiring of state (URL), API, map and panels.
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans-arabic/400.css';
// Tifinagh only (its Latin subsets would replace Noto Sans): downloaded when a
// Tifinagh letter is drawn (unicode-range).
import '@fontsource/noto-sans-tifinagh/tifinagh-400.css';
import './styles.css';
import * as api from './api';
import { adoptThemeColours } from './colours';
import { $, h, replace } from './dom';
import { type Lang, lang, setLang, t } from './i18n';
import type { AtlasMap } from './map';
import * as panels from './panels';
import { parse, type State, toUrl } from './state';
import { DEFAULT_VIEW, prefetchTiles, WORLD_VIEW } from './tiles';

let state: State = parse();
let atlas: AtlasMap | null = null;
let mapLoading = false;
let listAbort: AbortController | null = null;
const ctx: panels.Ctx = {
  state: () => state, go, vocab: {}, organisations: [], focus: (lng, lat) => atlas?.focus(lng, lat),
};

function go(patch: Partial<State>, push = true): void {
  const before = state;
  state = { ...state, ...patch };
  const url = toUrl(state);
  if (url !== window.location.pathname + window.location.search) {
    if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
  }
  render(before);
}

function staticTexts(): void {
  document.title = `${t('title')} — ${t('tagline')}`;
  document.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => {
    el.textContent = t(el.dataset.i18n as Parameters<typeof t>[0]);
  });
  document.querySelectorAll<HTMLElement>('[data-i18n-label]').forEach((el) => {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel as Parameters<typeof t>[0]));
  });
  const stats = document.querySelector<HTMLAnchorElement>('#stats-link');
  if (stats) stats.href = lang() === 'fr' ? '/statistics' : `/statistics?lang=${lang()}`;
  const programmes = document.querySelector<HTMLAnchorElement>('#programmes-link');
  if (programmes) programmes.href = lang() === 'fr' ? '/programmes' : `/programmes?lang=${lang()}`;
  const help = document.querySelector<HTMLAnchorElement>('#help-link');
  if (help) help.href = lang() === 'fr' ? '/help' : `/help?lang=${lang()}`;
  const library = document.querySelector<HTMLAnchorElement>('#library-link');
  if (library) library.href = lang() === 'fr' ? '/library' : `/library?lang=${lang()}`;
  const maisons = document.querySelector<HTMLAnchorElement>('#maisons-link');
  if (maisons) maisons.href = lang() === 'fr' ? '/maisons' : `/maisons?lang=${lang()}`;
  const q = $<HTMLInputElement>('#q');
  q.placeholder = t('search');
  $('#langs').querySelectorAll<HTMLButtonElement>('button[lang]').forEach((b) => {
    b.setAttribute('aria-pressed', String(b.lang === lang()));
    b.onclick = () => go({ lang: b.lang as Lang });
  });
  replace($('#modes'), (['projects', 'regions', 'world'] as const).map((m) => h('label', {},
    h('input', { type: 'radio', name: 'mode', value: m, checked: state.mode === m, onchange: () => go({ mode: m }) }),
    t(m === 'projects' ? 'modeProjects' : m === 'regions' ? 'modeChoropleth' : 'modeWorld'))));
  const metric = $<HTMLSelectElement>('#metric');
  replace(metric, (['count', 'budget', 'budget_per_capita'] as const).map((m) => h('option', {
    value: m, selected: state.metric === m }, t(m === 'count' ? 'metricCount' : m === 'budget' ? 'metricBudget' : 'metricPerCapita'))));
  $('#metric-field').hidden = state.mode === 'projects';
  replace($<HTMLSelectElement>('#names'), (['page', 'signage'] as const).map((n) => h('option', {
    value: n, selected: state.names === n }, t(n === 'page' ? 'namesPage' : 'namesSignage'))));
}

// The first page is asked for at start-up, with the vocabularies (boot).
let firstList: Promise<api.ProjectPage> | null = null;

async function refreshList(): Promise<void> {
  listAbort?.abort();
  listAbort = new AbortController();
  try {
    const early = firstList;
    firstList = null;
    const r = await (early ?? api.listProjects(state, listAbort.signal));
    panels.renderFilters($('#filters'), ctx, r.facets);
    const shown = state;
    panels.renderList($('#list'), ctx, r, (token) => api.listProjects(shown, undefined, token));
    // The demo portfolio says so (once seen, the label stays for the visit).
    if ((r.projects ?? []).some((p) => p.demo)) $('#demo').hidden = false;
    const titles = $('#suggestions');
    replace(titles, (r.projects ?? []).slice(0, 10).map((p) => h('option', { value: (p.title?.[lang()] || p.title?.fr || '') })));
    if (state.page.kind === 'region') panels.renderRegion($('#sheet'), ctx, state.page.code, r);
  } catch (e) {
    if ((e as Error).name !== 'AbortError') replace($('#list'), h('p', { role: 'alert' }, t('error')));
  }
}

async function refreshAreas(): Promise<void> {
  if (!atlas) return;
  if (state.mode === 'projects') {
    atlas.showAreas(null);
    panels.renderLegend($('#legend'), state, null);
    return;
  }
  const data = await api.areas(state, state.mode === 'world' ? 'country' : 'region').catch(() => null);
  atlas.showAreas(data);
  panels.renderLegend($('#legend'), state, data);
}

// Calls `then` once MapLibre's chunk (preloaded from index.html) has been
// downloaded: its resource timing entry comes as soon as the last byte is in,
// the link's load event only after the module is compiled (~150 ms later here).
function afterMapLibreFetched(then: () => void): void {
  const link = document.querySelector<HTMLLinkElement>('link[rel=modulepreload][href*="/maplibre-"]');
  if (!link || performance.getEntriesByName(link.href).length) return then();
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    observer.disconnect();
    then();
  };
  const observer = new PerformanceObserver((l) => {
    if (l.getEntries().some((e) => e.name === link.href)) once();
  });
  observer.observe({ type: 'resource' });
  link.addEventListener('load', once, { once: true });
  link.addEventListener('error', once, { once: true });
}

// MapLibre is most of the page's weight: loaded in parallel with the list,
// the filters and the API calls instead of before them.
function ensureMap(): void {
  if (atlas || mapLoading || state.page.kind === 'embed') return;
  mapLoading = true;
  prefetchTiles(state, $('#map'), 'projects');
  afterMapLibreFetched(() => {
    if (!atlas) prefetchTiles(state, $('#map'), 'boundaries');  // else the map asks for them itself
  });
  void import('./map').then(({ createMap }) => {
    const created = createMap($('#map'), state, (id) => go({ page: { kind: 'project', id } }),
      (view) => go({ view }, false));
    atlas = created;
    created.map.on('load', () => {
      created.update(state);
      created.showMaisons(state.maisons, ctx.vocab);
      void refreshAreas();
      live();
    });
    // For the browser tests and for debugging from the console.
    (window as unknown as { atlasMap: unknown }).atlasMap = created.map;
  });
}

function render(before?: State): void {
  const langChanged = !before || before.lang !== state.lang;
  setLang(state.lang);
  if (langChanged || before?.mode !== state.mode || before?.metric !== state.metric || before?.names !== state.names) staticTexts();
  const embed = state.page.kind === 'embed';
  document.body.classList.toggle('embed', embed);
  const sheet = $('#sheet');
  if (state.page.kind === 'project' || state.page.kind === 'embed') {
    const id = state.page.id;
    if (langChanged || before?.page.kind !== state.page.kind || (before.page as { id?: string }).id !== id) {
      void panels.renderSheet(sheet, ctx, id, embed);
    }
  } else if (state.page.kind === 'atlas') {
    sheet.hidden = true;
    replace(sheet);
  }
  if (embed) return;
  $<HTMLInputElement>('#maisons-layer').checked = state.maisons;
  if (atlas) {
    atlas.update(state);
    atlas.showMaisons(state.maisons, ctx.vocab);
  } else {
    ensureMap();
  }
  const filtersChanged = !before || ['q', 'themes', 'region', 'status', 'country', 'org', 'target', 'yearFrom',
    'yearTo', 'lang']
    .some((k) => JSON.stringify(before[k as keyof State]) !== JSON.stringify(state[k as keyof State]));
  if (filtersChanged || before?.page.kind !== state.page.kind) void refreshList();
  if (filtersChanged || before?.mode !== state.mode || before?.metric !== state.metric) void refreshAreas();
  if (before?.mode !== state.mode && state.mode === 'world') atlas?.map.flyTo({ center: [WORLD_VIEW.lng, WORLD_VIEW.lat], zoom: WORLD_VIEW.zoom });
  if (before && before.mode === 'world' && state.mode !== 'world') atlas?.map.flyTo({ center: [DEFAULT_VIEW.lng, DEFAULT_VIEW.lat], zoom: DEFAULT_VIEW.zoom });
}

// Live: the gateway's server-sent events (the registry's public changes)
// reload the projects, the list and the areas without a page reload; the
// browser reconnects by itself with Last-Event-ID, and a `reset` (missed too
// much) reloads the same way. When the gateway refuses the stream (503: too
// many open from here, or a restart), the browser gives up for good; the page
// then tries again after 1, 2, 4… s (at most a minute, with jitter so pages
// do not all come back at once) and reloads once it is back, since it may
// have missed changes meanwhile.
let liveStarted = false;
function live(): void {
  if (liveStarted || !('EventSource' in window)) return;
  liveStarted = true;
  // Two kinds of frames: `project` when the registry published, archived or
  // flagged a project (the list is the registry's own: read it again), and
  // `map` when the geo service serves the change on the map (its tiles and
  // areas: look at them again; unchanged ones come back as 304). No timer
  // guesses when the map is ready.
  const refreshMap = () => {
    atlas?.refreshProjects();
    void refreshAreas();
  };
  let pending = 0;
  const refreshListSoon = () => {
    window.clearTimeout(pending);
    pending = window.setTimeout(() => {
      void refreshList();
      const note = $('#live');
      note.textContent = t('live');
      window.setTimeout(() => (note.textContent = ''), 5000);
    }, 250);
  };
  const refresh = () => {
    refreshMap();
    refreshListSoon();
  };
  let backoff = 1000;
  const connect = (reconnecting: boolean) => {
    const events = new EventSource('/v1/events');
    // For the browser tests and for debugging from the console (readyState).
    const w = window as unknown as { atlasEvents: EventSource; atlasEventsRetries: number };
    w.atlasEvents = events;
    events.addEventListener('open', () => {
      backoff = 1000;
      if (reconnecting) refresh();
      reconnecting = false;
    });
    events.addEventListener('project', refreshListSoon);
    events.addEventListener('map', refreshMap);
    events.addEventListener('reset', refresh);
    events.addEventListener('error', () => {
      if (events.readyState !== EventSource.CLOSED) return;  // the browser retries itself
      events.close();
      w.atlasEventsRetries = (w.atlasEventsRetries ?? 0) + 1;
      const delay = backoff * (0.5 + Math.random() / 2);
      backoff = Math.min(backoff * 2, 60000);
      window.setTimeout(() => connect(true), delay);
    });
  };
  connect(false);
}

async function boot(): Promise<void> {
  setLang(state.lang);
  staticTexts();
  let timer = 0;
  $<HTMLInputElement>('#q').value = state.q;
  $('#search').addEventListener('submit', (e) => e.preventDefault());
  $<HTMLInputElement>('#q').addEventListener('input', (e) => {
    window.clearTimeout(timer);
    const v = (e.target as HTMLInputElement).value;
    timer = window.setTimeout(() => go({ q: v.trim() }, false), 300);
  });
  $<HTMLSelectElement>('#metric').addEventListener('change', (e) => go({ metric: (e.target as HTMLSelectElement).value as State['metric'] }));
  $<HTMLSelectElement>('#names').addEventListener('change', (e) => go({ names: (e.target as HTMLSelectElement).value as State['names'] }));
  $<HTMLInputElement>('#maisons-layer').addEventListener('change', (e) => go({ maisons: (e.target as HTMLInputElement).checked }));
  window.addEventListener('popstate', () => { const before = state; state = parse(); render(before); });
  ensureMap();
  if (state.page.kind !== 'embed') firstList = api.listProjects(state);
  [ctx.vocab, ctx.organisations] = await Promise.all([
    api.vocabularies().catch(() => ({})),  // names fall back to codes
    api.organisations().catch(() => []),
  ]);
  adoptThemeColours(ctx.vocab.themes);
  render();
  // The event stream holds a connection open: opened once the map has its
  // tiles (a browser has six per host on HTTP/1.1), or after 5 s without a map.
  window.setTimeout(live, 5000);
}

// The workspace (behind sign-in) is its own chunk: the public atlas's first
// load does not carry it.
if (window.location.pathname.startsWith('/workspace')) {
  void import('./workspace/app').then((m) => m.start());
} else if (window.location.pathname.startsWith('/programmes')) {
  // The programme pages (performance framework): their own chunk.
  void import('./indicators/page').then((m) => m.start());
} else if (window.location.pathname === '/unsubscribe') {
  // The confirmation page notification e-mails link to.
  void import('./unsubscribe').then((m) => m.start());
} else if (window.location.pathname === '/help' || window.location.pathname.startsWith('/help/')) {
  // The user guides and the glossary: their own chunk.
  void import('./help/page').then((m) => m.start());
} else if (window.location.pathname === '/library') {
  // The studies and reports library: its own chunk.
  void import('./library-page').then((m) => m.start());
} else if (window.location.pathname === '/maisons') {
  // The directory of the Maisons des Marocains du Monde: its own chunk.
  void import('./maisons-page').then((m) => m.start());
} else if (window.location.pathname.startsWith('/statistics')) {
  // The statistics pages: their own chunk too.
  void import('./stats/page').then((m) => m.start());
} else {
  void boot();
}
