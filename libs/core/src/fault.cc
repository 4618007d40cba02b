// Fault-injection points.
#include "atlas/core/fault.h"

#include <signal.h>
#include <unistd.h>

#include "atlas/core/log.h"

namespace atlas::fault {
namespace {
std::string& Armed() {
  static std::string* armed = new std::string("none");
  return *armed;
}
}  // namespace

void Arm(std::string point) { Armed() = std::move(point); }

void Point(std::string_view point) {
  if (Armed() != point) return;
  log::Warn("fault injection: SIGKILL", {{"point", std::string(point)}});
  ::kill(::getpid(), SIGKILL);
}

}  // namespace atlas::fault
