// How the registry's stores keep messages in PostgreSQL: proto3 JSON in
// jsonb columns (projects, evaluations), JSON arrays for text[] parameters.
#ifndef ATLAS_REGISTRY_STORE_PG_DOCUMENTS_H_
#define ATLAS_REGISTRY_STORE_PG_DOCUMENTS_H_

#include <string>
#include <vector>

#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>

#include <nlohmann/json.hpp>

#include "atlas/core/json.h"
#include "atlas/registry/v1/project.pb.h"

namespace atlas::registry {

// Documents (projects, evaluations) as proto3 JSON, and back.
inline std::string Json(const google::protobuf::Message& m) {
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(m, &out);
  return out;
}

template <typename Message = v1::Project>
inline Message FromJson(const std::string& json) {
  Message m;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;  // documents written by a newer version
  (void)google::protobuf::util::JsonStringToMessage(json, &m, options);
  return m;
}

inline std::string JsonArray(const std::vector<std::string>& values) {
  return core::DumpJson(nlohmann::json(values));
}

template <typename Repeated>
std::string JsonArray(const Repeated& values) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& v : values) out.push_back(v);
  return core::DumpJson(out);
}

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_STORE_PG_DOCUMENTS_H_
