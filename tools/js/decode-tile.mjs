// Decodes Mapbox Vector Tiles with the reference decoder (@mapbox/vector-tile)
// for the tests: `node decode-tile.mjs Z X Y FILE…` prints, per file, every
// layer with its extent and features (id, type, properties, geometry in tile
// units, and the geometry in longitude/latitude via toGeoJSON).
import { readFileSync } from 'node:fs';
import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';

const [z, x, y, ...files] = process.argv.slice(2);
const out = files.map((file) => {
  const tile = new VectorTile(new Pbf(readFileSync(file)));
  const layers = {};
  for (const [name, layer] of Object.entries(tile.layers)) {
    const features = [];
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      features.push({
        id: f.id, type: f.type, properties: f.properties,
        geometry: f.loadGeometry().map((ring) => ring.map((p) => [p.x, p.y])),
        lnglat: f.toGeoJSON(Number(x), Number(y), Number(z)).geometry,
      });
    }
    layers[name] = { version: layer.version, extent: layer.extent, features };
  }
  return layers;
});
process.stdout.write(JSON.stringify(out));
