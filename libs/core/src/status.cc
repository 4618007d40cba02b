// Localized status payloads.
#include "atlas/core/status.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace atlas::core {
namespace {

constexpr char kViolationsUrl[] = "atlas.sharaka.ma/field-violations";
constexpr char kLocalizedUrl[] = "atlas.sharaka.ma/localized-message";

// Messages never contain these control bytes (validators reject them in input
// and escape them when quoting); they delimit.
constexpr char kUnit = '\x1f';
constexpr char kRecord = '\x1e';

std::string Join(const Localized& l) {
  return absl::StrCat(l.en, std::string(1, kUnit), l.fr, std::string(1, kUnit), l.ar);
}

Localized Split(absl::string_view s) {
  std::vector<std::string> parts = absl::StrSplit(s, kUnit);
  parts.resize(3);
  return {parts[0], parts[1], parts[2]};
}

std::string JoinViolations(const std::vector<FieldViolation>& violations, Lang lang) {
  std::string out;
  for (const auto& v : violations) {
    if (!out.empty()) out += "; ";
    absl::StrAppend(&out, v.field, ": ", v.description.In(lang));
  }
  return out;
}

}  // namespace

FieldViolation Violation(std::string field, const Text& text,
                         const std::vector<std::string>& args) {
  return {std::move(field), Render(text, args)};
}

absl::Status InvalidFields(const std::vector<FieldViolation>& violations) {
  std::string payload;
  for (const auto& v : violations) {
    absl::StrAppend(&payload, v.field, std::string(1, kUnit), Join(v.description),
                    std::string(1, kRecord));
  }
  absl::Status status = absl::InvalidArgumentError(JoinViolations(violations, Lang::kEn));
  status.SetPayload(kViolationsUrl, absl::Cord(payload));
  return status;
}

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> out;
  for (const FieldViolation& v : FieldViolations(status)) out.push_back(v.field);
  return out;
}

std::vector<FieldViolation> FieldViolations(const absl::Status& status) {
  std::vector<FieldViolation> out;
  auto payload = status.GetPayload(kViolationsUrl);
  if (!payload) return out;
  for (absl::string_view record :
       absl::StrSplit(std::string(*payload), kRecord, absl::SkipEmpty())) {
    std::pair<std::string, std::string> kv = absl::StrSplit(record, absl::MaxSplits(kUnit, 1));
    out.push_back({kv.first, Split(kv.second)});
  }
  return out;
}

absl::Status Error(absl::StatusCode code, const Text& text, const std::vector<std::string>& args) {
  Localized l = Render(text, args);
  absl::Status status(code, l.en);
  status.SetPayload(kLocalizedUrl, absl::Cord(Join(l)));
  return status;
}

std::string MessageIn(const absl::Status& status, Lang lang) {
  std::vector<FieldViolation> v = FieldViolations(status);
  if (!v.empty()) return JoinViolations(v, lang);
  if (auto payload = status.GetPayload(kLocalizedUrl)) return Split(std::string(*payload)).In(lang);
  return std::string(status.message());
}

}  // namespace atlas::core
