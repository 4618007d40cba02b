// DialogueStore on PostgreSQL (schema "registry").
#ifndef ATLAS_REGISTRY_STORE_PG_DIALOGUE_STORE_H_
#define ATLAS_REGISTRY_STORE_PG_DIALOGUE_STORE_H_

#include <functional>
#include <string>
#include <vector>

#include "registry/domain/dialogue_store.h"

namespace atlas::db {
class Pool;
}

namespace atlas::registry {

class PgDialogueStore final : public DialogueStore {
 public:
  // `after_commit` runs after each write commits (wakes the outbox relay).
  PgDialogueStore(db::Pool& pool, std::function<void()> after_commit)
      : pool_(pool), after_commit_(std::move(after_commit)) {}

  absl::StatusOr<v1::Comment> AddComment(const std::string& project_id,
                                         const std::string& thread_id,
                                         const v1::Comment& c) override;
  absl::StatusOr<std::vector<v1::Comment>> Comments(const std::string& project_id) override;
  absl::StatusOr<int64_t> ReadMark(const std::string& project_id,
                                   const std::string& reader) override;
  absl::Status SetReadMark(const std::string& project_id, const std::string& reader) override;
  absl::StatusOr<v1::Comment> SetResolved(const std::string& project_id,
                                          const std::string& comment_id, bool resolved) override;

 private:
  db::Pool& pool_;
  std::function<void()> after_commit_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_STORE_PG_DIALOGUE_STORE_H_
