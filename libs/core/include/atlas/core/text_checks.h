// What is wrong with a caller's text, as field violations: the one check
// every service applies to free text before it reaches a store.
#ifndef ATLAS_CORE_TEXT_CHECKS_H_
#define ATLAS_CORE_TEXT_CHECKS_H_

#include <string>
#include <string_view>
#include <vector>

#include "atlas/core/status.h"

namespace atlas::core {

// Adds to `out` what is wrong with `value` as the text of `field`: not UTF-8,
// blank when `required`, longer than `max` code points, control characters
// (newlines and tabs allowed with `allow_newlines`).
void CheckText(std::string_view value, const std::string& field, size_t max, bool required,
               bool allow_newlines, std::vector<FieldViolation>& out);

// Whether `s` holds something a browser would read as markup: "<" followed
// by a letter, "/", "!" or "?" ("a < b" and "<3" are text).
bool HasMarkup(std::string_view s);

// CheckText (on one line unless `allow_newlines`), then markup refused
// (texts::kMarkup): for fields a page shows as plain text, where a tag can
// only be a mistake or an attack.
void CheckPlainText(std::string_view value, const std::string& field, size_t max, bool required,
                    std::vector<FieldViolation>& out, bool allow_newlines = false);

}  // namespace atlas::core

#endif  // ATLAS_CORE_TEXT_CHECKS_H_
