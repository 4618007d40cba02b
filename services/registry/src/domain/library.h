// The studies and reports library: what a document's record must be, how a
// change applies, who sees it, and the service over its store.
#ifndef ATLAS_REGISTRY_DOMAIN_LIBRARY_H_
#define ATLAS_REGISTRY_DOMAIN_LIBRARY_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/core/i18n.h"
#include "atlas/registry/v1/library.pb.h"
#include "registry/domain/links.h"

namespace atlas::registry {

inline constexpr core::Text kDocumentNotFound = {"no document {0}", "aucun document {0}",
                                                 "لا توجد وثيقة {0}"};
inline constexpr core::Text kNotPdf = {
    "must be a PDF file (its bytes do not start as a PDF does)",
    "doit être un fichier PDF (ses octets ne commencent pas comme ceux d'un PDF)",
    "يجب أن يكون ملف PDF (بايتاته لا تبدأ كما تبدأ ملفات PDF)"};
inline constexpr core::Text kFileTooLarge = {"must be at most {0} bytes (got {1})",
                                             "doit faire au plus {0} octets ({1} reçus)",
                                             "يجب ألا يتجاوز {0} بايت (الوارد: {1})"};
inline constexpr core::Text kPdfUnreadable = {
    "could not be read as a PDF within the limits (damaged, encrypted or a decompression bomb)",
    "n'a pas pu être lu comme un PDF dans les limites (abîmé, chiffré ou bombe de décompression)",
    "تعذرت قراءته كملف PDF ضمن الحدود (تالف أو مشفر أو قنبلة فك ضغط)"};
inline constexpr core::Text kInfected = {
    "was refused by the virus scan", "a été refusé par l'analyse antivirus", "رفضه فحص الفيروسات"};

// Who is reading: anonymous callers see public documents only.
struct LibraryReader {
  bool signed_in = false;
};

// The upload as checked and read: the record, the bytes and what was
// extracted from them.
struct LibraryFile {
  std::string bytes;
  std::string file_name;
  std::string sha256;
  int pages = 0;
  std::string text;
};

struct LibraryQuery {
  std::string q;
  int kind = 0;
  std::string region_code, theme, project, programme, dataset;
  bool signed_in = false;
  int limit = 20;
  int64_t offset = 0;
};

struct LibraryPage {
  std::vector<v1::LibraryDocument> documents;
  int total = 0;
};

// Field violations of `d` ("document.title.fr", "document.projects[0]"…): the
// links' forms (their existence is the store's to check).
absl::Status ValidateDocument(const v1::LibraryDocument& d);

// `current` with the fields of `patch` named in `paths`, then validated.
absl::StatusOr<v1::LibraryDocument> PatchDocument(v1::LibraryDocument current,
                                                  const v1::LibraryDocument& patch,
                                                  const std::vector<std::string>& paths);

// Whether `bytes` start as a PDF does ("%PDF-" within the first 1 024 bytes,
// as readers accept): the type is the bytes', not the name's.
bool LooksLikePdf(std::string_view bytes);

// "documents/<uuid>" -> "<uuid>"; nullopt otherwise.
std::optional<std::string> DocumentId(const std::string& name);

// A safe download name: the uploaded one's letters, digits, '.', '-', '_'
// (others replaced), ending in .pdf, at most 100 characters.
std::string SafeFileName(const std::string& name);

// Where the library is kept (store/pg_library.h). Plain NOT_FOUND for an id
// that names nothing; INVALID_ARGUMENT with violations for links that name
// nothing.
class LibraryStore {
 public:
  virtual ~LibraryStore() = default;
  virtual absl::StatusOr<LibraryPage> List(const LibraryQuery& q) = 0;
  virtual absl::StatusOr<v1::LibraryDocument> Get(const std::string& id, bool signed_in) = 0;
  virtual absl::StatusOr<std::string> File(const std::string& id, bool signed_in) = 0;
  virtual absl::StatusOr<v1::LibraryDocument> Insert(const v1::LibraryDocument& d,
                                                     const LibraryFile& file,
                                                     const std::string& request_id,
                                                     const std::string& actor) = 0;
  virtual absl::StatusOr<v1::LibraryDocument> Modify(
      const std::string& id, const std::string& actor,
      const std::function<absl::StatusOr<v1::LibraryDocument>(const v1::LibraryDocument&)>&
          change) = 0;
  virtual absl::Status Remove(
      const std::string& id, const std::string& actor,
      const std::function<absl::Status(const v1::LibraryDocument&)>& check) = 0;
};

// What reads an upload: the PDF's text and pages, the virus scan. Errors are
// plain (INVALID_ARGUMENT: unreadable; FAILED_PRECONDITION: infected;
// UNAVAILABLE: the scanner could not run).
class FileInspector {
 public:
  virtual ~FileInspector() = default;
  virtual absl::Status Scan(const std::string& bytes) = 0;
  virtual absl::StatusOr<std::pair<std::string, int>> PdfText(const std::string& bytes) = 0;
};

class Library {
 public:
  Library(LibraryStore& store, FileInspector& inspector, int64_t max_file_bytes)
      : store_(store), inspector_(inspector), max_file_bytes_(max_file_bytes) {}

  absl::StatusOr<LibraryPage> List(LibraryQuery q);
  absl::StatusOr<v1::LibraryDocument> Get(const std::string& name, const LibraryReader& r);
  // The PDF and its download name.
  absl::StatusOr<std::pair<std::string, std::string>> File(const std::string& name,
                                                           const LibraryReader& r);
  absl::StatusOr<v1::LibraryDocument> Create(const v1::LibraryDocument& d, std::string bytes,
                                             const std::string& file_name,
                                             const std::string& request_id,
                                             const std::string& actor);
  absl::StatusOr<v1::LibraryDocument> Update(const v1::LibraryDocument& patch,
                                             const std::vector<std::string>& paths,
                                             const std::string& etag, const std::string& actor);
  absl::Status Delete(const std::string& name, const std::string& etag, const std::string& actor);

 private:
  LibraryStore& store_;
  FileInspector& inspector_;
  int64_t max_file_bytes_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_LIBRARY_H_
