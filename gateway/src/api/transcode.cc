// Request/response transcoding.
#include "gateway/api/transcode.h"

#include "gateway/api/json_writer.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>

#include <nlohmann/json.hpp>

#include <boost/url/parse.hpp>

#include <cmath>
#include <cstdlib>
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "atlas/core/status.h"
#include "atlas/core/texts.h"
#include "atlas/core/utf8.h"

namespace atlas::gateway {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Finds a field by proto name or JSON name.
const FieldDescriptor* FindField(const google::protobuf::Descriptor* d, std::string_view name) {
  std::string n(name);
  const FieldDescriptor* f = d->FindFieldByName(n);
  if (f == nullptr) f = d->FindFieldByCamelcaseName(n);
  return f;
}

constexpr core::Text kUnknownParameter = {"is not a known parameter",
                                          "n'est pas un paramètre connu", "ليس معاملًا معروفًا"};
constexpr core::Text kNotInteger = {"\"{0}\" is not an integer", "« {0} » n'est pas un entier",
                                    "«{0}» ليس عددًا صحيحًا"};
constexpr core::Text kNotNonNegative = {"\"{0}\" is not a non-negative integer",
                                        "« {0} » n'est pas un entier positif ou nul",
                                        "«{0}» ليس عددًا صحيحًا غير سالب"};
constexpr core::Text kNotNumber = {"\"{0}\" is not a number", "« {0} » n'est pas un nombre",
                                   "«{0}» ليس عددًا"};
constexpr core::Text kNotBool = {"\"{0}\" is not true or false", "« {0} » n'est ni true ni false",
                                 "«{0}» ليست true ولا false"};
constexpr core::Text kNotEnum = {"\"{0}\" is not one of: {1}",
                                 "« {0} » n'est pas l'une des valeurs : {1}",
                                 "«{0}» ليست من القيم: {1}"};
constexpr core::Text kInPath = {"is already given in the path", "est déjà donné dans le chemin",
                                "محدد مسبقًا في المسار"};
constexpr core::Text kInBody = {"belongs in the request body",
                                "doit figurer dans le corps de la requête", "مكانه في محتوى الطلب"};
constexpr core::Text kNoQuery = {
    "query parameters are not accepted here; send a JSON body",
    "les paramètres d'URL ne sont pas acceptés ici ; envoyez un corps JSON",
    "معاملات العنوان غير مقبولة هنا؛ أرسل محتوى بصيغة JSON"};
constexpr core::Text kNotJson = {"is not valid JSON", "n'est pas du JSON valide", "ليس JSON صالحًا"};
constexpr core::Text kNotArray = {"must be a JSON array", "doit être un tableau JSON",
                                  "يجب أن يكون مصفوفة JSON"};
constexpr core::Text kNotObject = {"must be a JSON object", "doit être un objet JSON",
                                   "يجب أن يكون كائن JSON"};
constexpr core::Text kBadMessage = {"is not a valid {0}: {1}", "n'est pas un {0} valide : {1}",
                                    "ليس {0} صالحًا: {1}"};

// Sets the scalar at `path` (dotted) from text; the problem if it cannot.
std::optional<core::Localized> SetFromText(Message* msg, std::string_view path,
                                           std::string_view value) {
  const std::string v(value.substr(0, 200));
  const std::string shown = absl::CHexEscape(v.substr(0, 40));
  std::vector<std::string> parts = absl::StrSplit(std::string(path), '.');
  Message* target = msg;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    const FieldDescriptor* f = FindField(target->GetDescriptor(), parts[i]);
    if (f == nullptr || f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || f->is_repeated()) {
      return core::Render(kUnknownParameter);
    }
    target = target->GetReflection()->MutableMessage(target, f);
  }
  const FieldDescriptor* f = FindField(target->GetDescriptor(), parts.back());
  if (f != nullptr && !f->is_repeated() && f->message_type() != nullptr &&
      f->message_type()->full_name() == "google.protobuf.FieldMask") {
    // ?updateMask=title,regionCodes (proto3 JSON: comma-separated, camelCase
    // or snake_case paths) -> FieldMask.paths in snake_case.
    Message* mask = target->GetReflection()->MutableMessage(target, f);
    const FieldDescriptor* paths = mask->GetDescriptor()->FindFieldByName("paths");
    // The whole value: a mask may name every field (URL length is bounded upstream).
    for (absl::string_view item :
         absl::StrSplit(absl::string_view(value.data(), value.size()), ',', absl::SkipEmpty())) {
      std::string snake;
      for (char c : item) {
        if (c >= 'A' && c <= 'Z') {
          snake += '_';
          snake += static_cast<char>(c - 'A' + 'a');
        } else {
          snake += c;
        }
      }
      mask->GetReflection()->AddString(mask, paths, snake);
    }
    return std::nullopt;
  }
  if (f == nullptr || f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE || f->is_map()) {
    return core::Render(kUnknownParameter);
  }
  const Reflection* r = target->GetReflection();
  const bool rep = f->is_repeated();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      rep ? r->AddString(target, f, std::string(value))
          : r->SetString(target, f, std::string(value));
      return std::nullopt;
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t x;
      if (!absl::SimpleAtoi(v, &x)) return core::Render(kNotInteger, {shown});
      rep ? r->AddInt32(target, f, x) : r->SetInt32(target, f, x);
      return std::nullopt;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t x;
      if (!absl::SimpleAtoi(v, &x)) return core::Render(kNotInteger, {shown});
      rep ? r->AddInt64(target, f, x) : r->SetInt64(target, f, x);
      return std::nullopt;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t x;
      if (!absl::SimpleAtoi(v, &x)) return core::Render(kNotNonNegative, {shown});
      rep ? r->AddUInt32(target, f, x) : r->SetUInt32(target, f, x);
      return std::nullopt;
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t x;
      if (!absl::SimpleAtoi(v, &x)) return core::Render(kNotNonNegative, {shown});
      rep ? r->AddUInt64(target, f, x) : r->SetUInt64(target, f, x);
      return std::nullopt;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
      double x;
      if (!absl::SimpleAtod(v, &x) || !std::isfinite(x)) return core::Render(kNotNumber, {shown});
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE) {
        rep ? r->AddDouble(target, f, x) : r->SetDouble(target, f, x);
      } else {
        rep ? r->AddFloat(target, f, static_cast<float>(x))
            : r->SetFloat(target, f, static_cast<float>(x));
      }
      return std::nullopt;
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      bool x;
      if (v == "true" || v == "1") {
        x = true;
      } else if (v == "false" || v == "0") {
        x = false;
      } else {
        return core::Render(kNotBool, {shown});
      }
      rep ? r->AddBool(target, f, x) : r->SetBool(target, f, x);
      return std::nullopt;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* ev = f->enum_type()->FindValueByName(v);
      int n;
      if (ev == nullptr && absl::SimpleAtoi(v, &n)) ev = f->enum_type()->FindValueByNumber(n);
      if (ev == nullptr) {
        std::vector<std::string> names;
        names.reserve(static_cast<size_t>(f->enum_type()->value_count()));
        for (int i = 0; i < f->enum_type()->value_count(); ++i) {
          names.push_back(f->enum_type()->value(i)->name());
        }
        return core::Render(kNotEnum, {shown, absl::StrJoin(names, ", ")});
      }
      rep ? r->AddEnum(target, f, ev) : r->SetEnum(target, f, ev);
      return std::nullopt;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return core::Render(kUnknownParameter);
}

// Protobuf's JSON parser is lenient about shapes (it takes "x" for a repeated
// field); check them first so every wrong type is reported, with its path.
void CheckShape(const nlohmann::json& j, const google::protobuf::Descriptor* d,
                const std::string& path, std::vector<core::FieldViolation>& out) {
  if (d->full_name().rfind("google.protobuf.", 0) == 0) return;  // well-known types: own JSON forms
  if (!j.is_object()) {
    out.push_back(core::Violation(path.empty() ? "body" : path, kNotObject));
    return;
  }
  for (const auto& [key, value] : j.items()) {
    const FieldDescriptor* f = FindField(d, key);
    if (f == nullptr || value.is_null()) continue;  // unknown fields: the parser reports them
    const std::string field_path = path.empty() ? f->name() : path + "." + f->name();
    if (f->is_map()) {
      if (!value.is_object()) out.push_back(core::Violation(field_path, kNotObject));
    } else if (f->is_repeated()) {
      if (!value.is_array()) {
        out.push_back(core::Violation(field_path, kNotArray));
      } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        for (size_t i = 0; i < value.size(); ++i) {
          CheckShape(value[i], f->message_type(), field_path + "[" + std::to_string(i) + "]", out);
        }
      }
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      CheckShape(value, f->message_type(), field_path, out);
    }
  }
}

}  // namespace

absl::Status BuildRequest(const Route& route, const Params& path_bindings, const Params& query,
                          std::string_view body, Message* out) {
  std::vector<core::FieldViolation> violations;
  // 0. Text from the URL becomes protobuf strings, which must be UTF-8: refuse
  // anything else here (a service would fail to parse it and answer INTERNAL),
  // naming the parameter without echoing its bytes.
  for (const Params* params : {&path_bindings, &query}) {
    for (const auto& [name, value] : *params) {
      if (!core::IsUtf8(name)) {
        violations.push_back(
            core::Violation(absl::CHexEscape(name.substr(0, 40)), core::texts::kNotUtf8));
      } else if (!core::IsUtf8(value)) {
        violations.push_back(
            core::Violation(std::string(core::Utf8Prefix(name, 100)), core::texts::kNotUtf8));
      }
    }
  }
  if (!violations.empty()) return core::InvalidFields(violations);
  // 1. Body.
  if (!route.body.empty()) {
    std::string json(body.empty() ? std::string_view("{}") : body);
    Message* target = out;
    if (route.body != "*") {
      target = out->GetReflection()->MutableMessage(
          out, out->GetDescriptor()->FindFieldByName(route.body));
    }
    nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) {
      return core::InvalidFields({core::Violation("body", kNotJson)});
    }
    std::vector<core::FieldViolation> shape;
    CheckShape(parsed, target->GetDescriptor(), "", shape);
    if (!shape.empty()) {
      if (route.body != "*") {
        for (auto& v : shape) v.field = v.field == "body" ? "body" : route.body + "." + v.field;
      }
      return core::InvalidFields(shape);
    }
    google::protobuf::util::JsonParseOptions opts;
    opts.ignore_unknown_fields = false;
    auto s = google::protobuf::util::JsonStringToMessage(json, target, opts);
    if (!s.ok()) {
      return core::InvalidFields({core::Violation(
          "body", kBadMessage, {target->GetDescriptor()->full_name(), std::string(s.message())})});
    }
  }
  // 2. Query parameters, unless the body takes every field.
  std::set<std::string> bound;
  for (const auto& [field, value] : path_bindings) bound.insert(field);
  if (route.body != "*") {
    for (const auto& [name, value] : query) {
      if (bound.count(name) > 0) {
        violations.push_back(core::Violation(std::string(core::Utf8Prefix(name, 100)), kInPath));
        continue;
      }
      if (!route.body.empty() && (name == route.body || name.rfind(route.body + ".", 0) == 0)) {
        violations.push_back(core::Violation(std::string(core::Utf8Prefix(name, 100)), kInBody));
        continue;
      }
      if (auto why = SetFromText(out, name, value)) {
        violations.push_back({std::string(core::Utf8Prefix(name, 100)), *why});
      }
    }
  } else if (!query.empty()) {
    violations.push_back(
        core::Violation(std::string(core::Utf8Prefix(query.front().first, 100)), kNoQuery));
  }
  // 3. Path variables win over anything the body said.
  for (const auto& [field, value] : path_bindings) {
    if (auto why = SetFromText(out, field, value)) violations.push_back({field, *why});
  }
  if (!violations.empty()) return core::InvalidFields(violations);
  return absl::OkStatus();
}

std::string ToJson(const Message& msg) {
  std::string out;
  WriteJson(msg, out);
  return out;
}

bool ParseTarget(std::string_view target, std::string* path, Params* query) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return false;
  *path = std::string(url->encoded_path());
  for (auto p : url->params()) query->emplace_back(p.key, p.value);
  return true;
}

}  // namespace atlas::gateway
