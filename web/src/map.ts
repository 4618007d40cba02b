// The map: our own vector tiles for the basemap (countries, regions,
// provinces, labels) and the projects (clusters, then points coloured by
// theme), a choropleth mode by region or by country of the diaspora, no
// third-party tile, glyph or font server (labels are drawn with the page's
// web fonts; Arabic is shaped by the RTL text plugin served with the app).
import maplibregl, { type GeoJSONSource, type Map as MlMap, type StyleSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// The package's exports hide its built file: imported by path, as a hashed asset.
import rtlPlugin from '../node_modules/@mapbox/mapbox-gl-rtl-text/dist/mapbox-gl-rtl-text.js?url';
import type { AreaCollection, AreaProperties, Vocabularies } from './api';
import { NO_DATA_COLOUR, areaPopup } from './figures';
import { lang, t } from './i18n';
import { fetchMaisons, maisonCard } from './maisons';
import { CLASS_COLOURS, THEME_COLOURS, coloursVersion } from './colours';
import type { State } from './state';
import { boundaryTiles, httpUrl, projectTiles, startView, takePrefetched } from './tiles';

const SEA = '#d4e6f1';
const LAND = '#f4f1ea';
const MOROCCO = '#fbfaf6';
const FONTS = ['Noto Sans', 'Noto Sans Arabic', 'Noto Sans Tifinagh', 'sans-serif'];

// Labels: names in the page's language (else French); with names=signage,
// regions as the official signage writes them — Arabic, Tifinagh, French.
function labelField(s: State): unknown[] {
  const name = ['coalesce', ['get', `name_${s.lang}`], ['get', 'name_fr']];
  if (s.names !== 'signage') return name;
  return ['case', ['all', ['==', ['get', 'level'], 'region'], ['has', 'name_tfng']],
    ['format', ['get', 'name_ar'], {}, '\n', {}, ['get', 'name_tfng'], {}, '\n', {}, ['get', 'name_fr'], {}],
    name];
}

let rtlRequested = false;

// A project point's colour: its first theme's.
function themeColour(): unknown[] {
  const out: unknown[] = ['match', ['get', 'theme']];
  for (const [k, v] of Object.entries(THEME_COLOURS)) out.push(k, v);
  out.push('#555555');
  return out;
}

// The choropleth (regions or countries), added below the boundary lines the
// first time areas are shown: a first load that never shows them has no
// empty source for the worker to set up.
// An area without data (no population to divide by, no budget reported) is
// grey and hatched, never the colour of zero.
const NO_DATA = ['to-boolean', ['get', 'noData']];
const AREAS_FILL: maplibregl.FillLayerSpecification = {
  id: 'areas-fill', type: 'fill', source: 'areas',
  paint: {
    'fill-color': ['case', NO_DATA, NO_DATA_COLOUR,
      ['step', ['get', 'class'], '#e9e6df', ...CLASS_COLOURS.flatMap((c, i) => [i, c])]] as never,
    'fill-opacity': 0.85,
  },
};
const AREAS_HATCH: maplibregl.FillLayerSpecification = {
  id: 'areas-no-data', type: 'fill', source: 'areas', filter: NO_DATA as never,
  paint: { 'fill-pattern': 'no-data-hatch' },
};

// The hatching: a diagonal line on a light grey 8×8 tile.
function hatch(): { width: number; height: number; data: Uint8Array } {
  const n = 8;
  const data = new Uint8Array(n * n * 4);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const line = (x + y) % n < 2;
      data.set(line ? [140, 140, 140, 255] : [228, 228, 228, 255], (y * n + x) * 4);
    }
  }
  return { width: n, height: n, data };
}

function style(s: State): StyleSpecification {
  return {
    version: 8,
    sources: {
      boundaries: { type: 'vector', tiles: [boundaryTiles()], maxzoom: 12 },
      projects: { type: 'vector', tiles: [projectTiles(s)], maxzoom: 18 },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': SEA } },
      { id: 'countries', type: 'fill', source: 'boundaries', 'source-layer': 'countries',
        // No antialiased outline (a second pass and program): country-lines draws the edges.
        paint: { 'fill-color': ['case', ['==', ['get', 'code'], 'MAR'], MOROCCO, LAND], 'fill-antialias': false } },
      { id: 'country-lines', type: 'line', source: 'boundaries', 'source-layer': 'countries',
        paint: { 'line-color': '#b9b2a3', 'line-width': 0.6 } },
      { id: 'province-lines', type: 'line', source: 'boundaries', 'source-layer': 'provinces', minzoom: 5,
        paint: { 'line-color': '#c9c2b4', 'line-width': 0.5, 'line-dasharray': [2, 2] } },
      { id: 'region-lines', type: 'line', source: 'boundaries', 'source-layer': 'regions',
        paint: { 'line-color': '#8c8270', 'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.6, 8, 1.6] } },
      { id: 'labels', type: 'symbol', source: 'boundaries', 'source-layer': 'labels',
        filter: ['match', ['get', 'level'], ['region', 'country'], true, false],
        // Signage names come with the map's first update, once their font is in.
        layout: { 'text-field': labelField({ ...s, names: 'page' }) as never, 'text-font': FONTS, 'text-size': 12,
                  'text-max-width': 8 },
        paint: { 'text-color': '#5b5348', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 } },
      { id: 'clusters', type: 'circle', source: 'projects', 'source-layer': 'clusters',
        paint: {
          'circle-color': '#0b6e4f', 'circle-opacity': 0.85, 'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
          'circle-radius': ['interpolate', ['linear'], ['get', 'count'], 2, 13, 20, 20, 100, 28],
        } },
      { id: 'cluster-count', type: 'symbol', source: 'projects', 'source-layer': 'clusters',
        layout: { 'text-field': ['to-string', ['get', 'count']], 'text-font': FONTS, 'text-size': 13,
                  'text-allow-overlap': true },
        paint: { 'text-color': '#ffffff' } },
      { id: 'points', type: 'circle', source: 'projects', 'source-layer': 'projects',
        paint: {
          'circle-color': themeColour() as never, 'circle-radius': 7, 'circle-stroke-color': '#ffffff',
          'circle-stroke-width': ['case', ['get', 'approximate'], 1, 2],
          'circle-opacity': ['case', ['get', 'approximate'], 0.7, 1],
        } },
    ],
  };
}

// Tiles come through the `atlas:` protocol: a tile prefetched with the page
// (tiles.ts) is used once; otherwise, and afterwards, a plain fetch (which
// revalidates with the tile's ETag).
let protocolAdded = false;
function addTileProtocol(): void {
  if (protocolAdded) return;
  protocolAdded = true;
  maplibregl.addProtocol('atlas', async (params, abort) => {
    const early = await takePrefetched(params.url);
    if (early) return { data: early };
    const r = await fetch(httpUrl(params.url), { signal: abort.signal });
    if (!r.ok) throw new Error(`${r.status} ${params.url}`);
    return { data: await r.arrayBuffer() };
  });
}

// The first view is drawn once its tiles are all in (or have failed), not
// tile by tile: until then the map shows the sea's colour. Where WebGL is
// rendered in software (no GPU, or a blocklisted one) each frame costs tens of
// milliseconds, and the frames MapLibre draws while tiles arrive one by one
// delayed the whole view by ~0.5 s on Fast 3G (docs/atlas-web.md). MapLibre
// has no option for it: its painter is wrapped until then. The painter's first
// frame (the sea, before any tile) is drawn as usual — it also gives the
// painter the style that arriving tiles are read with. With another MapLibre
// (no painter to wrap) the map is drawn as usual.
const FIRST_VIEW_WAIT_MS = 10_000;
function drawFirstViewWhole(map: MlMap): void {
  const painter = map.painter as MlMap['painter'] | undefined;
  if (typeof painter?.render !== 'function') return;
  const draw = painter.render;
  const since = performance.now();
  let frames = 0;
  const gate: typeof draw = function (style, options) {
    const complete = style.loaded() && map.areTilesLoaded();
    if (frames++ > 0 && !complete && performance.now() - since < FIRST_VIEW_WAIT_MS) return;
    if (complete) painter.render = draw;
    draw.call(painter, style, options);
  };
  painter.render = gate;
  // A tile that never answers does not keep the map blank.
  window.setTimeout(() => {
    if (painter.render !== gate) return;
    painter.render = draw;
    map.triggerRepaint();
  }, FIRST_VIEW_WAIT_MS);
}

export interface AtlasMap {
  map: MlMap;
  update(s: State): void;
  showAreas(data: AreaCollection | null): void;
  refreshProjects(): void;
  focus(lng: number, lat: number): void;
  // The Maisons des Marocains du Monde layer, on or off (fetched once).
  showMaisons(on: boolean, vocab: Vocabularies): void;
}

export function createMap(container: HTMLElement, s: State, onProject: (id: string) => void,
                          onMove: (view: { zoom: number; lat: number; lng: number }) => void): AtlasMap {
  if (!rtlRequested) {
    rtlRequested = true;
    // Loaded the first time Arabic text is drawn.
    maplibregl.setRTLTextPlugin(rtlPlugin, true).catch(() => undefined);
  }
  addTileProtocol();
  const map = new maplibregl.Map({
    container,
    style: style(s),
    center: [startView(s).lng, startView(s).lat],
    zoom: startView(s).zoom,
    maxZoom: 18,
    attributionControl: false,
    locale: { 'NavigationControl.ZoomIn': t('zoomIn'), 'NavigationControl.ZoomOut': t('zoomOut') },
    cooperativeGestures: false,
    // Labels appear without a fade: fewer frames to draw on slow devices.
    fadeDuration: 0,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  let attribution = new maplibregl.AttributionControl({ compact: false, customAttribution: t('attribution') });
  map.addControl(attribution);
  map.getCanvas().setAttribute('aria-label', t('mapLabel'));
  drawFirstViewWhole(map);
  map.on('click', 'clusters', (e) => {
    const f = e.features?.[0];
    if (!f) return;
    map.easeTo({ center: (f.geometry as { coordinates: [number, number] }).coordinates,
                 zoom: Number(f.properties.expansion_zoom) });
  });
  map.on('click', 'points', (e) => {
    const id = String(e.features?.[0]?.properties.project ?? '').replace(/^projects\//, '');
    if (id) onProject(id);
  });
  for (const layer of ['clusters', 'points']) {
    map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
  }
  map.on('moveend', () => {
    const c = map.getCenter();
    onMove({ zoom: map.getZoom(), lat: c.lat, lng: c.lng });
  });
  // Setting a layout property re-lays out its source's tiles, even to the
  // same value: only when it changes.
  const visibility = (id: string, value: 'visible' | 'none') => {
    if (map.getLayer(id) && (map.getLayoutProperty(id, 'visibility') ?? 'visible') !== value) {
      map.setLayoutProperty(id, 'visibility', value);
    }
  };
  let areasShown = false;
  let areas: AreaCollection | null = null;
  let popup: maplibregl.Popup | null = null;
  let maisonPopup: maplibregl.Popup | null = null;
  let maisonsLoading = false;
  let loaded = false;  // the map's first load (its style is in from then on)
  // on, not once: MapLibre runs "once" listeners after the "on" ones, and
  // main.ts's own load listener already draws through this flag.
  map.on('load', () => { loaded = true; });
  let tiles = projectTiles(s);
  let labelLang = lang();
  let labelNames: State['names'] = 'page';
  let latest = s;
  let colours = coloursVersion();
  return {
    map,
    update(next: State) {
      latest = next;
      const url = projectTiles(next);
      const source = map.getSource('projects') as maplibregl.VectorTileSource | undefined;
      if (source && url !== tiles) {
        tiles = url;
        source.setTiles([url]);
      }
      if (colours !== coloursVersion() && map.getLayer('points')) {
        colours = coloursVersion();
        map.setPaintProperty('points', 'circle-color', themeColour());
      }
      if (labelNames !== next.names && map.getLayer('labels')) {
        labelNames = next.names;
        // Glyphs are drawn once, with the fonts loaded then: Tifinagh's first.
        const names = next.names;
        void document.fonts.load('12px "Noto Sans Tifinagh"', '\u2D30').catch(() => undefined).then(() => {
          if (labelNames === names) map.setLayoutProperty('labels', 'text-field', labelField(latest));
        });
      }
      if (labelLang !== lang() && map.getLayer('labels')) {
        labelLang = lang();
        map.setLayoutProperty('labels', 'text-field', labelField(next));
        map.getCanvas().setAttribute('aria-label', t('mapLabel'));
        map.removeControl(attribution);
        attribution = new maplibregl.AttributionControl({ compact: false, customAttribution: t('attribution') });
        map.addControl(attribution);
      }
      const projects = next.mode === 'projects' ? 'visible' : 'none';
      for (const id of ['clusters', 'cluster-count', 'points']) visibility(id, projects);
      visibility('areas-fill', next.mode === 'projects' ? 'none' : 'visible');
      visibility('areas-no-data', next.mode === 'projects' ? 'none' : 'visible');
      if (next.mode === 'projects') popup?.remove();
    },
    refreshProjects() {
      // Project tiles are revalidated on every use (ETag): setting the same
      // URL again reloads them; unchanged ones come back as 304.
      (map.getSource('projects') as maplibregl.VectorTileSource | undefined)?.setTiles([tiles]);
    },
    focus(lng, lat) {
      map.flyTo({ center: [lng, lat], zoom: Math.max(map.getZoom(), 8), essential: true });
    },
    showMaisons(on, vocab) {
      if (!loaded) return;
      if (map.getLayer('maisons')) {
        visibility('maisons', on ? 'visible' : 'none');
        if (!on) maisonPopup?.remove();
        return;
      }
      if (!on || maisonsLoading) return;
      maisonsLoading = true;
      void fetchMaisons().then((list) => {
        const byName = new Map(list.map((m) => [m.name, m]));
        map.addSource('maisons', {
          type: 'geojson',
          data: {
            type: 'FeatureCollection',
            features: list.filter((m) => m.location).map((m) => ({
              type: 'Feature', properties: { name: m.name, demo: !!m.demo },
              geometry: { type: 'Point', coordinates: [m.location!.longitude ?? 0, m.location!.latitude ?? 0] },
            })),
          },
        });
        map.addLayer({
          id: 'maisons', type: 'circle', source: 'maisons',
          layout: { visibility: latest.maisons ? 'visible' : 'none' },
          paint: { 'circle-radius': 8, 'circle-color': '#6a1b9a', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
        });
        map.on('click', 'maisons', (e) => {
          const m = byName.get(String(e.features?.[0]?.properties.name ?? ''));
          if (!m) return;
          maisonPopup?.remove();
          maisonPopup = new maplibregl.Popup({ maxWidth: '320px' }).setLngLat(e.lngLat)
            .setDOMContent(maisonCard(m, vocab.maison_services, vocab.regions, true)).addTo(map);
        });
        map.on('mouseenter', 'maisons', () => (map.getCanvas().style.cursor = 'pointer'));
        map.on('mouseleave', 'maisons', () => (map.getCanvas().style.cursor = ''));
      }).catch(() => { maisonsLoading = false; });
    },
    showAreas(data) {
      // Before the map's load, nothing to do: its load refreshes the areas.
      if ((!data && !areasShown) || !loaded) return;
      areasShown = !!data;
      areas = data;
      popup?.remove();
      const geojson = (data ?? { type: 'FeatureCollection', features: [] }) as Parameters<GeoJSONSource['setData']>[0];
      const src = map.getSource('areas') as GeoJSONSource | undefined;
      if (src) {
        src.setData(geojson);
      } else {
        map.addSource('areas', { type: 'geojson', data: geojson });
        if (!map.hasImage('no-data-hatch')) map.addImage('no-data-hatch', hatch());
        map.addLayer(AREAS_FILL, 'province-lines');
        map.addLayer(AREAS_HATCH, 'province-lines');
        // An area's figure, what it is divided by, or why there is none.
        map.on('click', 'areas-fill', (e) => {
          const f = e.features?.[0];
          if (!f || !areas) return;
          const props = { ...f.properties, noData: f.properties.noData || null,
                          value: typeof f.properties.value === 'number' ? f.properties.value : null } as AreaProperties;
          popup?.remove();
          popup = new maplibregl.Popup({ maxWidth: '300px' }).setLngLat(e.lngLat)
            .setDOMContent(areaPopup(props, areas)).addTo(map);
        });
        map.on('mouseenter', 'areas-fill', () => (map.getCanvas().style.cursor = 'pointer'));
        map.on('mouseleave', 'areas-fill', () => (map.getCanvas().style.cursor = ''));
      }
    },
  };
}

