// The benchmark's points: 100 000 with a fixed seed, 70 % in Morocco
// (lon -17..-1, lat 21..36), 30 % across Europe (lon -10..20, lat 36..60).
// Writes them as little-endian float64 lng,lat pairs, so the C++ index and
// supercluster read exactly the same coordinates.
import { writeFileSync } from 'node:fs';

export function points(n = 100000, seed = 20261129) {
  let s = seed >>> 0;
  const rand = () => {  // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const morocco = rand() < 0.7;
    out[2 * i] = morocco ? -17 + 16 * rand() : -10 + 30 * rand();
    out[2 * i + 1] = morocco ? 21 + 15 * rand() : 36 + 24 * rand();
  }
  return out;
}

if (process.argv[2]) writeFileSync(process.argv[2], Buffer.from(points().buffer));
