#include "gateway/identity/key_files.h"

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "atlas/core/config.h"

namespace atlas::gateway::identity {

absl::StatusOr<auth::SigningKey> LoadSeedFile(const std::string& kid, const std::string& path) {
  auto seed = core::ReadSecretFile(path);
  auto raw = seed.ok() ? auth::Base64UrlDecode(*seed) : seed.status();
  return raw.ok() ? auth::SigningKey::FromSeed(kid, *raw) : raw.status();
}

absl::StatusOr<std::vector<auth::SigningKey>> LoadVerifyKeys(const std::string& spec) {
  std::vector<auth::SigningKey> keys;
  for (absl::string_view item : absl::StrSplit(spec, ',', absl::SkipWhitespace())) {
    const auto eq = item.find('=');
    if (eq == absl::string_view::npos) {
      return absl::InvalidArgumentError("ATLAS_JWT_VERIFY_KEYS: expected kid=file, got " +
                                        std::string(item));
    }
    const std::string kid(absl::StripAsciiWhitespace(item.substr(0, eq)));
    auto key = LoadSeedFile(kid, std::string(absl::StripAsciiWhitespace(item.substr(eq + 1))));
    if (!key.ok()) {
      return absl::InvalidArgumentError("ATLAS_JWT_VERIFY_KEYS: " + kid + ": " +
                                        std::string(key.status().message()));
    }
    keys.push_back(*std::move(key));
  }
  return keys;
}

}  // namespace atlas::gateway::identity
