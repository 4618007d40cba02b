// PDF reports laid out with Pango (HarfBuzz shaping, bidirectional text) on
// Cairo's PDF surface, with only the fonts of one folder (data/fonts/noto):
// Arabic is shaped and set right to left, every text stays extractable
// (Cairo writes ToUnicode maps). A4, tables that break across pages with
// their header repeated, the demo notice and the page number on every page.
#ifndef ATLAS_REPORT_PDF_RENDERER_H_
#define ATLAS_REPORT_PDF_RENDERER_H_

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "atlas/report/document.h"

namespace atlas::report {

class PangoPdfRenderer final : public PdfRenderer {
 public:
  // Uses the .ttf/.otf files in `fonts_dir` and nothing else. A renderer
  // made without usable fonts answers every Render with UNAVAILABLE naming
  // the folder (the rest of the service keeps working). Documents are laid
  // out one at a time: with `max_waiting` > 0, a Render beyond that many
  // waiting or running answers UNAVAILABLE ("try again") at once instead of
  // holding one more of the caller's threads; 0: no bound.
  explicit PangoPdfRenderer(const std::string& fonts_dir, int max_waiting = 0);
  ~PangoPdfRenderer() override;
  PangoPdfRenderer(const PangoPdfRenderer&) = delete;
  PangoPdfRenderer& operator=(const PangoPdfRenderer&) = delete;

  // OK if the fonts loaded (Latin and Arabic families both present).
  absl::Status Ready() const { return ready_; }

  absl::StatusOr<std::string> Render(const ReportDoc& doc) override;

 private:
  struct Fonts;
  std::unique_ptr<Fonts> fonts_;
  absl::Status ready_;
  std::mutex mu_;  // Pango's font maps are not safe to share between threads
  const int max_waiting_;
  std::atomic<int> waiting_{0};
};

// The source tree's data/fonts/noto, fixed at build time (the process's
// ATLAS_REPORT_FONTS_DIR overrides it; the container sets it).
std::string DefaultFontsDir();

}  // namespace atlas::report

#endif  // ATLAS_REPORT_PDF_RENDERER_H_
