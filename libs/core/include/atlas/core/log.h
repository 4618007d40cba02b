// Structured logs: one JSON object per line on stderr.
//
// Every line carries ts (RFC 3339, UTC, ms), level, service and msg, plus the
// caller's fields, and the W3C traceparent when one is in scope. Thread-safe:
// lines from concurrent threads never interleave.
#ifndef ATLAS_CORE_LOG_H_
#define ATLAS_CORE_LOG_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace atlas::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

using Field = std::pair<std::string_view, std::string>;

// Sets the service name and minimum level ("debug", "info", "warn", "error").
void Init(std::string service, std::string_view level);

void Write(Level level, std::string_view msg, std::initializer_list<Field> fields = {});
inline void Debug(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kDebug, m, f);
}
inline void Info(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kInfo, m, f);
}
inline void Warn(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kWarn, m, f);
}
inline void Error(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kError, m, f);
}

// Formats one log line (without the trailing newline). Exposed for tests.
std::string FormatLine(std::string_view ts, Level level, std::string_view service,
                       std::string_view msg, std::initializer_list<Field> fields);

// Appends `s` to `out` as a JSON string literal (quotes included).
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace atlas::log

#endif  // ATLAS_CORE_LOG_H_
