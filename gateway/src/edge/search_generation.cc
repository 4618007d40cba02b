#include "gateway/edge/search_generation.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include "absl/strings/numbers.h"
#include "atlas/core/atomics.h"

namespace atlas::gateway {

void SearchGeneration::Heard(int64_t generation) { core::RaiseTo(value_, generation); }

void SearchGeneration::Heard(std::string_view decimal) {
  int64_t generation = 0;
  if (decimal.size() <= 19 &&
      absl::SimpleAtoi(absl::string_view(decimal.data(), decimal.size()), &generation) &&
      generation > 0) {
    Heard(generation);
  }
}

int64_t SearchGeneration::OfEvent(std::string_view payload) {
  using google::protobuf::internal::WireFormatLite;
  constexpr int kField = 15;
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(payload.data()),
                                            static_cast<int>(payload.size()));
  int64_t out = 0;
  for (uint32_t tag = in.ReadTag(); tag != 0; tag = in.ReadTag()) {
    if (WireFormatLite::GetTagFieldNumber(tag) == kField &&
        WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_VARINT) {
      uint64_t v = 0;
      if (!in.ReadVarint64(&v)) return 0;
      out = static_cast<int64_t>(v);  // the last occurrence wins, as in a parse
    } else if (!WireFormatLite::SkipField(&in, tag)) {
      return 0;
    }
  }
  // A zero tag before the end: not a message.
  return in.CurrentPosition() == static_cast<int>(payload.size()) ? out : 0;
}

}  // namespace atlas::gateway
