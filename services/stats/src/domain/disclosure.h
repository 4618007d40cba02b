// Disclosure control for every public figure: unbiased random rounding to a
// multiple of 5, where the "random" draw is the cell's key — the sum (mod
// 2^64) of the record keys of the non-zero observations the cell adds up, each
// a keyed hash (SipHash-2-4, secret shared by the replicas) of the
// observation's dataset, version and coordinates. So a cell made of the same
// observations rounds the same way in every table and query that shows it,
// however the query was phrased; published figures are multiples of 5, so the
// difference of two published totals never reveals a cell of 1-4 (or any value
// that is not itself a multiple of 5). docs/stats.md has the method and
// parameters.
#ifndef ATLAS_STATS_DOMAIN_DISCLOSURE_H_
#define ATLAS_STATS_DOMAIN_DISCLOSURE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace atlas::stats {

inline constexpr int kRoundingBase = 5;
// A published value at or below this is flagged small (its true value is
// below 2 * kRoundingBase).
inline constexpr int64_t kSmallCell = kRoundingBase;

class RecordKeys {
 public:
  // `secret`: at least 16 bytes.
  explicit RecordKeys(std::string secret);
  uint64_t Of(std::string_view dataset, int version, const std::vector<std::string>& key) const;

 private:
  std::string secret_;
};

// `exact` rounded to a neighbouring multiple of kRoundingBase: up with
// probability (exact mod base) / base, decided by `cell_key`. Multiples of the
// base (zero included) are kept.
int64_t RoundRandomly(int64_t exact, uint64_t cell_key);

}  // namespace atlas::stats

#endif  // ATLAS_STATS_DOMAIN_DISCLOSURE_H_
