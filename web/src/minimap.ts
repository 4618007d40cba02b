// The sheet's mini-map: the project's regions drawn as an SVG from the map
// service's region outlines (simplified), with the project's point. Light
// (no second WebGL map), shown on mobile and in print too.
import type { Project } from './api';
import { t } from './i18n';

type Ring = [number, number][];
interface RegionFeature { id: string; geometry: { type: string; coordinates: unknown } }
let regions: Promise<RegionFeature[]> | null = null;

function load(): Promise<RegionFeature[]> {
  regions ??= fetch('/v1/map/areas?level=region&zoom=4')
    .then((r) => (r.ok ? r.json() : { features: [] }))
    .then((fc: { features: RegionFeature[] }) => fc.features)
    .catch(() => []);
  return regions;
}

function rings(g: RegionFeature['geometry']): Ring[] {
  if (g.type === 'Polygon') return g.coordinates as Ring[];
  if (g.type === 'MultiPolygon') return (g.coordinates as Ring[][]).flat();
  return [];
}

export async function miniMap(p: Project): Promise<SVGSVGElement | null> {
  const codes = p.regionCodes ?? [];
  const point = p.location ?? p.places?.find((pl) => pl.point)?.point;
  if (!codes.length && !point) return null;
  const mine = (await load()).filter((f) => codes.includes(f.id));
  const all = mine.flatMap((f) => rings(f.geometry)).flat();
  if (point) all.push([point.longitude, point.latitude]);
  if (!all.length) return null;
  const lngs = all.map((c) => c[0]), lats = all.map((c) => c[1]);
  const [w, s, e, n] = [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
  const k = Math.cos(((s + n) / 2) * Math.PI / 180);  // equirectangular, true at mid-latitude
  const width = 240, pad = 8;
  const scale = (width - 2 * pad) / Math.max((e - w) * k, 0.05);
  const height = Math.max(80, Math.min(240, (n - s) * scale + 2 * pad));
  const x = (lng: number) => pad + (lng - w) * k * scale;
  const y = (lat: number) => pad + (n - lat) * scale;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'minimap');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('places'));
  for (const f of mine) {
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', rings(f.geometry).map((r) => 'M' + r.map(([a, b]) => `${x(a).toFixed(1)},${y(b).toFixed(1)}`).join('L') + 'Z').join(''));
    svg.appendChild(path);
  }
  if (point) {
    const dot = document.createElementNS(ns, 'circle');
    dot.setAttribute('cx', x(point.longitude).toFixed(1));
    dot.setAttribute('cy', y(point.latitude).toFixed(1));
    dot.setAttribute('r', '5');
    svg.appendChild(dot);
  }
  return svg;
}
