// The channels' senders over libcurl: webhooks (HTTPS POST, Standard Webhooks
// headers, SSRF guard on every hop) and e-mail (SMTP, STARTTLS and AUTH).
// One curl handle per sending thread, so connections are reused.
#ifndef ATLAS_NOTIFY_SEND_SENDERS_H_
#define ATLAS_NOTIFY_SEND_SENDERS_H_

#include <chrono>
#include <string>

#include "notify/domain/dispatcher.h"
#include "notify/domain/message.h"
#include "notify/send/url_guard.h"

namespace atlas::notify {

class WebhookSender final : public Sender {
 public:
  WebhookSender(const NetworkGuard& guard, std::chrono::milliseconds timeout)
      : guard_(guard), timeout_(timeout) {}
  SendResult Send(const Outgoing& out) override;

 private:
  const NetworkGuard& guard_;
  const std::chrono::milliseconds timeout_;
};

struct SmtpOptions {
  std::string url;  // smtp://host:port or smtps://host:port; "" = e-mail off
  std::string from = "Sharaka Atlas <no-reply@sharaka-atlas.invalid>";
  std::string username, password;                  // AUTH when set
  std::string starttls = "try";                    // "required", "try" or "off"
  std::string base_url = "http://127.0.0.1:8080";  // links and List-Unsubscribe
  std::chrono::milliseconds timeout{15000};
};

// The whole RFC 5322 message (multipart/alternative, base64 parts) for
// `out`, with its stable Message-ID and one-click unsubscribe headers.
std::string MimeMessage(const Outgoing& out, const Mail& mail, const SmtpOptions& options,
                        int64_t now_s);

class SmtpSender final : public Sender {
 public:
  explicit SmtpSender(SmtpOptions options) : options_(std::move(options)) {}
  SendResult Send(const Outgoing& out) override;

 private:
  const SmtpOptions options_;
};

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_SEND_SENDERS_H_
