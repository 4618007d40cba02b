// Region and place pickers on a map (the project form): a click toggles the
// region under it, or puts the project's point there. Our own boundary tiles,
// no labels (no glyphs needed); MapLibre is loaded only when the form is.
import type { GeoJSONSource, Map as MlMap } from 'maplibre-gl';
import { h } from '../dom';
import { w } from './texts';

export interface Picker {
  element: HTMLElement;
  update(regions: string[], point: { latitude?: number; longitude?: number } | null | undefined): void;
}

export function picker(onRegion: (code: string) => void, onPoint: (lat: number, lng: number) => void,
                       readOnly: () => boolean): Picker {
  let mode: 'regions' | 'point' = 'regions';
  let map: MlMap | null = null;
  let state: { regions: string[]; point: { latitude?: number; longitude?: number } | null | undefined } = { regions: [], point: null };
  const container = h('div', { class: 'ws-picker-map', role: 'application', 'aria-label': w('pickerLabel') });
  const modes = h('div', { class: 'ws-row', role: 'radiogroup', 'aria-label': w('pickerLabel') },
    (['regions', 'point'] as const).map((m) => h('label', {}, h('input', { type: 'radio', name: 'picker-mode', value: m,
      checked: m === mode, onchange: () => { mode = m; } }), w(m === 'regions' ? 'pickRegions' : 'pickPoint'))));
  const paint = () => {
    if (!map || !map.isStyleLoaded()) return;
    const selected = state.regions.length ? state.regions : ['—'];
    map.setPaintProperty('regions-fill', 'fill-color', ['match', ['get', 'code'], selected, '#0b6e4f', 'rgba(0,0,0,0)'] as never);
    const p = state.point;
    (map.getSource('point') as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection',
      features: p?.latitude !== undefined && p?.longitude !== undefined
        ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [p.longitude, p.latitude] } }] : [] });
  };
  void Promise.all([import('maplibre-gl'), import('maplibre-gl/dist/maplibre-gl.css')]).then(([{ default: maplibregl }]) => {
    const origin = window.location.origin;
    map = new maplibregl.Map({
      container, center: [-7, 31.5], zoom: 3.6, attributionControl: false, fadeDuration: 0,
      style: { version: 8, sources: {
        boundaries: { type: 'vector', tiles: [`${origin}/v1/tiles/boundaries/{z}/{x}/{y}.mvt`], maxzoom: 12 },
        point: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } },
      layers: [
        { id: 'sea', type: 'background', paint: { 'background-color': '#d4e6f1' } },
        { id: 'countries', type: 'fill', source: 'boundaries', 'source-layer': 'countries',
          paint: { 'fill-color': ['case', ['==', ['get', 'code'], 'MAR'], '#fbfaf6', '#f4f1ea'] } },
        { id: 'regions-fill', type: 'fill', source: 'boundaries', 'source-layer': 'regions',
          paint: { 'fill-color': 'rgba(0,0,0,0)', 'fill-opacity': 0.45 } },
        { id: 'region-lines', type: 'line', source: 'boundaries', 'source-layer': 'regions',
          paint: { 'line-color': '#8c8270', 'line-width': 1 } },
        { id: 'point', type: 'circle', source: 'point',
          paint: { 'circle-radius': 7, 'circle-color': '#b3261e', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } },
      ] },
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.on('load', paint);
    map.on('click', (e) => {
      if (readOnly() || !map) return;
      if (mode === 'point') {
        onPoint(Number(e.lngLat.lat.toFixed(5)), Number(e.lngLat.lng.toFixed(5)));
        return;
      }
      const code = map.queryRenderedFeatures(e.point, { layers: ['regions-fill'] })[0]?.properties?.code;
      if (typeof code === 'string') onRegion(code);
    });
    (window as unknown as { atlasPicker: unknown }).atlasPicker = map;  // for the browser tests
  });
  return {
    element: h('div', { class: 'ws-picker' }, modes, container),
    update(regions, point) {
      state = { regions, point };
      paint();
      map?.resize();
    },
  };
}
