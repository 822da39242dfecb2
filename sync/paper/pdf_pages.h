// A paper laid out on A4 pages as a PDF, with Pango and cairo: each block of a PaperDocument gets
// its font and indent, long texts wrap (a word too long for a line is broken) and break across
// pages between lines, a heading stays with what follows it, a text in conflict is marked in the
// margin, and every page has its footer and "Page N of M". The only file that includes Pango or
// cairo. Not thread-safe: call from one thread at a time.
#pragma once

#include <string>

#include "paper_document.h"
#include "triad/core/status.h"

namespace triad::paper::detail {

struct RenderedPdf {
  std::string bytes;
  int pages = 0;
};

// kStoreError when cairo cannot make the PDF (it says why).
core::Result<RenderedPdf> render_pdf(const PaperDocument& paper);

}  // namespace triad::paper::detail
