// Fuzz target: a statistics import file (long CSV or SDMX-CSV 1.0) read
// against a dataset's structure and code lists. The first byte chooses the
// format; the rest is the file.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "stats/domain/import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace atlas::stats;
  if (size == 0) return 0;
  static const Dataset* dataset = [] {
    auto* d = new Dataset();
    d->id = "fuzz-emigrants";
    d->dimensions = {{"REF_AREA", "CL_AREA"}, {"SEX", "CL_SEX"}, {"TIME_PERIOD"}};
    return d;
  }();
  static const std::set<std::pair<std::string, std::string>> codes = {
      {"CL_AREA", "FRA"}, {"CL_AREA", "ESP"}, {"CL_AREA", "BEL"},
      {"CL_SEX", "F"},    {"CL_SEX", "M"},    {"CL_SEX", "_T"}};
  const ImportFormat format = (data[0] & 1) != 0 ? ImportFormat::kSdmxCsv : ImportFormat::kLongCsv;
  (void)ParseImport(*dataset, format,
                    std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1),
                    [](const std::string& codelist, const std::string& code) {
                      return codes.contains({codelist, code});
                    });
  return 0;
}
