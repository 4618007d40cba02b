// The peer: DuckDB in process (all cores) on the same records, the same three
// queries as GROUP BY / WHERE; medians over RUNS after one warm-up. One JSON line.
//   node duckdb.mjs RECORDS.csv RUNS
import { DuckDBInstance } from '@duckdb/node-api';

const [file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 21);
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
// Its best footing: every column an ENUM (dictionary-encoded, as the cube's are).
await c.run(`CREATE TABLE raw AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}', header = true, all_varchar = true)`);
const cols = ['REF_AREA', 'SEX', 'AGE', 'EDUCATION', 'LABOUR', 'OCCUPATION', 'DURATION', 'TIME_PERIOD'];
for (const col of cols) await c.run(`CREATE TYPE t_${col} AS ENUM (SELECT DISTINCT ${col} FROM raw WHERE ${col} IS NOT NULL)`);
await c.run(`CREATE TABLE records AS SELECT ${cols.map((col) => `${col}::t_${col} AS ${col}`).join(', ')} FROM raw`);
await c.run('DROP TABLE raw');
const threads = (await (await c.runAndReadAll("SELECT current_setting('threads')")).getRows())[0][0];
const queries = {
  q1: `SELECT REF_AREA, SEX, count(*) FROM records WHERE EDUCATION = 'ISCED11_5T8' AND TIME_PERIOD = '2010' GROUP BY 1, 2`,
  q2: `SELECT REF_AREA, SEX, AGE, EDUCATION, LABOUR, count(*) FROM records GROUP BY 1, 2, 3, 4, 5`,
  q3: `SELECT count(*) FROM records WHERE REF_AREA = 'FRA' AND SEX = 'F' AND AGE = 'Y25T34' AND EDUCATION = 'ISCED11_5T8' AND LABOUR = 'EMP' AND OCCUPATION = 'ISCO08_2' AND DURATION = 'Y_GT10'`,
};
const out = { threads: Number(threads) };
for (const [name, sql] of Object.entries(queries)) {
  const first = await c.runAndReadAll(sql);
  out[`${name}_rows`] = first.getRows().length;
  if (name === 'q3') out.q3_first = Number(first.getRows()[0][0]);
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await c.runAndReadAll(sql);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  out[`${name}_ms`] = ms[Math.floor(ms.length / 2)];
}
console.log(JSON.stringify(out));
