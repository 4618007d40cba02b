// The chronogramme as an SVG Gantt chart: one row per action grouped under
// its region, a bar from start to end, its milestones as diamonds (filled:
// done), years along the top and today's date marked. Time runs left to
// right in every language; every bar and milestone has a title.
const NS = 'http://www.w3.org/2000/svg';

export interface GanttMilestone { due: string; title: string; done: boolean }
export interface GanttRow { key: string; label: string; starts: string; ends: string; milestones: GanttMilestone[]; tip: string }
export interface GanttGroup { label: string; rows: GanttRow[] }
export interface GanttOptions { title: string; today: string; todayLabel: string; doneLabel: string; toDoLabel: string }

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86400000;

export function gantt(groups: GanttGroup[], o: GanttOptions): SVGSVGElement {
  const rows = groups.reduce((a, g) => a + g.rows.length + 1, 0);
  const all = groups.flatMap((g) => g.rows);
  const first = Math.min(...all.map((r) => Number(r.starts.slice(0, 4))), Number(o.today.slice(0, 4)));
  const last = Math.max(...all.map((r) => Number(r.ends.slice(0, 4))), Number(o.today.slice(0, 4)));
  const LABEL = 230, WIDTH = 960, ROW = 18, TOP = 28;
  const x0 = day(`${first}-01-01`), x1 = day(`${last + 1}-01-01`);
  const x = (d: string) => LABEL + ((day(d) - x0) / (x1 - x0)) * (WIDTH - LABEL - 8);
  const height = TOP + rows * ROW + 6;
  const svg = el('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': o.title, class: 'in-gantt', direction: 'ltr' });
  svg.append(el('title', {}, o.title));
  for (let y = first; y <= last + 1; y++) {
    const gx = x(`${y}-01-01`);
    svg.append(el('line', { x1: gx, x2: gx, y1: TOP - 6, y2: height, stroke: '#d5dbd8', 'stroke-width': 1 }));
    if (y <= last) svg.append(el('text', { x: gx + 4, y: 14, 'font-size': 11, fill: '#333' }, String(y)));
  }
  let row = 0;
  for (const g of groups) {
    const gy = TOP + row * ROW;
    svg.append(el('rect', { x: 0, y: gy, width: WIDTH, height: ROW, fill: '#eef2f0' }),
      el('text', { x: 4, y: gy + 13, 'font-size': 11, 'font-weight': 700, fill: '#1a1a1a' }, g.label));
    row++;
    for (const r of g.rows) {
      const ry = TOP + row * ROW;
      const label = el('text', { x: 4, y: ry + 13, 'font-size': 10.5, fill: '#1a1a1a' }, r.label.length > 38 ? `${r.label.slice(0, 37)}…` : r.label);
      label.append(el('title', {}, r.label));
      const bar = el('rect', { x: x(r.starts), y: ry + 4, width: Math.max(x(r.ends) - x(r.starts), 2), height: ROW - 8, rx: 2,
        fill: '#5b8fb9', class: 'in-bar', 'data-action': r.key });
      bar.append(el('title', {}, r.tip));
      svg.append(label, bar);
      for (const m of r.milestones) {
        const mx = x(m.due), my = ry + ROW / 2, s = 5;
        const diamond = el('path', { d: `M${mx} ${my - s} L${mx + s} ${my} L${mx} ${my + s} L${mx - s} ${my} Z`,
          fill: m.done ? '#1d5b3a' : '#fff', stroke: '#1d5b3a', 'stroke-width': 1.5, class: 'in-milestone', 'data-done': String(m.done) });
        diamond.append(el('title', {}, `${m.title} — ${m.due} (${m.done ? o.doneLabel : o.toDoLabel})`));
        svg.append(diamond);
      }
      row++;
    }
  }
  const tx = x(o.today);
  svg.append(el('line', { x1: tx, x2: tx, y1: TOP - 6, y2: height, stroke: '#b5523b', 'stroke-width': 1.5, 'stroke-dasharray': '4 3' }),
    el('text', { x: tx + 3, y: TOP - 8, 'font-size': 10, fill: '#b5523b' }, o.todayLabel));
  return svg;
}
