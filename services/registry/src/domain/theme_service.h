// The theme taxonomy administrators edit: validation, optimistic
// concurrency (the etag read), themes in use or the last one kept. No
// transport, no SQL.
#ifndef ATLAS_REGISTRY_DOMAIN_THEME_SERVICE_H_
#define ATLAS_REGISTRY_DOMAIN_THEME_SERVICE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "registry/domain/dialogue_ports.h"

namespace atlas::registry {

class ThemeService final {
 public:
  explicit ThemeService(ThemeStore& store) : store_(store) {}
  ThemeService(const ThemeService&) = delete;
  ThemeService& operator=(const ThemeService&) = delete;

  absl::StatusOr<std::vector<v1::Theme>> List() { return store_.List(); }
  // Field violations in the caller's terms; ALREADY_EXISTS if the code is taken.
  absl::StatusOr<v1::Theme> Create(const v1::Theme& theme, const std::string& actor);
  // Replaces `paths` of theme `patch.name` if `etag` (required) is the
  // current revision's: ABORTED otherwise, nothing written.
  absl::StatusOr<v1::Theme> Update(const v1::Theme& patch, const std::vector<std::string>& paths,
                                   const std::string& etag, const std::string& actor);
  // `etag` optional. FAILED_PRECONDITION while a project has it, or for the
  // last theme.
  absl::Status Delete(const std::string& name, const std::string& etag, const std::string& actor);
  // Brings this replica's copy of the taxonomy (Themes()) up to what
  // PostgreSQL holds now; vocabularies are answered from it.
  absl::Status Refresh() { return store_.Refresh(); }

 private:
  ThemeStore& store_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_THEME_SERVICE_H_
