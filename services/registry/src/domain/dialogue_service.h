// The dialogue on a project: comments by field, threads and replies,
// @mentions (of the project's organisation and the ministry only), read
// marks, resolution. Its participants are those who may read the working
// copy (ProjectService::WorkingCopy). No transport, no SQL.
#ifndef ATLAS_REGISTRY_DOMAIN_DIALOGUE_SERVICE_H_
#define ATLAS_REGISTRY_DOMAIN_DIALOGUE_SERVICE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "registry/domain/dialogue_store.h"
#include "registry/domain/project_service.h"

namespace atlas::registry {

class DialogueService final {
 public:
  DialogueService(ProjectService& projects, DialogueStore& store)
      : projects_(projects), store_(store) {}
  DialogueService(const DialogueService&) = delete;
  DialogueService& operator=(const DialogueService&) = delete;

  // Adds `c` to the dialogue of project `parent` (the owning organisation
  // and those who see every organisation). INVALID_ARGUMENT for an empty or
  // long text, an unknown field or thread; NOT_FOUND / PERMISSION_DENIED as
  // ProjectService::Update.
  absl::StatusOr<v1::Comment> CreateComment(const std::string& parent, v1::Comment c,
                                            const Actor& actor);
  // Threads (with `field` if set; unresolved only if asked) and their replies,
  // each marked `unread` when newer than the actor's read mark and not theirs.
  absl::StatusOr<std::vector<v1::Comment>> Comments(const std::string& parent,
                                                    const std::string& field, bool unresolved_only,
                                                    const Actor& actor);
  absl::StatusOr<v1::Comment> ResolveComment(const std::string& name, bool resolved,
                                             const Actor& actor);
  // The actor has read project `parent`'s dialogue up to now.
  absl::Status MarkCommentsRead(const std::string& parent, const Actor& actor);

 private:
  ProjectService& projects_;
  DialogueStore& store_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_DIALOGUE_SERVICE_H_
