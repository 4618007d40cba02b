// Fuzz target: an IATI activities file as a partner uploads it (the
// registry's ParseIatiActivities: libxml2 without DTDs or entities, bounds,
// every field mapped and checked).
#include <cstdint>
#include <string_view>

#include "registry/domain/iati_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)atlas::registry::ParseIatiActivities(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
