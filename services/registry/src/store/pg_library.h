// The studies and reports library in PostgreSQL (migration 0019), and what
// reads an upload (poppler in a child process, the operator's virus scan).
#ifndef ATLAS_REGISTRY_STORE_PG_LIBRARY_H_
#define ATLAS_REGISTRY_STORE_PG_LIBRARY_H_

#include <functional>
#include <string>
#include <vector>

#include "registry/domain/library.h"
#include "registry/store/pdf_text.h"

namespace atlas::db {
class Pool;
}

namespace atlas::registry {

class PgLibrary final : public LibraryStore {
 public:
  PgLibrary(db::Pool& pool, std::function<void()> after_commit)
      : pool_(pool), after_commit_(std::move(after_commit)) {}

  // Searched with the registry's text analysis (docs/registry.md).
  absl::StatusOr<LibraryPage> List(const LibraryQuery& q) override;
  // Writes the search terms of documents that have none (stored before
  // migration 0022); how many.
  absl::StatusOr<int> BackfillTerms();
  absl::StatusOr<v1::LibraryDocument> Get(const std::string& id, bool signed_in) override;
  absl::StatusOr<std::string> File(const std::string& id, bool signed_in) override;
  absl::StatusOr<v1::LibraryDocument> Insert(const v1::LibraryDocument& d, const LibraryFile& file,
                                             const std::string& request_id,
                                             const std::string& actor) override;
  absl::StatusOr<v1::LibraryDocument> Modify(
      const std::string& id, const std::string& actor,
      const std::function<absl::StatusOr<v1::LibraryDocument>(const v1::LibraryDocument&)>& change)
      override;
  absl::Status Remove(
      const std::string& id, const std::string& actor,
      const std::function<absl::Status(const v1::LibraryDocument&)>& check) override;

 private:
  db::Pool& pool_;
  std::function<void()> after_commit_;
};

// Poppler's pdfinfo/pdftotext and the scan command (argv; empty: none), each
// in a child with `limits`. The scan command's exit status: 0 clean, 1
// infected (clamdscan's convention), anything else an error.
class PopplerInspector final : public FileInspector {
 public:
  PopplerInspector(std::vector<std::string> scan_command, ChildLimits limits)
      : scan_command_(std::move(scan_command)), limits_(limits) {}
  absl::Status Scan(const std::string& bytes) override;
  absl::StatusOr<std::pair<std::string, int>> PdfText(const std::string& bytes) override;

 private:
  std::vector<std::string> scan_command_;
  ChildLimits limits_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_STORE_PG_LIBRARY_H_
