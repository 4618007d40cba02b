// Fuzz target: the GeoJSON polygon a caller draws to restrict the map
// (geo's ParsePolygon, RFC 7946 checks), then points tested against it.
#include <cstdint>
#include <string_view>

#include "geo/domain/polygon.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto p = atlas::geo::ParsePolygon(std::string_view(reinterpret_cast<const char*>(data), size),
                                    "polygon");
  if (!p.ok()) return 0;
  for (const auto& [lng, lat] : p->rings.front()) (void)p->Contains(lng, lat);
  (void)p->Contains(-7.6, 33.6);
  return 0;
}
