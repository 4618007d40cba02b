// The indicators' reports are laid out by the platform's PDF renderer
// (libs/report): its names here for the service and its benchmark.
#ifndef ATLAS_INDICATORS_RENDER_PDF_RENDERER_H_
#define ATLAS_INDICATORS_RENDER_PDF_RENDERER_H_

#include "atlas/report/pdf_renderer.h"

namespace atlas::indicators {
using report::DefaultFontsDir;
using report::PangoPdfRenderer;
}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_RENDER_PDF_RENDERER_H_
