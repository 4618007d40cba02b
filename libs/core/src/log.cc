// JSON line logger.
#include "atlas/core/log.h"

#include "atlas/core/time.h"
#include "atlas/core/utf8.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <utility>

namespace atlas::log {
namespace {

struct State {
  std::mutex mu;
  std::string service = "atlas";
  // Read without the lock: a line below the level costs one atomic load.
  std::atomic<Level> min{Level::kInfo};
};

thread_local std::string current_traceparent;

State& GetState() {
  static State* s = new State();  // never destroyed: logging may run during exit
  return *s;
}

const char* LevelName(Level l) {
  switch (l) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

std::string Now() { return core::FormatRfc3339(std::chrono::system_clock::now(), 3); }

}  // namespace

void Init(std::string service, std::string_view level) {
  State& s = GetState();
  std::lock_guard lock(s.mu);
  s.service = std::move(service);
  if (level == "debug")
    s.min = Level::kDebug;
  else if (level == "warn")
    s.min = Level::kWarn;
  else if (level == "error")
    s.min = Level::kError;
  else
    s.min = Level::kInfo;
}

void AppendJsonString(std::string& out, std::string_view s) {
  // A log line is JSON, so UTF-8: a caller's invalid bytes are shown as U+FFFD.
  std::string replaced;
  if (!core::IsUtf8(s)) {
    replaced = core::Utf8Replace(s);
    s = replaced;
  }
  out.push_back('"');
  // Runs of characters that need no escape are appended whole.
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

std::string FormatLine(std::string_view ts, Level level, std::string_view service,
                       std::string_view msg, std::initializer_list<Field> fields) {
  std::string line = "{\"ts\":";
  AppendJsonString(line, ts);
  line += ",\"level\":";
  AppendJsonString(line, LevelName(level));
  line += ",\"service\":";
  AppendJsonString(line, service);
  line += ",\"msg\":";
  AppendJsonString(line, msg);
  for (const auto& [k, v] : fields) {
    line.push_back(',');
    AppendJsonString(line, k);
    line.push_back(':');
    AppendJsonString(line, v);
  }
  line.push_back('}');
  return line;
}

TraceScope::TraceScope(std::string traceparent)
    : previous_(std::exchange(current_traceparent, std::move(traceparent))) {}

TraceScope::~TraceScope() { current_traceparent = std::move(previous_); }

const std::string& CurrentTraceparent() { return current_traceparent; }

bool IsValidTraceparent(std::string_view s) {
  if (s.size() != 55 || s.substr(0, 3) != "00-" || s[35] != '-' || s[52] != '-') return false;
  auto hex = [&](size_t from, size_t n) {
    bool nonzero = false;
    for (size_t i = from; i < from + n; ++i) {
      const char c = s[i];
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
      nonzero = nonzero || c != '0';
    }
    return nonzero || n == 2;
  };
  return hex(3, 32) && hex(36, 16) && hex(53, 2);
}

bool Enabled(Level level) { return level >= GetState().min.load(std::memory_order_relaxed); }

void Write(Level level, std::string_view msg, std::initializer_list<Field> fields) {
  if (!Enabled(level)) return;
  State& s = GetState();
  std::string service;
  {
    std::lock_guard lock(s.mu);
    service = s.service;
  }
  std::string line = FormatLine(Now(), level, service, msg, fields);
  if (!current_traceparent.empty()) {
    line.pop_back();  // the closing brace
    line += ",\"traceparent\":";
    AppendJsonString(line, current_traceparent);
    line.push_back('}');
  }
  line.push_back('\n');
  // One write(2) per line keeps lines whole even across processes.
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace atlas::log
