// Field violations encoded in an absl::Status payload.
#include "atlas/core/status.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace atlas::core {
namespace {
constexpr char kPayloadUrl[] = "atlas.sharaka.ma/field-violations";

// Fields and descriptions never contain these control bytes; they delimit.
constexpr char kFieldSep = '\x1f';
constexpr char kRecordSep = '\x1e';
}  // namespace

absl::Status InvalidFields(const std::vector<FieldViolation>& violations) {
  std::string message;
  std::string payload;
  for (const auto& v : violations) {
    if (!message.empty()) message += "; ";
    absl::StrAppend(&message, v.field, ": ", v.description);
    absl::StrAppend(&payload, v.field, std::string(1, kFieldSep), v.description,
                    std::string(1, kRecordSep));
  }
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kPayloadUrl, absl::Cord(payload));
  return status;
}

std::vector<FieldViolation> FieldViolations(const absl::Status& status) {
  std::vector<FieldViolation> out;
  auto payload = status.GetPayload(kPayloadUrl);
  if (!payload) return out;
  for (absl::string_view record :
       absl::StrSplit(std::string(*payload), kRecordSep, absl::SkipEmpty())) {
    std::pair<std::string, std::string> kv = absl::StrSplit(record, absl::MaxSplits(kFieldSep, 1));
    out.push_back({kv.first, kv.second});
  }
  return out;
}

}  // namespace atlas::core
