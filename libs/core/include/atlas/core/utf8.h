// UTF-8 at the edges: what arrives from a socket, a form or a file is bytes,
// and only valid UTF-8 may reach a protobuf string, a JSON document, a SQL
// parameter or a message. The checks follow RFC 3629 strictly (no overlong
// forms, no surrogates, nothing above U+10FFFF), as protobuf and PostgreSQL do.
#ifndef ATLAS_CORE_UTF8_H_
#define ATLAS_CORE_UTF8_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace atlas::core {

// Number of code points in `s`, or nullopt if `s` is not valid UTF-8.
std::optional<size_t> Utf8Length(std::string_view s);

inline bool IsUtf8(std::string_view s) { return Utf8Length(s).has_value(); }

// The code point at s[i] in `*cp` and its sequence's length in bytes; 0 (and
// `*cp` untouched) when s[i] does not start a valid sequence.
size_t Utf8DecodeAt(std::string_view s, size_t i, char32_t* cp);

// `s` with every invalid sequence replaced by U+FFFD, for text that is only
// shown or logged (never for data that is stored).
std::string Utf8Replace(std::string_view s);

// At most `max_bytes` of valid UTF-8 `s`, cut at a character boundary.
std::string_view Utf8Prefix(std::string_view s, size_t max_bytes);

}  // namespace atlas::core

#endif  // ATLAS_CORE_UTF8_H_
