// The cube against a plain loop over the rows (property test), and the
// rounding that protects every public figure.
#include "stats/domain/cube.h"

#include <map>
#include <random>

#include "gtest/gtest.h"
#include "stats/domain/disclosure.h"

namespace atlas::stats {
namespace {

// `rows` draws: 2000 fills most groupings (dense accumulators), 150 leaves
// the wide ones sparse (hash map).
class CubePropertyTest : public ::testing::TestWithParam<int> {};

TEST_P(CubePropertyTest, AggregatesEqualALoopOverTheRowsOnRandomQueries) {
  std::mt19937_64 rng(42);
  const std::vector<Dimension> dims = {
      {"A", "CL_A"}, {"B", "CL_B"}, {"C", "CL_C"}, {"TIME_PERIOD", ""}};
  const std::vector<int> sizes = {12, 3, 7, 5};
  std::vector<Observation> obs;
  for (int i = 0; i < GetParam(); ++i) {
    Observation o;
    for (size_t d = 0; d < dims.size(); ++d)
      o.key.push_back(dims[d].id + std::to_string(rng() % sizes[d]));
    if (rng() % 50 == 0) {
      o.status = 'M';
    } else {
      o.value = static_cast<int64_t>(rng() % 1000);
    }
    obs.push_back(o);
  }
  // Unique keys, as the database guarantees.
  std::map<std::vector<std::string>, Observation> unique;
  for (auto& o : obs) unique[o.key] = o;
  obs.clear();
  for (auto& [k, o] : unique) obs.push_back(o);
  auto cube = Cube::Build(dims, obs, [](const Observation&) { return 1; });
  ASSERT_TRUE(cube.ok()) << cube.status();
  for (int q = 0; q < 200; ++q) {
    std::vector<int> group;
    std::vector<std::vector<bool>> allowed(dims.size());
    const bool point = q % 5 == 0;  // every dimension one code: the lookup path
    for (size_t d = 0; d < dims.size(); ++d) {
      if (point) {
        allowed[d].assign(cube->dims()[d].codes.size(), false);
        allowed[d][rng() % allowed[d].size()] = true;
        continue;
      }
      if (rng() % 2) group.push_back(static_cast<int>(d));
      if (rng() % 3 == 0) {
        allowed[d].resize(cube->dims()[d].codes.size());
        for (size_t i = 0; i < allowed[d].size(); ++i) allowed[d][i] = rng() % 2;
      }
    }
    std::map<std::vector<std::string>, std::pair<int64_t, uint32_t>> expected;
    for (const Observation& o : obs) {
      bool pass = true;
      for (size_t d = 0; d < dims.size(); ++d) {
        if (!allowed[d].empty() && !allowed[d][cube->dims()[d].index.at(o.key[d])]) pass = false;
      }
      if (!pass) continue;
      std::vector<std::string> k;
      for (int g : group) k.push_back(o.key[static_cast<size_t>(g)]);
      auto& [sum, rows] = expected[k];
      sum += o.value.value_or(0);
      ++rows;
    }
    std::map<std::vector<std::string>, std::pair<int64_t, uint32_t>> got;
    for (const Cube::Cell& c : cube->Aggregate(group, allowed)) {
      std::vector<std::string> k;
      for (size_t i = 0; i < group.size(); ++i) {
        k.push_back(cube->dims()[static_cast<size_t>(group[i])].codes[c.coords[i]]);
      }
      got[k] = {c.sum, c.rows};
    }
    ASSERT_EQ(got, expected) << "query " << q;
  }
}

INSTANTIATE_TEST_SUITE_P(DenseAndSparse, CubePropertyTest, ::testing::Values(2000, 150));

TEST(CubeTest, RejectsKeysOfTheWrongLength) {
  auto cube = Cube::Build({{"A", ""}}, {{.key = {"x", "y"}, .value = 1}},
                          [](const Observation&) { return 0; });
  EXPECT_EQ(cube.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(DisclosureTest, RoundingIsToANeighbouringMultipleOfFiveAndUnbiased) {
  std::mt19937_64 rng(7);
  for (int64_t v : {0, 1, 2, 3, 4, 5, 17, 1234567}) {
    double mean = 0;
    constexpr int kDraws = 20000;
    for (int i = 0; i < kDraws; ++i) {
      const int64_t r = RoundRandomly(v, rng());
      ASSERT_EQ(r % 5, 0);
      ASSERT_LT(std::abs(r - v), 5);
      mean += static_cast<double>(r) / kDraws;
    }
    EXPECT_NEAR(mean, static_cast<double>(v), 0.15) << v;
  }
  EXPECT_EQ(RoundRandomly(0, 123), 0);
  EXPECT_EQ(RoundRandomly(35, 0xFFFFFFFFFFFFFFFF), 35);
}

TEST(DisclosureTest, RecordKeysDependOnTheSecretAndTheCoordinates) {
  RecordKeys a("0123456789abcdef"), b("fedcba9876543210");
  EXPECT_EQ(a.Of("d", 1, {"FRA", "M"}), a.Of("d", 1, {"FRA", "M"}));
  EXPECT_NE(a.Of("d", 1, {"FRA", "M"}), b.Of("d", 1, {"FRA", "M"}));
  EXPECT_NE(a.Of("d", 1, {"FRA", "M"}), a.Of("d", 2, {"FRA", "M"}));
  EXPECT_NE(a.Of("d", 1, {"FRA", "M"}), a.Of("d", 1, {"FRAM"}));
}

}  // namespace
}  // namespace atlas::stats
