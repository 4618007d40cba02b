// Turning query results into keyset pages.
#ifndef ATLAS_DB_PAGE_H_
#define ATLAS_DB_PAGE_H_

#include <pqxx/pqxx>

#include "atlas/core/paging.h"

namespace atlas::db {

// `rows` come from a query with `LIMIT limit + 1`: the extra row, if any, only
// says that another page follows. `to_item(row, &position)` builds an item
// and reports the row's keyset position.
template <typename T, typename RowToItem>
core::Page<T> TakePage(const pqxx::result& rows, int limit, RowToItem to_item) {
  core::Page<T> page;
  for (const auto& row : rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.more = true;
      break;
    }
    page.items.push_back(to_item(row, &page.last_position));
  }
  return page;
}

}  // namespace atlas::db

#endif  // ATLAS_DB_PAGE_H_
