// Prints the features of one object of a TopoJSON file as newline-delimited
// GeoJSON (one Feature per line), converted with topojson-client.
// Usage: node topo2geo.mjs FILE OBJECT
import { readFileSync } from 'node:fs';
import { feature } from 'topojson-client';

const [file, object] = process.argv.slice(2);
const topology = JSON.parse(readFileSync(file, 'utf8'));
if (!topology.objects?.[object]) {
  console.error(`${file}: no object "${object}" (has ${Object.keys(topology.objects ?? {})})`);
  process.exit(2);
}
const collection = feature(topology, topology.objects[object]);
for (const f of collection.features) process.stdout.write(JSON.stringify(f) + '\n');
