// Direct proto3 JSON writer.
#include "gateway/api/json_writer.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <list>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "absl/container/flat_hash_map.h"

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

// Elements of repeated message fields written apart (WriteWireJson): each
// field's elements' JSON, in order.
using Splices = std::map<const FieldDescriptor*, std::vector<std::string>>;

void WriteMessage(const Message& msg, std::string& out, const Splices* splices = nullptr);

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

void WriteMessage(const Message& msg, std::string& out, const Splices* splices) {
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
    if (auto spliced = splices != nullptr ? splices->find(f) : Splices::const_iterator();
        splices != nullptr && spliced != splices->end()) {
      out.push_back('[');
      for (size_t k = 0; k < spliced->second.size(); ++k) {
        if (k > 0) out.push_back(',');
        out += spliced->second[k];
      }
      out.push_back(']');
    } else if (f->is_map()) {
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

// Whether `d` must be handed to protobuf's printer. Descriptors live
// forever; the answer is remembered per thread, lock-free.
bool MustDelegate(const Descriptor* d) {
  thread_local std::unordered_map<const Descriptor*, bool> delegated;
  auto [it, inserted] = delegated.try_emplace(d, false);
  if (inserted) it->second = NeedsDelegation(d);
  return it->second;
}

}  // namespace

void WriteJson(const Message& msg, std::string& out) {
  if (MustDelegate(msg.GetDescriptor())) {
    google::protobuf::util::JsonPrintOptions opts;
    opts.always_print_primitive_fields = true;
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(msg, &json, opts);
    out += json;
    return;
  }
  WriteMessage(msg, out);
}

struct JsonMemo::State {
  struct Key {
    const Descriptor* type;
    XXH128_hash_t hash;
    bool operator==(const Key& o) const {
      return type == o.type && hash.low64 == o.hash.low64 && hash.high64 == o.hash.high64;
    }
    template <typename H>
    friend H AbslHashValue(H h, const Key& k) {
      return H::combine(std::move(h), k.type, k.hash.low64, k.hash.high64);
    }
  };
  struct Entry {
    Key key;
    std::string json;
  };
  static constexpr size_t kEntryOverhead = 96;  // list node, index slot
  mutable std::mutex mu;
  std::list<Entry> lru;  // most recently used first
  absl::flat_hash_map<Key, std::list<Entry>::iterator> index;
  size_t bytes = 0, max_bytes = 0;
  uint64_t hits = 0, misses = 0;

  // Appends the entry's JSON to `out` if there is one.
  bool Find(const Key& key, std::string& out) {
    std::lock_guard<std::mutex> lock(mu);
    auto it = index.find(key);
    if (it == index.end()) {
      ++misses;
      return false;
    }
    ++hits;
    lru.splice(lru.begin(), lru, it->second);
    out += it->second->json;
    return true;
  }

  void Store(const Key& key, std::string json) {
    const size_t size = json.size() + kEntryOverhead;
    if (size > max_bytes / 8) return;  // none may take much of it
    std::lock_guard<std::mutex> lock(mu);
    if (index.contains(key)) return;
    lru.push_front({key, std::move(json)});
    index[key] = lru.begin();
    bytes += size;
    while (bytes > max_bytes && !lru.empty()) {
      bytes -= lru.back().json.size() + kEntryOverhead;
      index.erase(lru.back().key);
      lru.pop_back();
    }
  }
};

JsonMemo::JsonMemo(size_t max_bytes) : s_(std::make_unique<State>()) { s_->max_bytes = max_bytes; }
JsonMemo::~JsonMemo() = default;

JsonMemo::Stats JsonMemo::stats() const {
  std::lock_guard<std::mutex> lock(s_->mu);
  return {.hits = s_->hits, .misses = s_->misses, .bytes = s_->bytes, .entries = s_->index.size()};
}

bool WriteWireJson(const Descriptor* type, std::string_view wire, JsonMemo* memo,
                   std::string& out) {
  namespace wf = google::protobuf::internal;
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  std::unique_ptr<Message> msg(factory->GetPrototype(type)->New());
  if (memo == nullptr || MustDelegate(type)) {
    if (!msg->ParseFromArray(wire.data(), static_cast<int>(wire.size()))) return false;
    WriteJson(*msg, out);
    return true;
  }
  // The top-level fields: elements of repeated message fields set apart (in
  // order), everything else kept as it came.
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(wire.data()),
                                            static_cast<int>(wire.size()));
  std::string rest;
  std::map<const FieldDescriptor*, std::vector<std::string_view>> elements;
  while (true) {
    const int start = in.CurrentPosition();
    const uint32_t tag = in.ReadTag();
    if (tag == 0) break;
    const FieldDescriptor* f = type->FindFieldByNumber(static_cast<int>(tag >> 3));
    if (f != nullptr && f->is_repeated() && !f->is_map() &&
        f->type() == FieldDescriptor::TYPE_MESSAGE &&
        wf::WireFormatLite::GetTagWireType(tag) == wf::WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      uint32_t length = 0;
      if (!in.ReadVarint32(&length) || length > wire.size() - in.CurrentPosition()) return false;
      elements[f].push_back(wire.substr(in.CurrentPosition(), length));
      if (!in.Skip(static_cast<int>(length))) return false;
      continue;
    }
    if (!wf::WireFormatLite::SkipField(&in, tag)) return false;
    rest.append(wire.substr(start, in.CurrentPosition() - start));
  }
  if (!in.ConsumedEntireMessage()) return false;
  // A field whose elements are all small goes back with the rest (its order
  // kept: it is the only one to hold them).
  Splices splices;
  for (auto& [f, parts] : elements) {
    const bool large =
        std::any_of(parts.begin(), parts.end(), [](std::string_view p) { return p.size() >= 256; });
    if (!large) {
      auto varint = [&rest](uint32_t n) {
        for (; n >= 0x80; n >>= 7) rest.push_back(static_cast<char>((n & 0x7F) | 0x80));
        rest.push_back(static_cast<char>(n));
      };
      for (std::string_view p : parts) {  // tag, length, element
        varint(wf::WireFormatLite::MakeTag(f->number(),
                                           wf::WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
        varint(static_cast<uint32_t>(p.size()));
        rest.append(p);
      }
      continue;
    }
    const Message* prototype = factory->GetPrototype(f->message_type());
    std::vector<std::string>& jsons = splices[f];
    jsons.reserve(parts.size());
    for (std::string_view p : parts) {
      const JsonMemo::State::Key key{f->message_type(), XXH3_128bits(p.data(), p.size())};
      std::string& json = jsons.emplace_back();
      if (memo->s_->Find(key, json)) continue;
      std::unique_ptr<Message> element(prototype->New());
      if (!element->ParseFromArray(p.data(), static_cast<int>(p.size()))) return false;
      WriteMessage(*element, json);
      memo->s_->Store(key, json);
    }
  }
  if (!msg->ParseFromString(rest)) return false;
  WriteMessage(*msg, out, &splices);
  return true;
}

}  // namespace atlas::gateway
