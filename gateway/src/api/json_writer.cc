// Direct proto3 JSON writer.
#include "gateway/api/json_writer.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "absl/strings/escaping.h"
#include "atlas/core/log.h"

namespace atlas::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Well-known types this writer does not render itself.
bool Delegated(const Descriptor* d) {
  const std::string& n = d->full_name();
  return n == "google.protobuf.Any" || n == "google.protobuf.Struct" ||
         n == "google.protobuf.Value" || n == "google.protobuf.ListValue";
}

// True if `d` or any message type reachable from it must be delegated.
bool NeedsDelegation(const Descriptor* d, int depth = 0) {
  if (Delegated(d)) return true;
  if (depth > 32) return false;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && f->message_type() != d &&
        NeedsDelegation(f->message_type(), depth + 1)) {
      return true;
    }
  }
  return false;
}

void AppendDouble(double v, std::string& out) {
  if (std::isnan(v)) {
    out += "\"NaN\"";
  } else if (std::isinf(v)) {
    out += v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  } else {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, end);
  }
}

void AppendFloat(float v, std::string& out) {
  if (std::isnan(v) || std::isinf(v)) return AppendDouble(v, out);
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

template <typename T>
void AppendInt(T v, std::string& out, bool quoted) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (quoted) out.push_back('"');
  out.append(buf, end);
  if (quoted) out.push_back('"');
}

// RFC 3339 with 0, 3, 6 or 9 fractional digits, as protobuf prints it.
void AppendTimestamp(int64_t seconds, int32_t nanos, std::string& out) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "\"%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
                        tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  out.append(buf, static_cast<size_t>(n));
  if (nanos != 0) {
    if (nanos % 1000000 == 0) {
      n = std::snprintf(buf, sizeof buf, ".%03d", nanos / 1000000);
    } else if (nanos % 1000 == 0) {
      n = std::snprintf(buf, sizeof buf, ".%06d", nanos / 1000);
    } else {
      n = std::snprintf(buf, sizeof buf, ".%09d", nanos);
    }
    out.append(buf, static_cast<size_t>(n));
  }
  out += "Z\"";
}

void AppendDuration(int64_t seconds, int32_t nanos, std::string& out) {
  out.push_back('"');
  if (seconds < 0 || nanos < 0) {
    out.push_back('-');
    seconds = -seconds;
    nanos = -nanos;
  }
  AppendInt(seconds, out, false);
  if (nanos != 0) {
    char buf[16];
    int n = nanos % 1000000 == 0 ? std::snprintf(buf, sizeof buf, ".%03d", nanos / 1000000)
            : nanos % 1000 == 0  ? std::snprintf(buf, sizeof buf, ".%06d", nanos / 1000)
                                 : std::snprintf(buf, sizeof buf, ".%09d", nanos);
    out.append(buf, static_cast<size_t>(n));
  }
  out += "s\"";
}

void WriteMessage(const Message& msg, std::string& out);

void WriteScalar(const Message& msg, const FieldDescriptor* f, int index, std::string& out) {
  const Reflection* r = msg.GetReflection();
  const bool rep = index >= 0;
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return AppendInt(rep ? r->GetRepeatedInt32(msg, f, index) : r->GetInt32(msg, f), out, false);
    case FieldDescriptor::CPPTYPE_UINT32:
      return AppendInt(rep ? r->GetRepeatedUInt32(msg, f, index) : r->GetUInt32(msg, f), out,
                       false);
    case FieldDescriptor::CPPTYPE_INT64:
      return AppendInt(rep ? r->GetRepeatedInt64(msg, f, index) : r->GetInt64(msg, f), out, true);
    case FieldDescriptor::CPPTYPE_UINT64:
      return AppendInt(rep ? r->GetRepeatedUInt64(msg, f, index) : r->GetUInt64(msg, f), out, true);
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return AppendDouble(rep ? r->GetRepeatedDouble(msg, f, index) : r->GetDouble(msg, f), out);
    case FieldDescriptor::CPPTYPE_FLOAT:
      return AppendFloat(rep ? r->GetRepeatedFloat(msg, f, index) : r->GetFloat(msg, f), out);
    case FieldDescriptor::CPPTYPE_BOOL:
      out += (rep ? r->GetRepeatedBool(msg, f, index) : r->GetBool(msg, f)) ? "true" : "false";
      return;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const int value = rep ? r->GetRepeatedEnumValue(msg, f, index) : r->GetEnumValue(msg, f);
      if (f->enum_type()->full_name() == "google.protobuf.NullValue") {
        out += "null";
        return;
      }
      const auto* ev = f->enum_type()->FindValueByNumber(value);
      if (ev == nullptr) return AppendInt(value, out, false);
      log::AppendJsonString(out, ev->name());
      return;
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& s = rep ? r->GetRepeatedStringReference(msg, f, index, &scratch)
                                 : r->GetStringReference(msg, f, &scratch);
      if (f->type() == FieldDescriptor::TYPE_BYTES) {
        out.push_back('"');
        out += absl::Base64Escape(s);
        out.push_back('"');
      } else {
        log::AppendJsonString(out, s);
      }
      return;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return WriteMessage(rep ? r->GetRepeatedMessage(msg, f, index) : r->GetMessage(msg, f), out);
  }
}

// Wrapper types (google.protobuf.Int32Value, …) print as their value.
bool IsWrapper(const Descriptor* d) {
  return d->file()->name() == "google/protobuf/wrappers.proto";
}

void WriteMessage(const Message& msg, std::string& out) {
  const Descriptor* d = msg.GetDescriptor();
  const Reflection* r = msg.GetReflection();
  const std::string& name = d->full_name();
  if (name == "google.protobuf.Timestamp") {
    return AppendTimestamp(r->GetInt64(msg, d->field(0)), r->GetInt32(msg, d->field(1)), out);
  }
  if (name == "google.protobuf.Duration") {
    return AppendDuration(r->GetInt64(msg, d->field(0)), r->GetInt32(msg, d->field(1)), out);
  }
  if (IsWrapper(d)) return WriteScalar(msg, d->field(0), -1, out);
  if (name == "google.protobuf.FieldMask") {
    out.push_back('"');
    const FieldDescriptor* paths = d->field(0);
    for (int i = 0; i < r->FieldSize(msg, paths); ++i) {
      if (i > 0) out.push_back(',');
      bool upper = false;
      for (char c : r->GetRepeatedString(msg, paths, i)) {
        if (c == '_') {
          upper = true;
        } else {
          out.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
          upper = false;
        }
      }
    }
    out.push_back('"');
    return;
  }
  out.push_back('{');
  bool first = true;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    // Repeated fields and scalars print even when empty or default; unset
    // messages and oneof members do not.
    if (!f->is_repeated() &&
        (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE || f->containing_oneof() != nullptr) &&
        !r->HasField(msg, f)) {
      continue;
    }
    if (!first) out.push_back(',');
    first = false;
    log::AppendJsonString(out, f->json_name());
    out.push_back(':');
    if (f->is_map()) {
      out.push_back('{');
      const Descriptor* entry = f->message_type();
      for (int k = 0; k < r->FieldSize(msg, f); ++k) {
        const Message& e = r->GetRepeatedMessage(msg, f, k);
        if (k > 0) out.push_back(',');
        std::string key;
        WriteScalar(e, entry->field(0), -1, key);
        if (key.front() != '"') key.insert(0, 1, '"').push_back('"');
        out += key;
        out.push_back(':');
        WriteScalar(e, entry->field(1), -1, out);
      }
      out.push_back('}');
    } else if (f->is_repeated()) {
      out.push_back('[');
      for (int k = 0; k < r->FieldSize(msg, f); ++k) {
        if (k > 0) out.push_back(',');
        WriteScalar(msg, f, k, out);
      }
      out.push_back(']');
    } else {
      WriteScalar(msg, f, -1, out);
    }
  }
  out.push_back('}');
}

}  // namespace

void WriteJson(const Message& msg, std::string& out) {
  // Descriptors live forever; remember the answer per thread, lock-free.
  thread_local std::unordered_map<const Descriptor*, bool> delegated;
  auto [it, inserted] = delegated.try_emplace(msg.GetDescriptor(), false);
  if (inserted) it->second = NeedsDelegation(msg.GetDescriptor());
  if (it->second) {
    google::protobuf::util::JsonPrintOptions opts;
    opts.always_print_primitive_fields = true;
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(msg, &json, opts);
    out += json;
    return;
  }
  WriteMessage(msg, out);
}

}  // namespace atlas::gateway
