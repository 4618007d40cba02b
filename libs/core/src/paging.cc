// Page tokens and page sizes.
#include "atlas/core/paging.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "atlas/core/status.h"

namespace atlas::core {
namespace {
constexpr Text kBadToken = {"is not a token returned by this API",
                            "n'est pas un jeton renvoyé par cette API",
                            "ليس رمزًا صادرًا عن هذه الواجهة"};
constexpr Text kNegative = {"must not be negative", "ne doit pas être négatif",
                            "يجب ألا يكون سالبًا"};
}  // namespace

std::string EncodePageToken(int64_t position) {
  return absl::WebSafeBase64Escape(absl::StrCat("v1:", position));
}

absl::StatusOr<int64_t> DecodePageToken(std::string_view token) {
  std::string raw;
  int64_t position = 0;
  if (!absl::WebSafeBase64Unescape(std::string(token), &raw) || !absl::StartsWith(raw, "v1:") ||
      !absl::SimpleAtoi(raw.substr(3), &position) || position < 0) {
    return InvalidFields({Violation("page_token", kBadToken)});
  }
  return position;
}

absl::StatusOr<PageRequest> ParsePageRequest(int page_size, std::string_view page_token,
                                             int default_size, int max_size) {
  if (page_size < 0) return InvalidFields({Violation("page_size", kNegative)});
  PageRequest req;
  req.limit = page_size == 0 ? default_size : std::min(page_size, max_size);
  if (!page_token.empty()) {
    absl::StatusOr<int64_t> pos = DecodePageToken(page_token);
    if (!pos.ok()) return pos.status();
    req.position = *pos;
    req.from_start = false;
  }
  return req;
}

}  // namespace atlas::core
