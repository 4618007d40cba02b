#include "atlas/core/etag.h"

#include <charconv>

namespace atlas::core {

std::string RevisionEtag(int64_t revision) { return "r" + std::to_string(revision); }

std::optional<int64_t> RevisionOfEtag(std::string_view etag) {
  if (etag.starts_with("W/\"")) etag.remove_prefix(2);
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  if (etag.size() < 2 || etag.size() > 19 || etag[0] != 'r') return std::nullopt;
  int64_t revision = 0;
  const char* end = etag.data() + etag.size();
  auto [ptr, ec] = std::from_chars(etag.data() + 1, end, revision);
  if (ec != std::errc() || ptr != end || revision < 1) return std::nullopt;
  return revision;
}

}  // namespace atlas::core
