// Standard Webhooks signatures (https://www.standardwebhooks.com/) and the
// random secrets and tokens the notify service hands out.
#ifndef ATLAS_NOTIFY_SEND_SIGNING_H_
#define ATLAS_NOTIFY_SEND_SIGNING_H_

#include <string>
#include <string_view>
#include <vector>

namespace atlas::notify {

// "v1,<base64 HMAC-SHA256 of `id`.`timestamp`.`body`>" under `secret`
// ("whsec_<base64 key>"); "" if the secret is malformed.
std::string SignWebhook(std::string_view secret, std::string_view id, int64_t timestamp,
                        std::string_view body);
// The webhook-signature header: one signature per secret, space-separated.
std::string SignatureHeader(const std::vector<std::string>& secrets, std::string_view id,
                            int64_t timestamp, std::string_view body);

// whsec_ + base64 of 24 random bytes (OpenSSL's CSPRNG).
std::string NewWebhookSecret();
// 32 hex digits: 128 random bits (unsubscribe tokens).
std::string NewToken();

std::string Base64(std::string_view bytes);

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_SEND_SIGNING_H_
