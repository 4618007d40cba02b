// Tile addresses of the map's two sources, and their first tiles fetched
// before MapLibre asks for them: the page knows the initial view (URL or
// default), so it asks for the tiles that view covers instead of waiting for
// MapLibre, its worker and the style to be up. MapLibre then reads tiles
// through the `atlas:` protocol (map.ts), which takes a prefetched answer once
// and otherwise fetches like MapLibre would. When (main.ts): the project tiles
// (a few hundred bytes each) with the page; the boundaries (~30 KB for the
// first view) once MapLibre's chunk has arrived, because on a slow link every
// byte downloaded beside the chunk delays it, and the library needs longer to
// start (evaluation, worker) than those tiles' round trip.
import { mapQuery } from './api';
import { lang } from './i18n';
import type { State } from './state';

export const DEFAULT_VIEW = { lng: -6.5, lat: 31.8, zoom: 4.3 };
// The diaspora's world (mode=world) when the URL names no view.
export const WORLD_VIEW = { lng: 5, lat: 35, zoom: 1.6 };
export const startView = (s: State) => s.view ?? (s.mode === 'world' ? WORLD_VIEW : DEFAULT_VIEW);
const TILE_SIZE = 512;  // MapLibre's default for vector sources

export const boundaryTiles = () => 'atlas://boundaries/{z}/{x}/{y}.mvt';
export function projectTiles(s: State): string {
  const p = mapQuery(s);
  p.set('language', lang());
  return `atlas://projects/{z}/{x}/{y}.mvt?${p}`;
}

/** The gateway address of an `atlas:` tile URL. */
export const httpUrl = (url: string) => `${window.location.origin}/v1/tiles/${url.slice('atlas://'.length)}`;

const prefetched = new Map<string, Promise<ArrayBuffer | null>>();

/** A prefetched tile, given once (later loads revalidate through the network). */
export function takePrefetched(url: string): Promise<ArrayBuffer | null> | undefined {
  const p = prefetched.get(url);
  prefetched.delete(url);
  return p;
}

/** Tiles (z, x, y) covering a width × height viewport centred on the view,
 *  as MapLibre chooses them for a flat map: zoom floored, 512 px tiles. */
export function coveringTiles(view: { lng: number; lat: number; zoom: number }, width: number, height: number,
                              maxzoom: number): [number, number, number][] {
  const z = Math.max(0, Math.min(maxzoom, Math.floor(view.zoom)));
  const n = 2 ** z;
  const scale = TILE_SIZE * 2 ** (view.zoom - z);  // pixels per tile at this view
  const sin = Math.sin((Math.max(-85.05, Math.min(85.05, view.lat)) * Math.PI) / 180);
  const cx = ((view.lng + 180) / 360) * n;
  const cy = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * n;
  const out: [number, number, number][] = [];
  const y0 = Math.max(0, Math.floor(cy - height / 2 / scale));
  const y1 = Math.min(n - 1, Math.floor(cy + height / 2 / scale));
  for (let x = Math.floor(cx - width / 2 / scale); x <= Math.floor(cx + width / 2 / scale); x++) {
    for (let y = y0; y <= y1; y++) out.push([z, ((x % n) + n) % n, y]);
  }
  return out;
}

export function prefetchTiles(s: State, container: HTMLElement, layer: 'boundaries' | 'projects'): void {
  const { clientWidth: w, clientHeight: h } = container;
  if (!w || !h) return;
  const [template, maxzoom] = layer === 'boundaries' ? [boundaryTiles(), 12] : [projectTiles(s), 18];
  for (const [z, x, y] of coveringTiles(startView(s), w, h, maxzoom)) {
    const url = template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
    prefetched.set(url, fetch(httpUrl(url)).then((r) => (r.ok ? r.arrayBuffer() : null)).catch(() => null));
  }
  // Unused ones (a view the page did not keep) are let go.
  window.setTimeout(() => prefetched.clear(), 30_000);
}
