// The theme taxonomy: validation and changes.
#include "registry/domain/taxonomy.h"

#include <charconv>
#include <regex>

#include "atlas/core/ids.h"
#include "atlas/core/status.h"
#include "atlas/core/texts.h"
#include "registry/domain/patch.h"
#include "registry/domain/project.h"

namespace atlas::registry {
namespace {

constexpr core::Text kBadCode = {
    "must be 2 to 40 lower-case letters, digits or '_', starting with a letter (like "
    "\"diaspora_health\")",
    "doit compter 2 à 40 lettres minuscules, chiffres ou « _ », en commençant par une lettre "
    "(comme « diaspora_health »)",
    "يجب أن يتكون من 2 إلى 40 حرفا لاتينيا صغيرا أو رقما أو «_» ويبدأ بحرف (مثل "
    "«diaspora_health»)"};
constexpr core::Text kBadColour = {"must be a colour written #rrggbb (lower-case hexadecimal)",
                                   "doit être une couleur écrite #rrggbb (hexadécimal minuscule)",
                                   "يجب أن يكون لونا مكتوبا #rrggbb (ست عشري بحروف صغيرة)"};
constexpr char kPaths[] = "label, label.fr, label.ar, label.en, colour, position, retired";

bool IsCode(const std::string& code) {
  static const std::regex kCode("[a-z][a-z0-9_]{1,39}");
  return std::regex_match(code, kCode);
}

}  // namespace

absl::Status ValidateTheme(const v1::Theme& t, bool creating) {
  std::vector<core::FieldViolation> out;
  if (creating && !IsCode(t.code())) out.push_back(core::Violation("theme.code", kBadCode));
  CheckText(t.label().fr(), "theme.label.fr", kMaxThemeLabelChars, true, false, out);
  CheckText(t.label().ar(), "theme.label.ar", kMaxThemeLabelChars, true, false, out);
  CheckText(t.label().en(), "theme.label.en", kMaxThemeLabelChars, true, false, out);
  static const std::regex kColour("#[0-9a-f]{6}");
  if (!std::regex_match(t.colour(), kColour)) {
    out.push_back(core::Violation("theme.colour", kBadColour));
  }
  if (t.position() < 0 || t.position() > 999) {
    out.push_back(core::Violation("theme.position", core::texts::kBetween, {"0", "999"}));
  }
  return out.empty() ? absl::OkStatus() : core::InvalidFields(out);
}

absl::StatusOr<v1::Theme> PatchTheme(v1::Theme current, const v1::Theme& patch,
                                     const std::vector<std::string>& paths) {
  std::vector<core::FieldViolation> out;
  if (paths.empty()) {
    out.push_back(core::Violation("update_mask", core::texts::kRequired));
  }
  for (const std::string& path : paths) {
    if (PatchLocalized(path, "label", current.mutable_label(), patch.label())) {
    } else if (path == "colour") {
      current.set_colour(patch.colour());
    } else if (path == "position") {
      current.set_position(patch.position());
    } else if (path == "retired") {
      current.set_retired(patch.retired());
    } else {
      out.push_back(
          core::Violation("update_mask", core::texts::kCannotChange, {path.substr(0, 60), kPaths}));
    }
  }
  if (!out.empty()) return core::InvalidFields(out);
  if (absl::Status s = ValidateTheme(current, false); !s.ok()) return s;
  return current;
}

std::optional<std::string> ThemeCode(const std::string& name) {
  auto code = core::IdOf(name, "themes/");
  if (!code || !IsCode(*code)) return std::nullopt;
  return *code;
}

}  // namespace atlas::registry
