// A4 PDF of a ReportDoc with Pango over Cairo, in two passes: the first
// counts the pages (nothing drawn), the second draws them with "page n / N".
#include "atlas/report/pdf_renderer.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <vector>

#include "atlas/core/status.h"

namespace atlas::report {

struct PangoPdfRenderer::Fonts {
  PangoFontMap* map = nullptr;
  ~Fonts() {
    if (map) g_object_unref(map);
  }
};

namespace {

constexpr core::Text kNoFonts = {
    "PDF reports are unavailable: no usable fonts in {0} (set ATLAS_REPORT_FONTS_DIR)",
    "les rapports PDF sont indisponibles : aucune police utilisable dans {0} "
    "(réglez ATLAS_REPORT_FONTS_DIR)",
    "تقارير PDF غير متاحة: لا توجد خطوط صالحة في {0} (اضبط ATLAS_REPORT_FONTS_DIR)"};

constexpr core::Text kBusy = {
    "too many documents are being printed; try again in a moment",
    "trop de documents sont en cours d'impression ; réessayez dans un instant",
    "عدد كبير من الوثائق قيد الطباعة؛ أعد المحاولة بعد لحظة"};

constexpr double kPageWidth = 595.276;  // A4 in points
constexpr double kPageHeight = 841.89;
constexpr double kMarginX = 42;
constexpr double kTop = 46;
constexpr double kBottom = 52;  // the footer sits in it
constexpr double kContentWidth = kPageWidth - 2 * kMarginX;
static_assert(kContentWidth > kFigureWidth - 0.01 && kContentWidth < kFigureWidth + 0.01);
constexpr double kCellPad = 2.5;
constexpr double kTableFont = 7.5;
constexpr const char* kFamily = "Noto Sans, Noto Sans Arabic";

constexpr Rgb kInk = {0.10, 0.10, 0.10};
constexpr Rgb kAccent = {0.04, 0.31, 0.42};
constexpr Rgb kMuted = {0.33, 0.33, 0.33};
constexpr Rgb kFlag = {0.60, 0.20, 0.07};
constexpr Rgb kRule = {0.79, 0.83, 0.85};
constexpr Rgb kHeaderFill = {0.90, 0.93, 0.95};
constexpr Rgb kTotalFill = {0.95, 0.96, 0.97};
constexpr Rgb kDemoFill = {1.0, 0.97, 0.93};
constexpr Rgb kDemoInk = {0.49, 0.18, 0.07};

struct Style {
  double size = 10;
  bool bold = false;
  bool italic = false;
  Rgb color = kInk;
};

// A laid-out piece of text, released with its owner.
class Layout {
 public:
  Layout(PangoContext* ctx, const std::string& text, const Style& style, double width,
         PangoAlignment align)
      : layout_(pango_layout_new(ctx)), color_(style.color) {
    PangoFontDescription* font = pango_font_description_from_string(kFamily);
    pango_font_description_set_absolute_size(font, style.size * PANGO_SCALE);
    pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(font, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(layout_, font);
    pango_font_description_free(font);
    pango_layout_set_auto_dir(layout_, FALSE);  // the document's direction, not the text's
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
    if (width > 0) pango_layout_set_width(layout_, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_alignment(layout_, align);
    gchar* valid = g_utf8_make_valid(text.c_str(), static_cast<gssize>(text.size()));
    pango_layout_set_text(layout_, valid, -1);
    g_free(valid);
  }
  ~Layout() { g_object_unref(layout_); }
  Layout(const Layout&) = delete;
  Layout& operator=(const Layout&) = delete;

  double Height() const { return Size().second; }
  double Width() const { return Size().first; }
  void Draw(cairo_t* cr, double x, double y) const {
    cairo_set_source_rgb(cr, color_.r, color_.g, color_.b);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout_);
  }

 private:
  std::pair<double, double> Size() const {
    int w = 0, h = 0;
    pango_layout_get_size(layout_, &w, &h);
    return {static_cast<double>(w) / PANGO_SCALE, static_cast<double>(h) / PANGO_SCALE};
  }
  PangoLayout* layout_;
  Rgb color_;
};

void Fill(cairo_t* cr, double x, double y, double w, double h, Rgb c) {
  cairo_set_source_rgb(cr, c.r, c.g, c.b);
  cairo_rectangle(cr, x, y, w, h);
  cairo_fill(cr);
}

void Stroke(cairo_t* cr, double x, double y, double w, double h, Rgb c) {
  cairo_set_source_rgb(cr, c.r, c.g, c.b);
  cairo_set_line_width(cr, 0.5);
  cairo_rectangle(cr, x, y, w, h);
  cairo_stroke(cr);
}

// One pass over the document: lays everything out, breaks pages, and draws
// only when `draw` (the first pass counts the pages).
class Pass {
 public:
  Pass(cairo_t* cr, PangoContext* ctx, const ReportDoc& doc, bool draw, int pages)
      : cr_(cr),
        ctx_(ctx),
        doc_(doc),
        draw_(draw),
        pages_(pages),
        rtl_(doc.lang == core::Lang::kAr) {}

  int Run() {
    StartPage();
    Text(doc_.title, {.size = 18, .bold = true, .color = kAccent}, 4);
    Text(doc_.subtitle, {.size = 10, .color = kMuted}, 10);
    for (const ReportBlock& b : doc_.blocks) Block(b);
    EndPage();
    return page_;
  }

 private:
  PangoAlignment Start() const { return rtl_ ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT; }
  PangoAlignment End() const { return rtl_ ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT; }
  double Bottom() const { return kPageHeight - kBottom; }

  void StartPage() {
    ++page_;
    y_ = kTop;
    if (!doc_.demo_notice.empty()) {
      Layout l(ctx_, doc_.demo_notice, {.size = 8.5, .bold = true, .color = kDemoInk},
               kContentWidth - 8, Start());
      const double h = l.Height() + 6;
      if (draw_) {
        Fill(cr_, kMarginX, y_, kContentWidth, h, kDemoFill);
        Stroke(cr_, kMarginX, y_, kContentWidth, h, kDemoInk);
        l.Draw(cr_, kMarginX + 4, y_ + 3);
      }
      y_ += h + 8;
    }
  }

  void EndPage() {
    if (!draw_) return;
    Layout footer(ctx_, doc_.footer, {.size = 7.5, .color = kMuted}, kContentWidth * 0.8, Start());
    const std::string n = std::to_string(page_) + " / " + std::to_string(pages_);
    Layout number(ctx_, n, {.size = 7.5, .color = kMuted}, kContentWidth * 0.2, End());
    const double y = kPageHeight - kBottom + 18;
    footer.Draw(cr_, rtl_ ? kMarginX + kContentWidth * 0.2 : kMarginX, y);
    number.Draw(cr_, rtl_ ? kMarginX : kMarginX + kContentWidth * 0.8, y);
    cairo_show_page(cr_);
  }

  void NewPage() {
    EndPage();
    StartPage();
  }

  // Room for `h` more points, else a new page.
  void Need(double h) {
    if (y_ + h > Bottom() && y_ > kTop + 40) NewPage();
  }

  void Text(const std::string& s, const Style& style, double after, double keep = 0) {
    Layout l(ctx_, s, style, kContentWidth, Start());
    Need(l.Height() + keep);
    if (draw_) l.Draw(cr_, kMarginX, y_);
    y_ += l.Height() + after;
  }

  void Block(const ReportBlock& b) {
    switch (b.kind) {
      case ReportBlock::Kind::kHeading:
        y_ += 6;
        Text(b.text, {.size = 13, .bold = true, .color = kAccent}, 5, 60);
        break;
      case ReportBlock::Kind::kSubheading:
        y_ += 2;
        Text(b.text, {.size = 10.5, .bold = true}, 3, 45);
        break;
      case ReportBlock::Kind::kParagraph:
        Text(b.text, {.size = 10}, 5);
        break;
      case ReportBlock::Kind::kNote:
        Text(b.text, {.size = 8, .italic = true, .color = kMuted}, 4);
        break;
      case ReportBlock::Kind::kTable:
        Table(b.table);
        y_ += 6;
        break;
      case ReportBlock::Kind::kFigure:
        Figure(b.figure);
        break;
    }
  }

  // A figure on one page, its caption under it. Right to left, a figure that
  // says so is mirrored (a timeline runs from the right); texts keep their
  // own direction and end where a left-to-right one would start.
  void Figure(const ReportFigure& f) {
    Layout caption(ctx_, f.caption, {.size = 8, .italic = true, .color = kMuted}, kContentWidth,
                   Start());
    Need(f.height + caption.Height() + 8);
    const bool mirror = rtl_ && f.mirror_in_rtl;
    auto x_of = [&](double x) { return kMarginX + (mirror ? 1 - x : x) * kContentWidth; };
    auto y_of = [&](double y) { return y_ + y * f.height; };
    for (const ReportShape& s : f.shapes) {
      if (!draw_ || s.points.empty()) continue;
      const auto [x0, y0] = s.points.front();
      switch (s.kind) {
        case ReportShape::Kind::kPolygon:
        case ReportShape::Kind::kPolyline: {
          cairo_new_path(cr_);
          for (const auto& [x, y] : s.points) cairo_line_to(cr_, x_of(x), y_of(y));
          if (s.kind == ReportShape::Kind::kPolygon) cairo_close_path(cr_);
          Paint(s, s.kind == ReportShape::Kind::kPolygon && s.filled);
          break;
        }
        case ReportShape::Kind::kCircle:
          cairo_new_path(cr_);
          cairo_arc(cr_, x_of(x0), y_of(y0), s.radius, 0, 2 * 3.14159265358979);
          Paint(s, s.filled);
          break;
        case ReportShape::Kind::kText: {
          Layout l(ctx_, s.text, {.size = s.text_size, .color = s.stroke}, -1, Start());
          l.Draw(cr_, mirror ? x_of(x0) - l.Width() : x_of(x0), y_of(y0));
          break;
        }
      }
    }
    y_ += f.height + 3;
    if (!f.caption.empty()) {
      if (draw_) caption.Draw(cr_, kMarginX, y_);
      y_ += caption.Height() + 6;
    }
  }

  void Paint(const ReportShape& s, bool fill) {
    if (fill) {
      cairo_set_source_rgb(cr_, s.fill.r, s.fill.g, s.fill.b);
      s.line_width > 0 ? cairo_fill_preserve(cr_) : cairo_fill(cr_);
    }
    if (s.line_width > 0) {
      cairo_set_source_rgb(cr_, s.stroke.r, s.stroke.g, s.stroke.b);
      cairo_set_line_width(cr_, s.line_width);
      cairo_stroke(cr_);
    }
    cairo_new_path(cr_);
  }

  // Column widths: number columns as wide as their widest figure; text
  // columns share the rest by how much they have to say.
  std::vector<double> Widths(const ReportTable& t) const {
    const size_t n = t.header.size();
    std::vector<bool> numeric(n, true);
    std::vector<double> natural(n, 0), head(n, 0), word(n, 0);
    auto width = [&](const std::string& text) {
      return Layout(ctx_, text, {.size = kTableFont, .bold = true}, -1, Start()).Width() +
             2 * kCellPad + 1;
    };
    // The widest word of a text: a text column is never narrower (no word
    // is cut in two).
    auto widest_word = [&](const std::string& text) {
      double w = 0;
      for (size_t at = 0; at <= text.size();) {
        size_t end = text.find(' ', at);
        if (end == std::string::npos) end = text.size();
        if (end > at) w = std::max(w, width(text.substr(at, end - at)));
        at = end + 1;
      }
      return w;
    };
    for (const auto& row : t.rows) {
      for (size_t c = 0; c < n && c < row.size(); ++c) {
        numeric[c] = numeric[c] && (row[c].number || row[c].text == "—");
        natural[c] = std::max(natural[c], width(row[c].text));
        word[c] = std::max(word[c], widest_word(row[c].text));
      }
    }
    for (size_t c = 0; c < n; ++c) {
      head[c] = width(t.header[c]);
      word[c] = std::max(word[c], widest_word(t.header[c]));
    }
    std::vector<double> w(n);
    double fixed = 0, text = 0;
    for (size_t c = 0; c < n; ++c) {
      if (numeric[c]) {
        w[c] = std::max(natural[c], std::min(head[c], 60.0));
        fixed += w[c];
      } else {
        text += std::max(natural[c], head[c]);
      }
    }
    const double left = std::max(kContentWidth - fixed, 0.0);
    for (size_t c = 0; c < n; ++c) {
      if (!numeric[c]) {
        const double want = std::max(natural[c], head[c]);
        w[c] = std::max({std::min(want, left * want / std::max(text, 1.0)), word[c], 36.0});
      }
    }
    // Scale down if the minimums overflowed; widen text columns if room remains.
    const double sum = std::accumulate(w.begin(), w.end(), 0.0);
    if (sum > kContentWidth) {
      for (double& x : w) x *= kContentWidth / sum;
    } else if (text > 0) {
      const double extra = kContentWidth - sum;
      for (size_t c = 0; c < n; ++c) {
        if (!numeric[c]) w[c] += extra * std::max(natural[c], head[c]) / text;
      }
    }
    return w;
  }

  struct Cell {
    std::unique_ptr<Layout> layout;
    bool number = false;
  };

  std::vector<Cell> Row(const std::vector<std::string>& texts, const std::vector<ReportCell>* cells,
                        const std::vector<double>& w, bool bold, double* height) const {
    std::vector<Cell> out;
    *height = 0;
    for (size_t c = 0; c < w.size(); ++c) {
      const ReportCell cell = cells ? (c < cells->size() ? (*cells)[c] : ReportCell{})
                                    : ReportCell{.text = c < texts.size() ? texts[c] : ""};
      const Style style = {.size = kTableFont,
                           .bold = bold,
                           .italic = cell.flagged,
                           .color = cell.flagged ? kFlag : kInk};
      auto l = std::make_unique<Layout>(ctx_, cell.text, style, w[c] - 2 * kCellPad,
                                        cell.number ? End() : Start());
      *height = std::max(*height, l->Height() + 2 * kCellPad);
      out.push_back({std::move(l), cell.number});
    }
    return out;
  }

  void DrawRow(const std::vector<Cell>& row, const std::vector<double>& w, double h,
               const Rgb* fill) {
    if (!draw_) return;
    double x = rtl_ ? kMarginX + kContentWidth : kMarginX;
    for (size_t c = 0; c < row.size(); ++c) {
      const double left = rtl_ ? x - w[c] : x;
      if (fill) Fill(cr_, left, y_, w[c], h, *fill);
      Stroke(cr_, left, y_, w[c], h, kRule);
      row[c].layout->Draw(cr_, left + kCellPad, y_ + kCellPad);
      x = rtl_ ? x - w[c] : x + w[c];
    }
  }

  void Table(const ReportTable& t) {
    if (t.header.empty()) return;
    const std::vector<double> w = Widths(t);
    double header_h = 0;
    auto header = Row(t.header, nullptr, w, true, &header_h);
    auto put_header = [&] {
      DrawRow(header, w, header_h, &kHeaderFill);
      y_ += header_h;
    };
    Need(header_h * 2.5);
    put_header();
    for (size_t r = 0; r < t.rows.size(); ++r) {
      const bool total = t.total_row && r + 1 == t.rows.size();
      double h = 0;
      auto row = Row({}, &t.rows[r], w, total, &h);
      if (y_ + h > Bottom()) {
        NewPage();
        put_header();  // the header again on the new page
      }
      DrawRow(row, w, h, total ? &kTotalFill : nullptr);
      y_ += h;
    }
  }

  cairo_t* cr_;
  PangoContext* ctx_;
  const ReportDoc& doc_;
  bool draw_;
  int pages_;
  bool rtl_;
  int page_ = 0;
  double y_ = 0;
};

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

bool HasFamily(FcConfig* config, const char* family) {
  FcFontSet* set = FcConfigGetFonts(config, FcSetApplication);
  if (!set) return false;
  for (int i = 0; i < set->nfont; ++i) {
    FcChar8* name = nullptr;
    if (FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &name) == FcResultMatch &&
        std::string(reinterpret_cast<const char*>(name)) == family) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string DefaultFontsDir() { return ATLAS_REPORT_FONTS_DIR; }

PangoPdfRenderer::PangoPdfRenderer(const std::string& fonts_dir, int max_waiting)
    : fonts_(std::make_unique<Fonts>()), max_waiting_(max_waiting) {
  ready_ = core::Error(absl::StatusCode::kUnavailable, kNoFonts, {fonts_dir});
  FcConfig* config = FcConfigCreate();
  if (!config) return;
  // File by file: a folder would want a writable fontconfig cache.
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(fonts_dir, error)) {
    const std::string ext = entry.path().extension().string();
    if (ext == ".ttf" || ext == ".otf") {
      FcConfigAppFontAddFile(config, reinterpret_cast<const FcChar8*>(entry.path().c_str()));
    }
  }
  if (HasFamily(config, "Noto Sans") && HasFamily(config, "Noto Sans Arabic")) {
    fonts_->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (fonts_->map) {
      pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fonts_->map), config);
      ready_ = absl::OkStatus();
    }
  }
  FcConfigDestroy(config);  // the font map holds its own reference
}

PangoPdfRenderer::~PangoPdfRenderer() = default;

absl::StatusOr<std::string> PangoPdfRenderer::Render(const ReportDoc& doc) {
  if (!ready_.ok()) return ready_;
  struct Waiting {
    explicit Waiting(std::atomic<int>& counter) : n(counter), count(++counter) {}
    ~Waiting() { --n; }
    std::atomic<int>& n;
    int count;
  } waiting(waiting_);
  if (max_waiting_ > 0 && waiting.count > max_waiting_) {
    return core::Error(absl::StatusCode::kUnavailable, kBusy);
  }
  std::lock_guard lock(mu_);
  std::string out;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(Append, &out, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Sharaka Atlas");
  cairo_t* cr = cairo_create(surface);
  PangoContext* ctx = pango_font_map_create_context(fonts_->map);
  pango_cairo_update_context(cr, ctx);
  pango_cairo_context_set_resolution(ctx, 72);  // sizes in points
  // Print, not screen: exact glyph positions. Rounding them to whole points
  // would open gaps between joined Arabic letters that text extraction
  // reads as spaces inside words.
  pango_context_set_round_glyph_positions(ctx, FALSE);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(ctx, options);
  cairo_font_options_destroy(options);
  pango_context_set_base_dir(
      ctx, doc.lang == core::Lang::kAr ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
  PangoLanguage* language = pango_language_from_string(core::LanguageTag(doc.lang));
  pango_context_set_language(ctx, language);

  const int pages = Pass(cr, ctx, doc, false, 0).Run();
  Pass(cr, ctx, doc, true, pages).Run();

  g_object_unref(ctx);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(std::string("cairo: ") + cairo_status_to_string(status));
  }
  return out;
}

}  // namespace atlas::report
