// Static files of the web app.
#include "gateway/http/static_files.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <sodium.h>
#include <zlib.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "atlas/core/hash.h"

namespace atlas::gateway::http {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string TypeOf(const std::string& ext) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"}};
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool PlainPath(std::string_view p) {
  if (p.empty() || p[0] != '/' || p.size() > 512) return false;
  if (p.find("//") != std::string_view::npos || p.find("/.") != std::string_view::npos) {
    return false;
  }
  for (char c : p) {
    const bool ok = absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string InlineScriptHashes(std::string_view html) {
  std::string out;
  constexpr std::string_view kClose = "</script>";
  for (size_t at = html.find("<script"); at != std::string_view::npos;
       at = html.find("<script", at)) {
    const size_t content = html.find('>', at);
    const size_t end = content == std::string_view::npos ? content : html.find(kClose, content);
    if (end == std::string_view::npos) break;
    const std::string_view tag = html.substr(at, content - at);
    if (tag.find(" src=") == std::string_view::npos) {
      const std::string_view body = html.substr(content + 1, end - content - 1);
      unsigned char digest[crypto_hash_sha256_BYTES];
      crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(body.data()), body.size());
      out += " 'sha256-" +
             absl::Base64Escape(
                 absl::string_view(reinterpret_cast<const char*>(digest), sizeof digest)) +
             "'";
    }
    at = end + kClose.size();
  }
  return out;
}

absl::StatusOr<std::unique_ptr<StaticFiles>> StaticFiles::Load(const std::string& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    return absl::FailedPreconditionError("ATLAS_WEB_ROOT " + root + " is not a directory");
  }
  auto out = std::make_unique<StaticFiles>();
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const fs::path& p = it->path();
    const std::string ext = p.extension().string();
    if (!it->is_regular_file() || it->is_symlink() || ext == ".br" || ext == ".gz" ||
        p.filename().string().starts_with(".")) {
      continue;
    }
    std::string rel = "/" + fs::relative(p, root).generic_string();
    if (!PlainPath(rel)) continue;
    StaticFile f;
    f.body = Read(p);
    if (fs::exists(p.string() + ".br")) f.br = Read(p.string() + ".br");
    if (fs::exists(p.string() + ".gz")) f.gz = Read(p.string() + ".gz");
    f.content_type = TypeOf(ext);
    f.html = ext == ".html";
    if (f.html) f.inline_script_hashes = InlineScriptHashes(f.body);
    f.etag = core::StrongEtag(f.body);
    // Vite names what it builds under assets/ by content hash: cache forever.
    f.cache_control =
        rel.starts_with("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
    out->files_.emplace(std::move(rel), std::move(f));
  }
  if (ec) return absl::FailedPreconditionError("cannot read " + root + ": " + ec.message());
  if (out->files_.count("/index.html") == 0) {
    return absl::FailedPreconditionError("ATLAS_WEB_ROOT " + root + " has no index.html");
  }
  return out;
}

const StaticFile* StaticFiles::Find(std::string_view path) const {
  if (!PlainPath(path)) return nullptr;
  if (path == "/") path = "/index.html";
  if (auto it = files_.find(path); it != files_.end()) return &it->second;
  const std::string_view last = path.substr(path.rfind('/') + 1);
  if (path.starts_with("/v1/") || last.find('.') != std::string_view::npos) return nullptr;
  return &files_.find(std::string_view("/index.html"))->second;
}

bool Accepts(std::string_view accept_encoding, std::string_view coding) {
  // "br;q=1.0, gzip, deflate": codings with their parameters, q=0 refuses.
  size_t start = 0;
  while (start <= accept_encoding.size()) {
    size_t comma = accept_encoding.find(',', start);
    if (comma == std::string_view::npos) comma = accept_encoding.size();
    std::string part(accept_encoding.substr(start, comma - start));
    start = comma + 1;
    part.erase(std::remove(part.begin(), part.end(), ' '), part.end());
    const std::string lower = absl::AsciiStrToLower(part);
    if (lower.substr(0, lower.find(';')) != coding) continue;
    const size_t q = lower.find(";q=");
    return q == std::string::npos || std::strtod(lower.c_str() + q + 3, nullptr) > 0;
  }
  return false;
}

std::string PickEncoding(std::string_view accept_encoding, const StaticFile& f) {
  if (!f.br.empty() && Accepts(accept_encoding, "br")) return "br";
  if (!f.gz.empty() && Accepts(accept_encoding, "gzip")) return "gzip";
  return "";
}

std::string Gzip(std::string_view body) {
  z_stream z{};
  // 15 window bits + 16: a gzip wrapper; level 4: fast, most of the gain.
  if (deflateInit2(&z, 4, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return "";
  std::string out(deflateBound(&z, body.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  z.avail_in = static_cast<uInt>(body.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : "";
}

}  // namespace atlas::gateway::http
