// Validates a Fiscal Data Package served by the platform with the Frictionless
// reference library (npm `datapackage`, which reads Table Schema with
// `tableschema`): the descriptor against its profile, then every row of every
// resource cast against its schema (types, required, enum, minimum, primary
// key). Prints one JSON line {valid, rows, errors}; exit 1 when not valid.
//   node tools/js/validate-datapackage.mjs URL|FILE
import { readFileSync } from 'node:fs';
import { Package } from 'datapackage';

const where = process.argv[2];
const descriptor = where.startsWith('http')
  ? await (await fetch(where)).json()
  : JSON.parse(readFileSync(where, 'utf8'));
// The fiscal profile is not bundled with the library: the descriptor is
// checked against the data package profile it extends, the fiscal model
// by hand below.
const { profile, ...generic } = descriptor;
const pkg = await Package.load({ ...generic, profile: 'tabular-data-package' });
const errors = pkg.errors.map((e) => e.message);
let rows = 0;
for (const resource of pkg.resources) {
  try {
    const data = await resource.read({ keyed: true, cast: true });
    rows += data.length;
  } catch (e) {
    errors.push(...(e.errors ?? [e]).map((x) => String(x.message ?? x)));
  }
}
// Every inline row read back (the library stops quietly on some errors,
// a duplicate primary key among them).
const expected = descriptor.resources.reduce((n, r) => n + Math.max(0, (r.data?.length ?? 1) - 1), 0);
if (rows !== expected) errors.push(`${rows} rows read of ${expected}`);
if (profile !== 'fiscal-data-package') errors.push(`profile is ${profile}`);
const fields = new Set(descriptor.resources.flatMap((r) => r.schema.fields.map((f) => f.name)));
for (const [name, m] of Object.entries(descriptor.model?.measures ?? {})) {
  if (!fields.has(m.source) || !m.currency) errors.push(`measure ${name}: source or currency`);
}
for (const [name, d] of Object.entries(descriptor.model?.dimensions ?? {})) {
  for (const a of Object.values(d.attributes ?? {})) if (!fields.has(a.source)) errors.push(`dimension ${name}: ${a.source}`);
}
const valid = pkg.valid && errors.length === 0;
console.log(JSON.stringify({ valid, rows, errors: errors.slice(0, 20) }));
process.exit(valid ? 0 : 1);
