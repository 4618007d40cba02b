// The public web app's built files (web/dist), served by the gateway: read
// into memory at start-up with their precompressed .br/.gz siblings, content
// types, ETags and cache policy (hashed files under /assets/ are immutable).
#ifndef ATLAS_GATEWAY_HTTP_STATIC_FILES_H_
#define ATLAS_GATEWAY_HTTP_STATIC_FILES_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace atlas::gateway::http {

struct StaticFile {
  std::string body, br, gz;  // br/gz empty when not precompressed
  std::string content_type;
  std::string etag;  // quoted
  std::string cache_control;
  bool html = false;
  // HTML: the CSP sources of its inline scripts, " 'sha256-…'" each, so the
  // page's policy allows exactly those (and no other inline script).
  std::string inline_script_hashes;
};

// The CSP hash sources (" 'sha256-<base64>'" each) of the inline <script>
// elements (those without src) of an HTML document.
std::string InlineScriptHashes(std::string_view html);

class StaticFiles {
 public:
  // Every file under `root` (symbolic links and dot files skipped).
  static absl::StatusOr<std::unique_ptr<StaticFiles>> Load(const std::string& root);

  // The file for a request path: itself, "/" -> /index.html, and an
  // extension-less path outside /v1/ (an app route such as /projects/…) ->
  // /index.html. nullptr when there is none or the path is not a plain one.
  const StaticFile* Find(std::string_view path) const;
  size_t size() const { return files_.size(); }

 private:
  std::map<std::string, StaticFile, std::less<>> files_;  // "/assets/x.js" -> file
};

// Whether an Accept-Encoding header accepts `coding` ("br", "gzip"; q=0
// refuses).
bool Accepts(std::string_view accept_encoding, std::string_view coding);

// Which precompressed body to send for an Accept-Encoding header: "br",
// "gzip" or "" (identity).
std::string PickEncoding(std::string_view accept_encoding, const StaticFile& f);

// `body` gzip-compressed (RFC 1952) at a fast level, for dynamic answers.
std::string Gzip(std::string_view body);

}  // namespace atlas::gateway::http

#endif  // ATLAS_GATEWAY_HTTP_STATIC_FILES_H_
