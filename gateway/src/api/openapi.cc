// OpenAPI generation from descriptors.
#include "gateway/api/openapi.h"
#include "atlas/core/json.h"

#include <google/protobuf/descriptor.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "absl/strings/ascii.h"
#include "google/api/field_behavior.pb.h"

namespace atlas::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using json = nlohmann::ordered_json;

std::string Ref(const Descriptor* d) { return "#/components/schemas/" + d->full_name(); }

json ScalarSchema(const FieldDescriptor* f, std::set<const Descriptor*>& todo) {
  switch (f->type()) {
    case FieldDescriptor::TYPE_STRING:
      return {{"type", "string"}};
    case FieldDescriptor::TYPE_BYTES:
      return {{"type", "string"}, {"format", "byte"}};
    case FieldDescriptor::TYPE_BOOL:
      return {{"type", "boolean"}};
    case FieldDescriptor::TYPE_DOUBLE:
      return {{"type", "number"}, {"format", "double"}};
    case FieldDescriptor::TYPE_FLOAT:
      return {{"type", "number"}, {"format", "float"}};
    case FieldDescriptor::TYPE_INT32:
    case FieldDescriptor::TYPE_SINT32:
    case FieldDescriptor::TYPE_SFIXED32:
      return {{"type", "integer"}, {"format", "int32"}};
    case FieldDescriptor::TYPE_UINT32:
    case FieldDescriptor::TYPE_FIXED32:
      return {{"type", "integer"}, {"format", "int64"}, {"minimum", 0}};
    // proto3 JSON writes 64-bit integers as strings.
    case FieldDescriptor::TYPE_INT64:
    case FieldDescriptor::TYPE_SINT64:
    case FieldDescriptor::TYPE_SFIXED64:
    case FieldDescriptor::TYPE_UINT64:
    case FieldDescriptor::TYPE_FIXED64:
      return {{"type", "string"}, {"format", "int64"}};
    case FieldDescriptor::TYPE_ENUM: {
      json values = json::array();
      for (int i = 0; i < f->enum_type()->value_count(); ++i)
        values.push_back(f->enum_type()->value(i)->name());
      return {{"type", "string"}, {"enum", values}};
    }
    case FieldDescriptor::TYPE_MESSAGE:
    case FieldDescriptor::TYPE_GROUP: {
      const Descriptor* m = f->message_type();
      if (m->full_name() == "google.protobuf.Timestamp")
        return {{"type", "string"}, {"format", "date-time"}};
      if (m->full_name() == "google.protobuf.Duration")
        return {{"type", "string"}, {"example", "1.5s"}};
      if (m->full_name() == "google.protobuf.FieldMask") return {{"type", "string"}};
      todo.insert(m);
      return {{"$ref", Ref(m)}};
    }
  }
  return {{"type", "string"}};
}

json FieldSchema(const FieldDescriptor* f, std::set<const Descriptor*>& todo) {
  if (f->is_map()) {
    return {{"type", "object"},
            {"additionalProperties", ScalarSchema(f->message_type()->map_value(), todo)}};
  }
  json s = ScalarSchema(f, todo);
  if (f->is_repeated()) return {{"type", "array"}, {"items", s}};
  return s;
}

bool Behaves(const FieldDescriptor* f, google::api::FieldBehavior b) {
  const auto& options = f->options();
  for (int i = 0; i < options.ExtensionSize(google::api::field_behavior); ++i) {
    if (options.GetExtension(google::api::field_behavior, i) == b) return true;
  }
  return false;
}

// The message's fields; its (google.api.field_behavior) annotations become
// `readOnly` (OUTPUT_ONLY: the server sets it, a client's value is ignored)
// and `required` (REQUIRED). A $ref cannot carry siblings in 3.0: an
// output-only message field is wrapped in allOf.
json MessageSchema(const Descriptor* d, std::set<const Descriptor*>& todo) {
  json props = json::object();
  json required = json::array();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    json schema = FieldSchema(f, todo);
    if (Behaves(f, google::api::OUTPUT_ONLY)) {
      if (schema.contains("$ref")) schema = {{"allOf", json::array({schema})}};
      schema["readOnly"] = true;
    }
    if (Behaves(f, google::api::REQUIRED)) required.push_back(f->json_name());
    props[f->json_name()] = std::move(schema);
  }
  json out = {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
  if (!required.empty()) out["required"] = required;
  return out;
}

// "/v1/{name=projects/*}" -> "/v1/{name}"; OpenAPI cannot express the
// multi-segment binding, so the parameter's pattern carries it.
std::string OpenApiPath(const PathTemplate& t, json& params) {
  std::string out;
  const auto& segs = t.segments();
  size_t k = 0;
  while (k < segs.size()) {
    const PathTemplate::Variable* var = nullptr;
    for (const auto& v : t.variables()) {
      if (v.begin == k) var = &v;
    }
    out += "/";
    if (var != nullptr) {
      std::string pattern;
      for (size_t j = var->begin; j < var->end; ++j) {
        if (j > var->begin) pattern += "/";
        pattern += segs[j].kind == PathTemplate::Segment::kLiteral ? segs[j].literal
                   : segs[j].kind == PathTemplate::Segment::kStar  ? "[^/]+"
                                                                   : ".+";
      }
      out += "{" + var->field_path + "}";
      params.push_back({{"name", var->field_path},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}, {"pattern", "^" + pattern + "$"}}},
                        {"description", "Resource name matching " + pattern}});
      k = var->end;
    } else {
      out += segs[k].kind == PathTemplate::Segment::kLiteral ? segs[k].literal : "*";
      ++k;
    }
  }
  if (!t.verb().empty()) out += ":" + t.verb();
  return out;
}

// Query parameters: the request's scalar (and repeated scalar) fields not
// bound by the path or the body.
void AddQueryParams(const Route& r, json& params, std::set<const Descriptor*>& todo) {
  std::set<std::string> bound;
  for (const auto& v : r.path.variables()) bound.insert(v.field_path);
  const Descriptor* in = r.method->input_type();
  for (int i = 0; i < in->field_count(); ++i) {
    const FieldDescriptor* f = in->field(i);
    if (bound.count(f->name()) || f->name() == r.body || f->is_map() ||
        f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      continue;
    }
    params.push_back({{"name", f->name()}, {"in", "query"}, {"schema", FieldSchema(f, todo)}});
  }
}

}  // namespace

std::string GenerateOpenApi(const RouteTable& table, const std::string& version) {
  json doc;
  doc["openapi"] = "3.0.3";
  doc["info"] = {
      {"title", "Sharaka Atlas API"},
      {"version", version},
      {"description",
       "REST surface of Sharaka Atlas, generated from the gRPC protos' google.api.http "
       "annotations. Bodies use the proto3 JSON mapping. Errors: {code, status, message, "
       "details}."}};
  json paths = json::object();
  std::set<const Descriptor*> todo;
  for (const Route& r : table.routes()) {
    json params = json::array();
    std::string path = OpenApiPath(r.path, params);
    if (r.body != "*") AddQueryParams(r, params, todo);
    json op;
    op["operationId"] = r.method->service()->name() + "_" + r.method->name();
    op["tags"] = json::array({r.method->service()->full_name()});
    op["x-grpc-method"] = r.grpc_path;
    if (!params.empty()) op["parameters"] = params;
    if (!r.body.empty()) {
      const Descriptor* body =
          r.body == "*" ? r.method->input_type()
                        : r.method->input_type()->FindFieldByName(r.body)->message_type();
      todo.insert(body);
      op["requestBody"] = {
          {"required", true},
          {"content", {{"application/json", {{"schema", {{"$ref", Ref(body)}}}}}}}};
    }
    todo.insert(r.method->output_type());
    op["responses"] = {
        {"200",
         {{"description", "OK"},
          {"content",
           {{"application/json", {{"schema", {{"$ref", Ref(r.method->output_type())}}}}}}}}},
        {"default",
         {{"description", "Error"},
          {"content",
           {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}};
    paths[path][absl::AsciiStrToLower(r.http_method)] = op;
  }
  doc["paths"] = paths;
  json schemas = json::object();
  schemas["Error"] = {{"type", "object"},
                      {"properties",
                       {{"code", {{"type", "integer"}, {"description", "HTTP status"}}},
                        {"status", {{"type", "string"}, {"description", "gRPC status code name"}}},
                        {"message", {{"type", "string"}}},
                        {"details", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
  std::set<const Descriptor*> done;
  while (!todo.empty()) {
    const Descriptor* d = *todo.begin();
    todo.erase(todo.begin());
    if (!done.insert(d).second) continue;
    schemas[d->full_name()] = MessageSchema(d, todo);
  }
  doc["components"] = {{"schemas", schemas}};
  return core::DumpJson(doc, 2);
}

}  // namespace atlas::gateway
