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
// Whether a line of `level` would be written (to skip building its fields).
bool Enabled(Level level);
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

// The W3C traceparent of the work this thread is doing, added to every log
// line and to events created meanwhile. Scopes nest; the inner one wins.
class TraceScope final {
 public:
  explicit TraceScope(std::string traceparent);
  ~TraceScope();
  TraceScope(const TraceScope&) = delete;
  TraceScope& operator=(const TraceScope&) = delete;

 private:
  std::string previous_;
};
// True for a well-formed W3C traceparent, version 00:
// "00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>", ids not all zero.
// Anything else must not travel on (it ends up in headers and logs).
bool IsValidTraceparent(std::string_view s);

// The current thread's traceparent ("" outside any scope).
const std::string& CurrentTraceparent();

// Formats one log line (without the trailing newline). Exposed for tests.
std::string FormatLine(std::string_view ts, Level level, std::string_view service,
                       std::string_view msg, std::initializer_list<Field> fields);

// Appends `s` to `out` as a JSON string literal (quotes included).
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace atlas::log

#endif  // ATLAS_CORE_LOG_H_
