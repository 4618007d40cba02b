// A world choropleth of persons by country of residence, drawn as SVG on
// geo's country outlines (GET /v1/map/areas?level=country: Natural Earth,
// public domain) in the Equal Earth projection. Five quantile classes of the
// published (protected) values; countries without a figure are hatched and
// legended as "no data" — never painted as zero.

import './choropleth.css';

const SVG = 'http://www.w3.org/2000/svg';
export const CLASS_COLOURS = ['#d3ebd8', '#9fd3ab', '#5fb67a', '#23894f', '#0b5e3f'];
export const ZERO_COLOUR = '#f3f1e8';

type Ring = [number, number][];
interface Feature { id: string; geometry: { type: string; coordinates: Ring[] | Ring[][] }; properties: { name?: string } }

// Equal Earth (Šavrič, Patterson, Jenny 2018): x, y for longitude and latitude in degrees.
function equalEarth(lon: number, lat: number): [number, number] {
  const [A1, A2, A3, A4] = [1.340264, -0.081106, 0.000893, 0.003796];
  const lambda = (lon * Math.PI) / 180;
  const theta = Math.asin((Math.sqrt(3) / 2) * Math.sin((lat * Math.PI) / 180));
  const t2 = theta * theta, t6 = t2 * t2 * t2;
  const x = (2 * Math.sqrt(3) * lambda * Math.cos(theta)) / (3 * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)));
  const y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
  return [x, y];
}
// The projection's extent: x within ±2.7064, y within ±1.3173.
const [W, H] = [2 * 2.7064, 2 * 1.3173];

function pathOf(f: Feature): string {
  const polygons = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as Ring[][];
  let d = '';
  for (const rings of polygons) {
    for (const ring of rings) {
      ring.forEach(([lon, lat], i) => {
        const [x, y] = equalEarth(lon, lat);
        d += `${i ? 'L' : 'M'}${((x + W / 2) * 100).toFixed(1)},${((H / 2 - y) * 100).toFixed(1)}`;
      });
      d += 'Z';
    }
  }
  return d;
}

// Upper bounds of `classes` quantile classes of the positive values.
export function quantileBreaks(values: number[], classes = CLASS_COLOURS.length): number[] {
  const v = values.filter((x) => x > 0).sort((a, b) => a - b);
  if (!v.length) return [];
  return Array.from({ length: classes }, (_, i) => v[Math.min(v.length - 1, Math.ceil(((i + 1) * v.length) / classes) - 1)]);
}

export interface MapLabels {
  title: string; noData: string; zero: string; format: (n: number) => string; valueOf: (code: string) => string;
  fit?: boolean;  // frame the features drawn (a country's regions) rather than the whole world
}

// `values`: the published value by ISO 3166-1 alpha-3 code (absent: no figure).
export function choropleth(features: Feature[], values: Map<string, number>, labels: MapLabels): HTMLElement {
  const breaks = quantileBreaks([...values.values()]);
  const colour = (v: number | undefined): string => {
    if (v === undefined) return 'url(#st-nodata)';
    if (v <= 0) return ZERO_COLOUR;
    const k = breaks.findIndex((b) => v <= b);
    return CLASS_COLOURS[k < 0 ? CLASS_COLOURS.length - 1 : k];
  };
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${(W * 100).toFixed(0)} ${(H * 100).toFixed(0)}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', labels.title);
  svg.setAttribute('class', 'st-world');
  const defs = document.createElementNS(SVG, 'defs');
  const pattern = document.createElementNS(SVG, 'pattern');
  for (const [k, v] of Object.entries({ id: 'st-nodata', width: '4', height: '4', patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' })) pattern.setAttribute(k, v);
  const bg = document.createElementNS(SVG, 'rect');
  for (const [k, v] of Object.entries({ width: '4', height: '4', fill: '#e4e4e4' })) bg.setAttribute(k, v);
  const line = document.createElementNS(SVG, 'line');
  for (const [k, v] of Object.entries({ x1: '0', y1: '0', x2: '0', y2: '4', stroke: '#9a9a9a', 'stroke-width': '1.4' })) line.setAttribute(k, v);
  pattern.append(bg, line);
  defs.append(pattern);
  svg.append(defs);
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features) {
    const path = document.createElementNS(SVG, 'path');
    const v = values.get(f.id);
    const d = pathOf(f);
    if (labels.fit) {
      for (const m of d.matchAll(/[ML](-?[0-9.]+),(-?[0-9.]+)/g)) {
        const [x, y] = [Number(m[1]), Number(m[2])];
        [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      }
    }
    path.setAttribute('d', d);
    path.setAttribute('fill', colour(v));
    path.setAttribute('data-code', f.id);
    path.setAttribute('data-class', v === undefined ? 'none' : String(v <= 0 ? 0 : breaks.findIndex((b) => v <= b) + 1 || CLASS_COLOURS.length));
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${f.properties.name ?? f.id}: ${v === undefined ? labels.noData : labels.valueOf(f.id)}`;
    path.append(title);
    svg.append(path);
  }
  if (labels.fit && x1 > x0) {
    const pad = 0.03 * Math.max(x1 - x0, y1 - y0);
    svg.setAttribute('viewBox', `${(x0 - pad).toFixed(1)} ${(y0 - pad).toFixed(1)} ${(x1 - x0 + 2 * pad).toFixed(1)} ${(y1 - y0 + 2 * pad).toFixed(1)}`);
    // The hatching keeps its on-screen size in the framed view.
    pattern.setAttribute('patternTransform', `rotate(45) scale(${((x1 - x0 + 2 * pad) / (W * 100)).toFixed(4)})`);
  }
  const legend = document.createElement('ul');
  legend.className = 'st-legend';
  const item = (fill: string, text: string, hatched = false) => {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = hatched ? 'st-swatch st-hatched' : 'st-swatch';
    if (!hatched) swatch.style.background = fill;
    li.append(swatch, text);
    legend.append(li);
  };
  let low = 1;
  breaks.forEach((b, i) => {
    item(CLASS_COLOURS[i], `${labels.format(low)} – ${labels.format(b)}`);
    low = b + 1;
  });
  item(ZERO_COLOUR, labels.zero);
  item('', labels.noData, true);
  const figure = document.createElement('figure');
  figure.className = 'st-chart st-map';
  const caption = document.createElement('figcaption');
  caption.textContent = labels.title;
  figure.append(caption, svg, legend);
  return figure;
}
