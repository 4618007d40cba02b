// A two-level treemap in SVG: groups (programmes) laid out squarified by
// their total, each split along its longer side into its parts (chapters),
// one colour per part kind with a legend. Every rectangle has a title (what
// and how much); the figure has a name, and the caller puts the same
// figures in a table beside it.
const NS = 'http://www.w3.org/2000/svg';

export interface TreemapGroup { key: string; label: string; parts: { kind: string; value: number }[] }
export interface TreemapOptions {
  width: number;
  height: number;
  title: string;
  colours: Record<string, string>;  // part kind → fill
  kindLabel: (kind: string) => string;
  format: (value: number) => string;
}
interface Rect { x: number; y: number; w: number; h: number }

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

// Squarified layout (Bruls, Huizing, van Wijk): rows along the shorter side,
// a row closed when adding the next item would worsen its worst aspect ratio.
function squarify(values: number[], box: Rect): Rect[] {
  const total = values.reduce((a, v) => a + v, 0);
  const out: Rect[] = new Array(values.length);
  if (total <= 0) return values.map(() => ({ x: box.x, y: box.y, w: 0, h: 0 }));
  const scale = (box.w * box.h) / total;
  const order = values.map((v, i) => [v * scale, i] as const).sort((a, b) => b[0] - a[0]);
  let { x, y, w, h } = box;
  let row: (readonly [number, number])[] = [];
  const worst = (r: (readonly [number, number])[], side: number) => {
    const s = r.reduce((a, [v]) => a + v, 0);
    const max = Math.max(...r.map(([v]) => v)), min = Math.min(...r.map(([v]) => v));
    return Math.max((side * side * max) / (s * s), (s * s) / (side * side * min));
  };
  const place = () => {
    const s = row.reduce((a, [v]) => a + v, 0);
    if (w >= h) {  // a column on the left
      const cw = s / h;
      let cy = y;
      for (const [v, i] of row) { out[i] = { x, y: cy, w: cw, h: v / cw }; cy += v / cw; }
      x += cw; w -= cw;
    } else {  // a row on top
      const rh = s / w;
      let cx = x;
      for (const [v, i] of row) { out[i] = { x: cx, y, w: v / rh, h: rh }; cx += v / rh; }
      y += rh; h -= rh;
    }
    row = [];
  };
  for (const item of order) {
    const side = Math.min(w, h);
    if (row.length && item[0] > 0 && worst([...row, item], side) > worst(row, side)) place();
    row.push(item);
  }
  if (row.length) place();
  return out;
}

export function treemap(groups: TreemapGroup[], o: TreemapOptions): SVGSVGElement {
  // Coordinates are left to right whatever the page's direction (labels start at the left edge).
  const svg = el('svg', { viewBox: `0 0 ${o.width} ${o.height}`, role: 'img', 'aria-label': o.title, class: 'in-treemap', direction: 'ltr' });
  svg.append(el('title', {}));
  svg.firstChild!.textContent = o.title;
  const totals = groups.map((g) => g.parts.reduce((a, p) => a + p.value, 0));
  const boxes = squarify(totals, { x: 0, y: 0, w: o.width, h: o.height });
  groups.forEach((g, gi) => {
    const b = boxes[gi];
    if (!b || b.w <= 0 || b.h <= 0) return;
    const parts = g.parts.filter((p) => p.value > 0);
    const sum = totals[gi];
    let offset = 0;
    for (const p of parts) {
      const share = p.value / sum;
      const r = b.w >= b.h ? { x: b.x + offset * b.w, y: b.y, w: share * b.w, h: b.h }
        : { x: b.x, y: b.y + offset * b.h, w: b.w, h: share * b.h };
      offset += share;
      const rect = el('rect', { x: r.x, y: r.y, width: Math.max(r.w, 0), height: Math.max(r.h, 0),
        fill: o.colours[p.kind] ?? '#999', stroke: '#fff', 'stroke-width': 0.5, 'data-group': g.key, 'data-kind': p.kind });
      const t = el('title', {});
      t.textContent = `${g.label} — ${o.kindLabel(p.kind)} : ${o.format(p.value)}`;
      rect.append(t);
      svg.append(rect);
    }
    svg.append(el('rect', { x: b.x, y: b.y, width: b.w, height: b.h, fill: 'none', stroke: '#1a1a1a', 'stroke-width': 1.5 }));
    if (b.w > 46 && b.h > 18) {
      const label = el('text', { x: b.x + 4, y: b.y + 13, 'font-size': 11, fill: '#111', 'paint-order': 'stroke', stroke: '#fff', 'stroke-width': 3 });
      label.textContent = g.key;
      svg.append(label);
    }
  });
  return svg;
}
