// The peer: npm supercluster 9 on the same points, same options (radius 40,
// extent 512, maxZoom 16), timed the same way as the C++ driver (median of
// runs after a warm-up). Prints one JSON line.
import Supercluster from 'supercluster';
import { points } from './points.mjs';

const runs = Number(process.argv[2] ?? 7);
const coords = points();
const features = [];
for (let i = 0; i < coords.length / 2; i++) {
  features.push({ type: 'Feature', properties: { i },
                  geometry: { type: 'Point', coordinates: [coords[2 * i], coords[2 * i + 1]] } });
}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const opts = { radius: 40, extent: 512, maxZoom: 16, minPoints: 2 };
const builds = [];
let index;
for (let r = 0; r < runs + 1; r++) {
  const t = process.hrtime.bigint();
  index = new Supercluster(opts).load(features);
  if (r > 0) builds.push(Number(process.hrtime.bigint() - t) / 1e6);
}
const queries = { world: [[-180, -85, 180, 85], 2], morocco: [[-17, 21, -1, 36], 6],
                  city: [[-7.75, 33.45, -7.45, 33.65], 12] };
const out = { peer: 'supercluster 9.0.0', build_ms: median(builds) };
for (const [name, [bbox, zoom]] of Object.entries(queries)) {
  const times = [];
  let n = 0;
  for (let r = 0; r < 200; r++) {
    const t = process.hrtime.bigint();
    n = index.getClusters(bbox, zoom).length;
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  out[name] = { zoom, features: n, ms: median(times.slice(20)) };
}
console.log(JSON.stringify(out));
