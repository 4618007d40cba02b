// AIP-158 pagination shared by every List method: opaque page tokens naming a
// keyset position, and page-size rules (0 -> default, negative -> error,
// above the maximum -> capped).
#ifndef ATLAS_CORE_PAGING_H_
#define ATLAS_CORE_PAGING_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace atlas::core {

std::string EncodePageToken(int64_t position);
// INVALID_ARGUMENT (field "page_token") unless produced by EncodePageToken.
absl::StatusOr<int64_t> DecodePageToken(std::string_view token);

struct PageRequest {
  int limit = 0;         // rows to return
  int64_t position = 0;  // keyset position from the token; 0 = from the start
  bool from_start = true;
};

// One page of a keyset-paginated list.
template <typename T>
struct Page {
  std::vector<T> items;
  int64_t last_position = 0;  // keyset position of the last item returned
  bool more = false;          // true if items follow last_position
};

// The token for the page after `page`, or "" on the last page.
template <typename T>
std::string NextPageToken(const Page<T>& page) {
  return page.more ? EncodePageToken(page.last_position) : std::string();
}

// Up to `limit` of `rows` after keyset position `after`, the position being
// a row's index + 1 (in-memory stores of unit tests page like the real ones).
template <typename T>
Page<T> PageOf(const std::vector<T>& rows, int limit, int64_t after) {
  Page<T> page;
  for (int64_t i = after; i < static_cast<int64_t>(rows.size()); ++i) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.more = true;
      break;
    }
    page.items.push_back(rows[static_cast<size_t>(i)]);
    page.last_position = i + 1;
  }
  return page;
}

// Validates page_size and page_token together.
absl::StatusOr<PageRequest> ParsePageRequest(int page_size, std::string_view page_token,
                                             int default_size, int max_size);

}  // namespace atlas::core

#endif  // ATLAS_CORE_PAGING_H_
