// Serialising nlohmann::json that may hold text from outside: nlohmann's
// dump() throws on invalid UTF-8 by default, and an exception from a reply
// path would end the process. DumpJson replaces invalid bytes (U+FFFD)
// instead; use it for every document the platform writes.
#ifndef ATLAS_CORE_JSON_H_
#define ATLAS_CORE_JSON_H_

#include <string>

#include <nlohmann/json.hpp>

namespace atlas::core {

inline std::string DumpJson(const nlohmann::json& j, int indent = -1) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace atlas::core

#endif  // ATLAS_CORE_JSON_H_
