// Demo data, labelled demo wherever shown: 2.6 million person records shaped like the
// OECD DIOC 2010/11 (country of residence x sex x age x education x labour
// force status x occupation x duration of stay), generated with a fixed seed
// and calibrated to published marginals: the total (2.6 M Moroccan-born aged
// 15+ in OECD countries, OECD 2017 "Talent Abroad"), the country shares and
// each country's sex ratio (UN DESA IMS 2020, year 2010, OECD destinations;
// data/mre), tertiary education ~500 000 (OECD 2017). Other shares are
// plausible assumptions, not statistics: never shown as real figures.
// The same records serve the cube benchmark (bench/stats-cube, one row per
// person) and the demo dataset dioc-demo (scripts/run, one row per distinct
// combination with its count: the long CSV atlas-stats imports).
//   node gen-dioc-demo.mjs OUT.csv [RECORDS]           # person records
//   node gen-dioc-demo.mjs --cells OUT.csv [RECORDS]   # long CSV with OBS_VALUE
import { createWriteStream, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const cells = args[0] === '--cells';
if (cells) args.shift();
const out = args[0];
const N = Number(args[1] ?? 2_600_000);
const OECD = new Set('AUS AUT BEL CAN CHL COL CRI CZE DNK EST FIN FRA DEU GRC HUN ISL IRL ISR ITA JPN KOR LVA LTU LUX MEX NLD NZL NOR POL PRT SVK SVN ESP SWE CHE TUR GBR USA'.split(' '));
const un = readFileSync(new URL('../../data/mre/undesa_ims2020_morocco_emigrants_by_destination_sex.csv', import.meta.url), 'utf8')
  .trim().split('\n').slice(1).map((l) => l.split(','));
// columns: edition,origin_iso3,origin_m49,origin_name,destination_iso3,destination_m49,destination_name,sex,year,value
const total = new Map(), male = new Map();
for (const r of un) {
  const [iso, sex, year, value] = [r[4], r[7], r[8], Number(r[9])];
  if (year !== '2010' || !OECD.has(iso)) continue;
  if (sex === 'total') total.set(iso, value);
  if (sex === 'male') male.set(iso, value);
}
const countries = [...total.keys()].filter((c) => total.get(c) > 0);
const sum = countries.reduce((s, c) => s + total.get(c), 0);

let seed = 20101;  // mulberry32
function rnd() {
  seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function pick(codes, weights) {
  let x = rnd() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < codes.length; i++) { x -= weights[i]; if (x < 0) return codes[i]; }
  return codes[codes.length - 1];
}
const AGE = ['Y15T24', 'Y25T34', 'Y35T44', 'Y45T64', 'Y_GE65'], AGE_W = [14, 24, 24, 28, 10];
const EDU = ['ISCED11_0T2', 'ISCED11_3T4', 'ISCED11_5T8'];          // low, medium, high
const LFS = ['EMP', 'UNE', 'INAC'];
const OCC = ['ISCO08_1', 'ISCO08_2', 'ISCO08_3', 'ISCO08_4', 'ISCO08_5', 'ISCO08_6', 'ISCO08_7', 'ISCO08_8', 'ISCO08_9', '_Z'];
const DUR = ['Y_LT5', 'Y5T10', 'Y_GT10'], DUR_W = [20, 22, 58];
const f = createWriteStream(out);
const HEAD = 'REF_AREA,SEX,AGE,EDUCATION,LABOUR,OCCUPATION,DURATION,TIME_PERIOD';
f.write(cells ? `${HEAD},OBS_VALUE\n` : `${HEAD}\n`);
const counts = new Map();
let buf = '';
for (let i = 0; i < N; i++) {
  const c = pick(countries, countries.map((x) => total.get(x)));
  const sex = rnd() < male.get(c) / total.get(c) ? 'M' : 'F';
  const age = pick(AGE, AGE_W);
  // Tertiary ~19 % overall (500 000 of 2.6 M), more in North America.
  const high = ['USA', 'CAN'].includes(c) ? 0.45 : 0.17;
  const edu = pick(EDU, [0.55 * (1 - high) / 0.83, 0.28 * (1 - high) / 0.83, high]);
  const lfs = age === 'Y_GE65' ? pick(LFS, [5, 1, 94]) : pick(LFS, [52, 18, 30]);
  const occ = lfs === 'EMP' ? pick(OCC.slice(0, 9), edu === 'ISCED11_5T8' ? [8, 25, 15, 10, 12, 2, 8, 6, 14] : [4, 3, 6, 7, 20, 4, 17, 11, 28]) : '_Z';
  const record = `${c},${sex},${age},${edu},${lfs},${occ},${pick(DUR, DUR_W)},2010`;
  if (cells) {
    counts.set(record, (counts.get(record) ?? 0) + 1);
    continue;
  }
  buf += `${record}\n`;
  if (buf.length > 1 << 20) { f.write(buf); buf = ''; }
}
for (const [record, n] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) buf += `${record},${n}\n`;
f.write(buf);
f.end();
f.on('finish', () => console.error(`${N} records${cells ? ` in ${counts.size} cells` : ''} (${countries.length} OECD countries, UN total ${sum}) -> ${out}`));
