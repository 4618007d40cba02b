// Fault injection for crash tests. A process configured with ATLAS_FAULT=<point>
// kills itself with SIGKILL the first time it reaches that point — the
// harshest crash there is, no destructors and no flushing. Never set in
// production; the default is "none".
#ifndef ATLAS_CORE_FAULT_H_
#define ATLAS_CORE_FAULT_H_

#include <string>
#include <string_view>

namespace atlas::fault {

// Arms `point` ("none" disarms). Call once at start-up.
void Arm(std::string point);

// Dies by SIGKILL if `point` is armed.
void Point(std::string_view point);

}  // namespace atlas::fault

#endif  // ATLAS_CORE_FAULT_H_
