// The theme taxonomy as administrators edit it: what a theme must be, how a
// change applies, and the messages of the taxonomy's refusals.
#ifndef ATLAS_REGISTRY_DOMAIN_TAXONOMY_H_
#define ATLAS_REGISTRY_DOMAIN_TAXONOMY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/core/i18n.h"
#include "atlas/registry/v1/registry_service.pb.h"

namespace atlas::registry {

inline constexpr core::Text kThemeNotFound = {"no theme {0}", "aucun thème {0}",
                                              "لا يوجد محور {0}"};
inline constexpr core::Text kThemeExists = {"a theme with the code {0} already exists",
                                            "un thème de code {0} existe déjà",
                                            "يوجد محور بالرمز {0}"};
inline constexpr core::Text kThemeInUse = {
    "{0} project(s) have the theme {1}: retire it instead (it stays on them, no longer offered)",
    "{0} projet(s) ont le thème {1} : retirez-le plutôt (il leur reste, sans être proposé)",
    "{0} مشروع(ا) يحمل المحور {1}: أوقفه بدل حذفه (يبقى لها دون أن يُقترح)"};
inline constexpr core::Text kLastTheme = {"the taxonomy keeps at least one theme",
                                          "la taxonomie garde au moins un thème",
                                          "يحتفظ التصنيف بمحور واحد على الأقل"};
inline constexpr core::Text kThemeGone = {
    "the theme \"{0}\" no longer exists (an administrator removed it)",
    "le thème « {0} » n'existe plus (un administrateur l'a supprimé)",
    "المحور «{0}» لم يعد موجودا (حذفه مسؤول)"};

// Longest label, in code points.
inline constexpr size_t kMaxThemeLabelChars = 120;

// Field violations of `t` ("theme.code", "theme.label.fr", "theme.colour",
// "theme.position"); the code is checked only when `creating` (it never changes).
absl::Status ValidateTheme(const v1::Theme& t, bool creating);

// `current` with the fields of `patch` named in `paths` (label, label.fr,
// label.ar, label.en, colour, position, retired) — INVALID_ARGUMENT for any
// other path or an empty mask — then validated.
absl::StatusOr<v1::Theme> PatchTheme(v1::Theme current, const v1::Theme& patch,
                                     const std::vector<std::string>& paths);

// "themes/investment" -> "investment"; nullopt unless a well-formed code.
std::optional<std::string> ThemeCode(const std::string& name);

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_TAXONOMY_H_
