// Clustering correctness: every point in exactly one feature at every zoom,
// counts add up, clusters split at their expansion zoom, bounds and theme
// counts describe their leaves, queries honour the box.
#include "geo/domain/cluster_index.h"

#include <random>
#include <set>

#include "gtest/gtest.h"

namespace atlas::geo {
namespace {

std::vector<ClusterPoint> RandomPoints(int n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> lng(-17, -1), lat(21, 36), eu_lng(-10, 20), eu_lat(36, 60);
  std::vector<ClusterPoint> out;
  for (int i = 0; i < n; ++i) {
    const bool morocco = i % 10 < 7;
    out.push_back({morocco ? lng(rng) : eu_lng(rng), morocco ? lat(rng) : eu_lat(rng),
                   static_cast<uint16_t>(1u << (i % 12))});
  }
  return out;
}

std::vector<uint32_t> LeavesOf(const ClusterIndex& index, const ClusterIndex::Node& node) {
  std::vector<uint32_t> out;
  if (node.is_cluster) {
    index.Leaves(node.id, &out);
  } else {
    out.push_back(node.id);
  }
  return out;
}

constexpr Bbox kWorld{-180, -85.06, 180, 85.06};

TEST(ClusterIndexTest, EveryPointInExactlyOneFeatureAtEveryZoom) {
  const auto points = RandomPoints(5000, 7);
  ClusterIndex index(points, {});
  for (int z = 0; z <= 18; ++z) {
    std::vector<ClusterIndex::Node> nodes;
    index.Query(kWorld, z, &nodes);
    std::vector<int> seen(points.size(), 0);
    uint64_t total = 0;
    for (const auto& node : nodes) {
      const auto leaves = LeavesOf(index, node);
      EXPECT_EQ(leaves.size(), node.count);
      total += node.count;
      for (uint32_t p : leaves) ++seen[p];
    }
    EXPECT_EQ(total, points.size()) << "zoom " << z;
    EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), static_cast<long>(points.size()))
        << "zoom " << z;
  }
  std::vector<ClusterIndex::Node> world;
  index.Query(kWorld, 0, &world);
  EXPECT_LT(world.size(), 20u);  // the world at zoom 0 is a handful of clusters
  std::vector<ClusterIndex::Node> raw;
  index.Query(kWorld, 17, &raw);
  EXPECT_EQ(raw.size(), points.size());  // above max_zoom: the points themselves
}

TEST(ClusterIndexTest, ClusterSplitsAtItsExpansionZoom) {
  const auto points = RandomPoints(3000, 11);
  ClusterIndex index(points, {});
  std::vector<ClusterIndex::Node> nodes;
  index.Query({-17, 21, -1, 36}, 5, &nodes);
  int clusters = 0;
  for (const auto& node : nodes) {
    if (!node.is_cluster) continue;
    ++clusters;
    const auto& c = index.cluster(node.id);
    const int z = index.ExpansionZoom(node.id);
    EXPECT_GT(z, 5);
    // At its expansion zoom its points are in two features or more.
    std::vector<ClusterIndex::Node> below;
    index.Query({c.west - 1e-9, c.south - 1e-9, c.east + 1e-9, c.north + 1e-9}, z, &below);
    std::set<uint32_t> mine;
    for (uint32_t p : LeavesOf(index, node)) mine.insert(p);
    int holding = 0;
    for (const auto& b : below) {
      const auto leaves = LeavesOf(index, b);
      const bool any = mine.count(leaves[0]) > 0;
      for (uint32_t p : leaves) EXPECT_EQ(mine.count(p) > 0, any);  // never split across
      holding += any;
    }
    EXPECT_GE(holding, 2) << "cluster " << node.id;
    EXPECT_EQ(index.Children(node.id).size(), static_cast<size_t>(holding));
  }
  EXPECT_GT(clusters, 10);
}

TEST(ClusterIndexTest, BoundsAndThemeCountsDescribeTheLeaves) {
  const auto points = RandomPoints(2000, 3);
  ClusterIndex index(points, {});
  for (uint32_t id = 0; id < index.cluster_count(); ++id) {
    const auto& c = index.cluster(id);
    std::vector<uint32_t> leaves;
    index.Leaves(id, &leaves);
    ASSERT_EQ(leaves.size(), c.count);
    std::array<uint32_t, kMaxThemes> themes{};
    for (uint32_t p : leaves) {
      EXPECT_GE(points[p].lng, c.west);
      EXPECT_LE(points[p].lng, c.east);
      EXPECT_GE(points[p].lat, c.south);
      EXPECT_LE(points[p].lat, c.north);
      for (int t = 0; t < kMaxThemes; ++t) themes[t] += (points[p].themes >> t) & 1;
    }
    EXPECT_EQ(themes, c.theme_counts);
  }
}

TEST(ClusterIndexTest, QueryReturnsOnlyWhatIsInsideTheBox) {
  const auto points = RandomPoints(4000, 5);
  ClusterIndex index(points, {});
  const Bbox box{-8, 30, -5, 34};
  for (int z : {4, 8, 12, 17}) {
    std::vector<ClusterIndex::Node> nodes;
    index.Query(box, z, &nodes);
    for (const auto& n : nodes) {
      EXPECT_GE(n.lng, box.west - 1e-9);
      EXPECT_LE(n.lng, box.east + 1e-9);
      EXPECT_GE(n.lat, box.south - 1e-9);
      EXPECT_LE(n.lat, box.north + 1e-9);
    }
  }
  // At the points' zoom the box holds exactly the points inside it.
  std::vector<ClusterIndex::Node> raw;
  index.Query(box, 17, &raw);
  size_t expected = 0;
  for (const auto& p : points) {
    expected += p.lng >= box.west && p.lng <= box.east && p.lat >= box.south && p.lat <= box.north;
  }
  EXPECT_EQ(raw.size(), expected);
}

TEST(ClusterIndexTest, BoxAcrossTheAntimeridian) {
  std::vector<ClusterPoint> points = {{179.5, -17, 1}, {-179.5, -17, 1}, {0, 0, 1}};
  ClusterIndex index(points, {});
  std::vector<ClusterIndex::Node> nodes;
  index.Query({179, -20, -179, -10}, 17, &nodes);
  EXPECT_EQ(nodes.size(), 2u);
}

TEST(ClusterIndexTest, EmptyAndSinglePoint) {
  ClusterIndex empty(std::vector<ClusterPoint>{}, {});
  std::vector<ClusterIndex::Node> nodes;
  empty.Query(kWorld, 3, &nodes);
  EXPECT_TRUE(nodes.empty());
  ClusterIndex one(std::vector<ClusterPoint>{{-1.91, 34.68, 0}}, {});
  one.Query(kWorld, 0, &nodes);
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_FALSE(nodes[0].is_cluster);
  EXPECT_DOUBLE_EQ(nodes[0].lng, -1.91);
}

TEST(ClusterIndexTest, IdenticalPointsClusterAtEveryZoom) {
  std::vector<ClusterPoint> points(50, {-1.91, 34.68, 1});
  ClusterIndex index(points, {});
  std::vector<ClusterIndex::Node> nodes;
  index.Query(kWorld, 16, &nodes);
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0].count, 50u);
}

}  // namespace
}  // namespace atlas::geo
