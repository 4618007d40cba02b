// Quantile and Jenks class breaks.
#include "geo/domain/classify.h"

#include <algorithm>
#include <limits>

namespace atlas::geo {
namespace {

std::vector<double> Distinct(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

std::vector<double> QuantileBreaks(std::vector<double> values, int classes) {
  if (values.empty() || classes < 1) return {};
  std::sort(values.begin(), values.end());
  std::vector<double> out;
  const size_t n = values.size();
  for (int k = 1; k <= classes; ++k) {
    const size_t i = std::min(n - 1, (n * k + classes - 1) / classes - 1);
    if (out.empty() || values[i] > out.back()) out.push_back(values[i]);
  }
  return out;
}

std::vector<double> JenksBreaks(std::vector<double> values, int classes) {
  if (values.empty() || classes < 1) return {};
  std::sort(values.begin(), values.end());
  const int distinct = static_cast<int>(Distinct(values).size());
  const int k = std::min(classes, distinct);
  const int n = static_cast<int>(values.size());
  if (k <= 1) return {values.back()};
  constexpr double kInf = std::numeric_limits<double>::infinity();
  // cost[c][i]: least within-class squared deviation of values[0..i) in c classes;
  // cut[c][i]: where the last of them starts.
  std::vector<std::vector<double>> cost(k + 1, std::vector<double>(n + 1, kInf));
  std::vector<std::vector<int>> cut(k + 1, std::vector<int>(n + 1, 0));
  std::vector<double> sum(n + 1, 0), sq(n + 1, 0);
  for (int i = 0; i < n; ++i) {
    sum[i + 1] = sum[i] + values[i];
    sq[i + 1] = sq[i] + values[i] * values[i];
  }
  auto ssd = [&](int a, int b) {  // values[a..b)
    const double s = sum[b] - sum[a], m = b - a;
    return (sq[b] - sq[a]) - s * s / m;
  };
  cost[0][0] = 0;
  for (int c = 1; c <= k; ++c) {
    for (int i = c; i <= n; ++i) {
      for (int j = c - 1; j < i; ++j) {
        if (cost[c - 1][j] == kInf) continue;
        const double v = cost[c - 1][j] + ssd(j, i);
        if (v < cost[c][i]) {
          cost[c][i] = v;
          cut[c][i] = j;
        }
      }
    }
  }
  std::vector<double> out(k);
  for (int c = k, i = n; c >= 1; --c) {
    out[c - 1] = values[i - 1];
    i = cut[c][i];
  }
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace atlas::geo
