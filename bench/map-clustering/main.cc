// Clustering benchmark driver: builds atlas-geo's ClusterIndex on the points
// written by points.mjs and times the build and three viewport queries (median
// of runs after a warm-up). Prints one JSON line; `run` compares it with
// supercluster on the same points.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <vector>

#include "geo/domain/cluster_index.h"

namespace {

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <typename F>
double TimeMs(F f) {
  auto t = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  using atlas::geo::ClusterIndex;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s POINTS.bin [RUNS]\n", argv[0]);
    return 2;
  }
  const int runs = argc > 2 ? std::atoi(argv[2]) : 7;
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<double> raw((std::istreambuf_iterator<char>(in)), {});
  std::vector<atlas::geo::ClusterPoint> points;
  {
    std::ifstream f(argv[1], std::ios::binary | std::ios::ate);
    const auto size = static_cast<size_t>(f.tellg());
    std::vector<double> xy(size / sizeof(double));
    f.seekg(0);
    f.read(reinterpret_cast<char*>(xy.data()), static_cast<std::streamsize>(size));
    for (size_t i = 0; i + 1 < xy.size(); i += 2) points.push_back({xy[i], xy[i + 1], 1});
  }
  std::vector<double> builds;
  ClusterIndex index;
  for (int r = 0; r < runs + 1; ++r) {
    const double ms = TimeMs([&] { index = ClusterIndex(points, {}); });
    if (r > 0) builds.push_back(ms);
  }
  struct Q {
    const char* name;
    atlas::geo::Bbox box;
    int zoom;
  } queries[] = {{"world", {-180, -85, 180, 85}, 2},
                 {"morocco", {-17, 21, -1, 36}, 6},
                 {"city", {-7.75, 33.45, -7.45, 33.65}, 12}};
  std::printf("{\"points\": %zu, \"build_ms\": %.3f", points.size(), Median(builds));
  std::vector<ClusterIndex::Node> nodes;
  for (const Q& q : queries) {
    std::vector<double> times;
    for (int r = 0; r < 200; ++r) {
      nodes.clear();
      times.push_back(TimeMs([&] { index.Query(q.box, q.zoom, &nodes); }));
    }
    times.erase(times.begin(), times.begin() + 20);
    std::printf(", \"%s\": {\"zoom\": %d, \"features\": %zu, \"ms\": %.4f}", q.name, q.zoom,
                nodes.size(), Median(times));
  }
  std::printf("}\n");
  return 0;
}
