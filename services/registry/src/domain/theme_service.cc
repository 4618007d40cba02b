// The theme taxonomy.
#include "registry/domain/theme_service.h"

#include "atlas/core/status.h"
#include "atlas/core/texts.h"
#include "registry/domain/etag_check.h"
#include "registry/domain/taxonomy.h"

namespace atlas::registry {
namespace {

// The code a theme's name names (NOT_FOUND for anything else: no such theme).
absl::StatusOr<std::string> CodeOf(const std::string& name) {
  auto code = ThemeCode(name);
  if (!code) return core::Error(absl::StatusCode::kNotFound, kThemeNotFound, {name.substr(0, 80)});
  return *code;
}

// The store's plain NOT_FOUND, worded for the caller.
absl::Status Worded(const absl::Status& s, const std::string& code) {
  if (s.code() != absl::StatusCode::kNotFound) return s;
  return core::Error(absl::StatusCode::kNotFound, kThemeNotFound, {"themes/" + code});
}

// ABORTED unless `etag` (when given) is `current`'s.
absl::Status CheckEtag(const v1::Theme& current, const std::string& etag, bool required) {
  return registry::CheckEtag(current.etag(), etag, "theme.etag", current.name(), required);
}

}  // namespace

absl::StatusOr<v1::Theme> ThemeService::Create(const v1::Theme& theme, const std::string& actor) {
  if (absl::Status s = ValidateTheme(theme, true); !s.ok()) return s;
  absl::StatusOr<v1::Theme> created = store_.Insert(theme, actor);
  if (created.status().code() == absl::StatusCode::kAlreadyExists) {
    return core::Error(absl::StatusCode::kAlreadyExists, kThemeExists, {theme.code()});
  }
  return created;
}

absl::StatusOr<v1::Theme> ThemeService::Update(const v1::Theme& patch,
                                               const std::vector<std::string>& paths,
                                               const std::string& etag, const std::string& actor) {
  absl::StatusOr<std::string> code = CodeOf(patch.name());
  if (!code.ok()) return code.status();
  absl::StatusOr<v1::Theme> updated =
      store_.Modify(*code, actor, [&](const v1::Theme& current) -> absl::StatusOr<v1::Theme> {
        if (absl::Status e = CheckEtag(current, etag, true); !e.ok()) return e;
        return PatchTheme(current, patch, paths);
      });
  if (!updated.ok()) return Worded(updated.status(), *code);
  return updated;
}

absl::Status ThemeService::Delete(const std::string& name, const std::string& etag,
                                  const std::string& actor) {
  absl::StatusOr<std::string> code = CodeOf(name);
  if (!code.ok()) return code.status();
  absl::Status s = store_.Remove(*code, actor, [&](const v1::Theme& current, int64_t themes) {
    if (absl::Status e = CheckEtag(current, etag, false); !e.ok()) return e;
    if (current.projects() > 0) {
      return core::Error(absl::StatusCode::kFailedPrecondition, kThemeInUse,
                         {std::to_string(current.projects()), current.name()});
    }
    if (themes <= 1) return core::Error(absl::StatusCode::kFailedPrecondition, kLastTheme);
    return absl::OkStatus();
  });
  return Worded(s, *code);
}

}  // namespace atlas::registry
