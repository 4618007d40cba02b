// Actions of a programme and the registry projects they fund (issue 20,
// item 2): an action's page lists its projects and their status, from a read
// model of the registry's events (events/registry_events.h), never from a
// call to the registry. Analysts link actions to projects.
#ifndef ATLAS_INDICATORS_DOMAIN_ACTIONS_H_
#define ATLAS_INDICATORS_DOMAIN_ACTIONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/core/i18n.h"

namespace atlas::indicators {

struct LinkedProject {
  std::string project = {};  // projects/{id}
  bool is_public = false;    // has a public version (published, not archived)
  core::Localized title = {};
  std::string status = {};  // IATI activity status of the public version
  bool demo = false;
};

struct Action {
  std::string id = {};
  std::string programme = {};
  std::string code = {};
  core::Localized title = {};
  std::string region = {};
  bool demo = false;
  std::vector<LinkedProject> projects = {};
};

// The chronogramme (issue 20, item 6): a programme's actions in time, with
// their milestones.
struct Milestone {
  std::string due = {};  // YYYY-MM-DD
  core::Localized title = {};
  bool done = false;
};

struct ScheduledAction {
  std::string id = {};
  std::string code = {};
  core::Localized title = {};
  std::string region = {};
  std::string starts = {}, ends = {};  // YYYY-MM-DD; both empty: not scheduled yet
  std::vector<Milestone> milestones = {};
  bool demo = false;
};

struct Chronogramme {
  std::string programme = {};
  std::string from = {}, to = {};             // the span of the scheduled actions
  std::vector<ScheduledAction> actions = {};  // by region (MA-01…MA-12, central), then start
  std::vector<ScheduledAction> unscheduled = {};
};

// Orders and splits a programme's actions for the chronogramme.
Chronogramme MakeChronogramme(const std::string& programme, std::vector<ScheduledAction> actions);

class ActionStore {
 public:
  virtual ~ActionStore() = default;
  // Every action of `programme` with its dates and milestones; NOT_FOUND if
  // there is no such programme.
  virtual absl::StatusOr<std::vector<ScheduledAction>> Schedule(const std::string& programme) = 0;
  // The actions linked to a public project of `organisation` (an id), each
  // with those projects only, by programme then code.
  virtual absl::StatusOr<std::vector<Action>> ForOrganisation(const std::string& organisation) = 0;
  // NOT_FOUND if there is no such action.
  virtual absl::StatusOr<Action> Find(const std::string& id) = 0;
  // NOT_FOUND (action), FAILED_PRECONDITION when the read model has no
  // public version of `project`; linking twice is one link.
  virtual absl::Status Link(const std::string& action, const std::string& project,
                            const std::string& actor) = 0;
  virtual absl::Status Unlink(const std::string& action, const std::string& project) = 0;
};

class ActionService final {
 public:
  explicit ActionService(ActionStore& store) : store_(store) {}
  // The public sees only projects that have a public version.
  absl::StatusOr<Action> Get(const std::string& id, bool analyst);
  absl::Status Link(const std::string& action, const std::string& project,
                    const std::string& actor);
  absl::Status Unlink(const std::string& action, const std::string& project);
  // The programme's chronogramme, for one region ("": all; else central or
  // MA-01…MA-12, INVALID_ARGUMENT naming `region` otherwise).
  absl::StatusOr<Chronogramme> GetChronogramme(const std::string& programme,
                                               const std::string& region);
  // The actions that fund `organisation`'s projects. `caller_organisation`
  // (an id) and `sees_all`: editors see their own organisation's only
  // (PERMISSION_DENIED for another), analysts and administrators any.
  absl::StatusOr<std::vector<Action>> ForOrganisation(const std::string& organisation,
                                                      const std::string& caller_organisation,
                                                      bool sees_all);

 private:
  ActionStore& store_;
};

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_DOMAIN_ACTIONS_H_
