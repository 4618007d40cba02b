// Vector-tile benchmark driver: encodes the tiles listed in TILES (lines
// "z x y") from the points written by tools/js/bench/points.mjs, the way
// atlas-geo serves raw points (its in-memory index, then the MVT encoder), as
// PostGIS's ST_AsMVT(ST_AsMVTGeom(geom, ST_TileEnvelope(z, x, y), 4096, 256,
// true)) does on the same points. Prints one JSON line (median time of a pass
// over the list) and writes every feature as "z/x/y,id,px,py" to FEATURES so
// `run` can check both sides draw the very same features.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <vector>

#include "geo/domain/cluster_index.h"
#include "geo/domain/tiles.h"

namespace {

constexpr int kBuffer = 256;  // tile pixels, ST_AsMVTGeom's default

std::string EncodeTile(const atlas::geo::ClusterIndex& index, const atlas::geo::TileId& t,
                       std::vector<atlas::geo::ClusterIndex::Node>* nodes, FILE* features) {
  nodes->clear();
  index.Query(atlas::geo::TileBounds(t, kBuffer), index.options().max_zoom + 1, nodes);
  atlas::geo::MvtLayer layer("points");
  for (const auto& n : *nodes) {
    auto [px, py] = atlas::geo::TilePixel(t, n.lng, n.lat);
    if (px < -kBuffer || px > 4096 + kBuffer || py < -kBuffer || py > 4096 + kBuffer) continue;
    layer.AddPoint(n.id, px, py, {});
    if (features != nullptr) {
      std::fprintf(features, "%d/%d/%d,%u,%ld,%ld\n", t.z, t.x, t.y, n.id, px, py);
    }
  }
  return layer.Encode();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s POINTS.bin TILES RUNS FEATURES.csv\n", argv[0]);
    return 2;
  }
  std::ifstream f(argv[1], std::ios::binary | std::ios::ate);
  const auto size = static_cast<size_t>(f.tellg());
  std::vector<double> xy(size / sizeof(double));
  f.seekg(0);
  f.read(reinterpret_cast<char*>(xy.data()), static_cast<std::streamsize>(size));
  std::vector<atlas::geo::ClusterPoint> points;
  for (size_t i = 0; i + 1 < xy.size(); i += 2) points.push_back({xy[i], xy[i + 1], 1});
  std::vector<atlas::geo::TileId> tiles;
  std::ifstream list(argv[2]);
  for (atlas::geo::TileId t; list >> t.z >> t.x >> t.y;) tiles.push_back(t);
  const int runs = std::atoi(argv[3]);
  // The service keeps this index in memory (PostGIS keeps its GiST index).
  atlas::geo::ClusterIndex index(points, {});
  std::vector<atlas::geo::ClusterIndex::Node> nodes;
  size_t bytes = 0, features = 0;
  FILE* out = std::fopen(argv[4], "w");
  for (const auto& t : tiles) bytes += EncodeTile(index, t, &nodes, out).size();
  std::fclose(out);
  std::vector<double> passes;
  for (int r = 0; r < runs; ++r) {
    auto start = std::chrono::steady_clock::now();
    for (const auto& t : tiles) features += EncodeTile(index, t, &nodes, nullptr).empty() ? 0 : 1;
    passes.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::sort(passes.begin(), passes.end());
  const double ms = passes[passes.size() / 2];
  std::printf("{\"tiles\": %zu, \"bytes\": %zu, \"pass_ms\": %.3f, \"tiles_per_s\": %.1f}\n",
              tiles.size(), bytes, ms, static_cast<double>(tiles.size()) * 1000.0 / ms);
  return features > 0 ? 0 : 1;
}
