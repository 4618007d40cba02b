#include "stats/domain/disclosure.h"

#include <sodium.h>

namespace atlas::stats {

RecordKeys::RecordKeys(std::string secret) : secret_(std::move(secret)) {
  if (secret_.size() < crypto_shorthash_KEYBYTES) {
    secret_.resize(crypto_shorthash_KEYBYTES, '\0');  // callers check; never a short key in use
  }
}

uint64_t RecordKeys::Of(std::string_view dataset, int version,
                        const std::vector<std::string>& key) const {
  std::string bytes(dataset);
  bytes.push_back('\0');
  bytes += std::to_string(version);
  for (const std::string& k : key) {
    bytes.push_back('\0');
    bytes += k;
  }
  unsigned char out[crypto_shorthash_BYTES];
  crypto_shorthash(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                   reinterpret_cast<const unsigned char*>(secret_.data()));
  uint64_t v = 0;
  for (unsigned char b : out) v = (v << 8) | b;
  return v;
}

int64_t RoundRandomly(int64_t exact, uint64_t cell_key) {
  int64_t r = exact % kRoundingBase;
  if (r < 0) r += kRoundingBase;
  if (r == 0) return exact;
  const int64_t down = exact - r;
  // Up with probability r / base: the key's top 53 bits as a uniform draw on [0, 1).
  const double u = static_cast<double>(cell_key >> 11) * 0x1p-53;
  return u * kRoundingBase < static_cast<double>(r) ? down + kRoundingBase : down;
}

}  // namespace atlas::stats
