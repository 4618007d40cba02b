// Where the dialogue on projects is kept: comments (threads and replies),
// who read up to when. The PostgreSQL implementation writes each comment with
// its comment.created and comment.mentioned events in one transaction.
#ifndef ATLAS_REGISTRY_DOMAIN_DIALOGUE_STORE_H_
#define ATLAS_REGISTRY_DOMAIN_DIALOGUE_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/registry/v1/dialogue.pb.h"

namespace atlas::registry {

class DialogueStore {
 public:
  virtual ~DialogueStore() = default;
  // Stores comment `c` (thread_id "" = a new thread) with its events. Atomic.
  virtual absl::StatusOr<v1::Comment> AddComment(const std::string& project_id,
                                                 const std::string& thread_id,
                                                 const v1::Comment& c) = 0;
  // A project's comments in creation order.
  virtual absl::StatusOr<std::vector<v1::Comment>> Comments(const std::string& project_id) = 0;
  // When `reader` last read the project's dialogue (microseconds since the
  // epoch; 0 = never), and marking it read now.
  virtual absl::StatusOr<int64_t> ReadMark(const std::string& project_id,
                                           const std::string& reader) = 0;
  virtual absl::Status SetReadMark(const std::string& project_id, const std::string& reader) = 0;
  // Sets a thread's resolved state; NOT_FOUND unless `comment_id` is a thread of the project.
  virtual absl::StatusOr<v1::Comment> SetResolved(const std::string& project_id,
                                                  const std::string& comment_id, bool resolved) = 0;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_DIALOGUE_STORE_H_
