// libcurl senders.
#include "notify/send/senders.h"

#include <curl/curl.h>

#include <ctime>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "atlas/core/status.h"
#include "notify/send/signing.h"

namespace atlas::notify {
namespace {

// One easy handle per thread: keep-alive connections and TLS sessions reused.
CURL* ThreadHandle() {
  static const bool init = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  (void)init;
  thread_local std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> handle(curl_easy_init(),
                                                                          curl_easy_cleanup);
  curl_easy_reset(handle.get());
  return handle.get();
}

size_t Discard(char*, size_t size, size_t n, void* userdata) {
  auto* seen = static_cast<size_t*>(userdata);
  *seen += size * n;
  return *seen > (1 << 20) ? 0 : size * n;  // a receiver talking for ever is cut off
}

struct Slist {
  curl_slist* list = nullptr;
  void Add(const std::string& s) { list = curl_slist_append(list, s.c_str()); }
  ~Slist() { curl_slist_free_all(list); }
};

std::string Wrapped64(std::string_view bytes) {
  const std::string b = Base64(bytes);
  std::string out;
  for (size_t i = 0; i < b.size(); i += 76) out += b.substr(i, 76) + "\r\n";
  return out;
}

// RFC 2047 encoded-word(s) for a UTF-8 header value.
std::string EncodedWord(std::string_view text) {
  bool ascii = true;
  for (char c : text)
    ascii = ascii && static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f;
  if (ascii && text.size() < 900) return std::string(text);
  // Chunks of at most 45 bytes cut at character boundaries: words <= 75 chars.
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = std::min(text.size(), i + 45);
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

struct Upload {
  std::string data;
  size_t at = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t n, void* userdata) {
  auto* u = static_cast<Upload*>(userdata);
  const size_t len = std::min(size * n, u->data.size() - u->at);
  std::memcpy(buffer, u->data.data() + u->at, len);
  u->at += len;
  return len;
}

}  // namespace

SendResult WebhookSender::Send(const Outgoing& out) {
  if (out.events.empty()) return {Outcome::kPermanent, "nothing to send"};
  const std::string body = CloudEventJson(out.events.front(), out.id);
  const int64_t timestamp = absl::ToUnixSeconds(absl::Now());
  const std::string signature = SignatureHeader(out.secrets, out.id, timestamp, body);
  if (signature.empty()) return {Outcome::kPermanent, "the endpoint has no valid secret"};
  std::string url = out.target;
  for (int hop = 0; hop < 4; ++hop) {
    absl::StatusOr<Target> t = guard_.Resolve(url);
    if (!t.ok()) {
      return {Outcome::kRefused, core::MessageIn(t.status(), core::Lang::kEn) +
                                     (hop > 0 ? " (after a redirect)" : "")};
    }
    CURL* curl = ThreadHandle();
    Slist headers, resolve;
    headers.Add("Content-Type: application/json");
    headers.Add("User-Agent: SharakaAtlas-Webhooks/1");
    headers.Add("webhook-id: " + out.id);
    headers.Add("webhook-timestamp: " + std::to_string(timestamp));
    headers.Add("webhook-signature: " + signature);
    headers.Add("Expect:");
    const std::string pinned = t->address.find(':') != std::string::npos
                                   ? absl::StrCat(t->host, ":", t->port, ":[", t->address, "]")
                                   : absl::StrCat(t->host, ":", t->port, ":", t->address);
    resolve.Add(pinned);
    size_t seen = 0;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_RESOLVE, resolve.list);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout_.count()));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);  // each hop is checked here
    curl_easy_setopt(curl, CURLOPT_PROXY, "");           // no *_proxy from the environment: the
                                                         // address checked is the one connected to
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Discard);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &seen);
    const CURLcode rc = curl_easy_perform(curl);
    if (rc != CURLE_OK) return {Outcome::kTransient, curl_easy_strerror(rc)};
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    if (code >= 200 && code < 300) return {Outcome::kSent, ""};
    char* location = nullptr;
    if ((code == 307 || code == 308) &&
        curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location) == CURLE_OK && location) {
      url = location;
      continue;
    }
    return {Outcome::kTransient, "HTTP " + std::to_string(code)};
  }
  return {Outcome::kTransient, "too many redirects"};
}

std::string MimeMessage(const Outgoing& out, const Mail& mail, const SmtpOptions& o,
                        int64_t now_s) {
  const std::string boundary = "=_atlas_" + out.id;
  const std::string unsubscribe = o.base_url + "/v1/unsubscribe/" + out.unsubscribe_token;
  std::string date = absl::FormatTime("%a, %d %b %Y %H:%M:%S +0000", absl::FromUnixSeconds(now_s),
                                      absl::UTCTimeZone());
  return absl::StrCat(
      "From: ", o.from, "\r\nTo: <", out.target, ">\r\nSubject: ", EncodedWord(mail.subject),
      "\r\nDate: ", date, "\r\nMessage-ID: <", out.id, "@sharaka-atlas>\r\n",
      "MIME-Version: 1.0\r\nContent-Language: ", out.language, "\r\n",
      "Auto-Submitted: auto-generated\r\n", "List-Unsubscribe: <", unsubscribe, ">\r\n",
      "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
      "Content-Type: multipart/alternative; boundary=\"", boundary, "\"\r\n\r\n", "--", boundary,
      "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
      Wrapped64(mail.text), "--", boundary,
      "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
      Wrapped64(mail.html), "--", boundary, "--\r\n");
}

SendResult SmtpSender::Send(const Outgoing& out) {
  if (options_.url.empty())
    return {Outcome::kTransient, "no SMTP server configured (ATLAS_NOTIFY_SMTP_URL)"};
  if (!IsMailAddress(out.target)) return {Outcome::kRefused, "not an e-mail address"};
  // People click the page (a GET must not unsubscribe); mail clients POST
  // the List-Unsubscribe header's URL (RFC 8058).
  const Mail mail = ComposeMail(
      out.events, out.language, out.digest, options_.base_url,
      options_.base_url + "/unsubscribe?token=" + out.unsubscribe_token + "&lang=" + out.language);
  Upload upload{MimeMessage(out, mail, options_, absl::ToUnixSeconds(absl::Now()))};
  CURL* curl = ThreadHandle();
  Slist rcpt;
  rcpt.Add("<" + out.target + ">");
  const size_t lt = options_.from.find('<');
  const std::string from =
      lt == std::string::npos ? "<" + options_.from + ">" : options_.from.substr(lt);
  curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt.list);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE, static_cast<long>(upload.data.size()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (options_.starttls != "off") {
    curl_easy_setopt(curl, CURLOPT_USE_SSL,
                     options_.starttls == "required" ? CURLUSESSL_ALL : CURLUSESSL_TRY);
  }
  if (!options_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
  }
  const CURLcode rc = curl_easy_perform(curl);
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  if (rc == CURLE_OK) return {Outcome::kSent, ""};
  const std::string why = absl::StrCat(curl_easy_strerror(rc), code ? " (SMTP " : "",
                                       code ? std::to_string(code) + ")" : "");
  // 5xx: the server will never take it (unknown mailbox, refused sender).
  if (code >= 500 || rc == CURLE_LOGIN_DENIED) return {Outcome::kPermanent, why};
  return {Outcome::kTransient, why};
}

}  // namespace atlas::notify
