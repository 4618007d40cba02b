// Dataset queries.
#include "stats/domain/dataset_service.h"

#include "atlas/core/paging.h"

namespace atlas::stats {

absl::StatusOr<DatasetPage> DatasetService::List(int page_size, std::string_view page_token) {
  absl::StatusOr<core::PageRequest> page =
      core::ParsePageRequest(page_size, page_token, kDefaultPageSize, kMaxPageSize);
  if (!page.ok()) return page.status();
  return store_.List(page->limit, page->position);
}

}  // namespace atlas::stats
