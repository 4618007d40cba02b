// What the library reads from an uploaded PDF: its text and page count, by
// poppler's pdftotext and pdfinfo (Debian poppler-utils) in child processes
// with limits — CPU seconds, address space, wall time, output size — so that
// a hostile or broken PDF (a decompression bomb, a parser crash) costs at
// most one child, never the registry. Also runs the operator's virus-scan
// command, if configured, on the same terms.
#ifndef ATLAS_REGISTRY_STORE_PDF_TEXT_H_
#define ATLAS_REGISTRY_STORE_PDF_TEXT_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace atlas::registry {

struct ChildLimits {
  std::chrono::milliseconds wall{10000};
  int cpu_seconds = 10;
  size_t memory_bytes = size_t{512} << 20;  // address space
  size_t output_bytes = size_t{4} << 20;    // what is read of its standard output
};

struct ChildResult {
  int exit_code = -1;       // -1: killed (a limit) or could not start
  bool over_limit = false;  // wall time, CPU, memory or output
  std::string output;
};

// Runs `argv` (argv[0] a path or a name on PATH) with `input` on its standard
// input and the limits; its standard error is discarded.
ChildResult RunChild(const std::vector<std::string>& argv, std::string_view input,
                     const ChildLimits& limits);

struct PdfText {
  std::string text;  // UTF-8, as pdftotext lays it out
  int pages = 0;
};

// The text of `pdf`; INVALID_ARGUMENT (plain) when poppler cannot read it or
// a limit is reached.
absl::StatusOr<PdfText> ExtractPdfText(std::string_view pdf, const ChildLimits& limits = {});

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_STORE_PDF_TEXT_H_
