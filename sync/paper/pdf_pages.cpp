#include "pdf_pages.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include <functional>
#include <memory>
#include <vector>

namespace triad::paper::detail {

namespace {

using Kind = Block::Kind;

// Page geometry, in points: about 22 mm at the sides and the top, room for the footer below.
constexpr double kLeft = 62;
constexpr double kWidth = kA4Width - 2 * kLeft;
constexpr double kTop = 66;
constexpr double kBottom = kA4Height - 74;
constexpr double kFooterTop = kA4Height - 52;
constexpr double kLabelWidth = 150;  // a short field's name, beside its value
constexpr double kMarked = 14;       // the indent of a text in conflict, right of its margin mark
// A short field's value taller than this is laid out as a long text, so it can break.
constexpr double kTallField = 160;

struct Colour {
  double r, g, b;
};
constexpr Colour kInk{0.10, 0.10, 0.10};
constexpr Colour kHeadingInk{0.14, 0.32, 0.48};  // the app's blue
constexpr Colour kGrey{0.36, 0.36, 0.36};
constexpr Colour kConflictInk{0.62, 0.25, 0.05};

using Layout = std::shared_ptr<PangoLayout>;

// One piece of a page: a line of a text, a field's row, a heading. Pages break between slices.
struct Slice {
  double height = 0;
  double space_before = 0;  // dropped at the top of a page
  bool keep_with_next = false;
  std::function<void(cairo_t*, double top)> draw;
};

Layout make_layout(cairo_t* cr, const std::string& text, const char* font, double width) {
  Layout layout(pango_cairo_create_layout(cr), g_object_unref);
  PangoFontDescription* description = pango_font_description_from_string(font);
  pango_layout_set_font_description(layout.get(), description);
  pango_font_description_free(description);
  pango_layout_set_width(layout.get(), pango_units_from_double(width));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_line_spacing(layout.get(), 1.2f);
  // Text from a store is UTF-8; a damaged byte is shown as U+FFFD rather than cutting the text.
  gchar* valid = g_utf8_make_valid(text.data(), static_cast<gssize>(text.size()));
  pango_layout_set_text(layout.get(), valid, -1);
  g_free(valid);
  return layout;
}

double height_of(const Layout& layout) {
  int width = 0, height = 0;
  pango_layout_get_size(layout.get(), &width, &height);
  return pango_units_to_double(height);
}

void set_colour(cairo_t* cr, Colour c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

void draw_layout(cairo_t* cr, const Layout& layout, double x, double y, Colour c) {
  set_colour(cr, c);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout.get());
}

// The conflict's mark in the margin, beside each of its slices (so it breaks with the text).
void draw_mark(cairo_t* cr, double top, double height) {
  set_colour(cr, kConflictInk);
  cairo_rectangle(cr, kLeft, top, 3, height);
  cairo_fill(cr);
}

// A text as one slice per line, so it breaks across pages between lines. The first line stays
// with the second (no line left alone at a page's foot); `marked` puts the conflict's mark beside.
void add_lines(std::vector<Slice>& slices, const Layout& layout, double x, Colour ink,
               double space_before, bool marked) {
  PangoLayoutIter* iter = pango_layout_get_iter(layout.get());
  int index = 0;
  const int count = pango_layout_get_line_count(layout.get());
  do {
    int y0 = 0, y1 = 0;
    pango_layout_iter_get_line_yrange(iter, &y0, &y1);
    const double baseline = pango_units_to_double(pango_layout_iter_get_baseline(iter) - y0);
    const double height = pango_units_to_double(y1 - y0);
    Slice s;
    s.height = height;
    s.space_before = index == 0 ? space_before : 0;
    s.keep_with_next = index == 0 && count > 1;
    s.draw = [layout, index, x, ink, baseline, height, marked](cairo_t* cr, double top) {
      if (marked) draw_mark(cr, top, height);
      set_colour(cr, ink);
      cairo_move_to(cr, x, top + baseline);
      pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(layout.get(), index));
    };
    slices.push_back(std::move(s));
    ++index;
  } while (pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
}

// A heading or any text that moves to the next page whole; `keep` keeps it with what follows.
void add_whole(std::vector<Slice>& slices, const Layout& layout, double x, Colour ink,
               double space_before, bool keep, bool marked = false, bool rule = false) {
  const double above = rule ? 8 : 0;
  const double height = height_of(layout) + above;
  slices.push_back({height, space_before, keep,
                    [layout, x, ink, marked, rule, above, height](cairo_t* cr, double top) {
                      if (marked) draw_mark(cr, top, height);
                      if (rule) {
                        set_colour(cr, kHeadingInk);
                        cairo_set_line_width(cr, 0.8);
                        cairo_move_to(cr, kLeft, top + 0.5);
                        cairo_line_to(cr, kLeft + kWidth, top + 0.5);
                        cairo_stroke(cr);
                      }
                      draw_layout(cr, layout, x, top + above, ink);
                    }});
}

void add_field(std::vector<Slice>& slices, cairo_t* cr, const Block& b) {
  Layout label = make_layout(cr, b.label, "Sans Bold 9.5", kLabelWidth - 10);
  Layout value = make_layout(cr, b.text, "Sans 10", kWidth - kLabelWidth);
  if (height_of(value) > kTallField) {
    add_whole(slices, make_layout(cr, b.label, "Sans Bold 10.5", kWidth), kLeft, kHeadingInk, 10,
              true);
    add_lines(slices, value, kLeft, kInk, 2, false);
    return;
  }
  const double height = std::max(height_of(label), height_of(value));
  slices.push_back({height, 3, false, [label, value](cairo_t* cr, double top) {
                      draw_layout(cr, label, kLeft, top + 0.8, kGrey);
                      draw_layout(cr, value, kLeft + kLabelWidth, top, kInk);
                    }});
}

std::vector<Slice> slices_of(cairo_t* cr, const PaperDocument& paper) {
  std::vector<Slice> slices;
  for (const Block& b : paper.blocks) {
    switch (b.kind) {
      case Kind::kTitle:
        add_whole(slices, make_layout(cr, b.text, "Sans Bold 19", kWidth), kLeft, kHeadingInk, 0,
                  true);
        break;
      case Kind::kSubtitle:
        add_whole(slices, make_layout(cr, b.text, "Sans 12", kWidth), kLeft, kGrey, 4, true);
        slices.push_back({14, 0, true, [](cairo_t*, double) {}});
        break;
      case Kind::kSection:
        add_whole(slices, make_layout(cr, b.text, "Sans Bold 13", kWidth), kLeft, kHeadingInk, 22,
                  true, false, true);
        break;
      case Kind::kField:
        add_field(slices, cr, b);
        break;
      case Kind::kTextHeading:
        add_whole(slices, make_layout(cr, b.text, "Sans Bold 10.5", kWidth), kLeft, kHeadingInk, 14,
                  true);
        break;
      case Kind::kText:
        add_lines(slices, make_layout(cr, b.text, "Sans 10", kWidth), kLeft, kInk, 3, false);
        break;
      case Kind::kConflictNote:
        add_lines(slices, make_layout(cr, b.text, "Sans Italic 9.5", kWidth - kMarked),
                  kLeft + kMarked, kConflictInk, 3, true);
        slices.back().keep_with_next = true;
        break;
      case Kind::kVersionHeading:
        add_whole(slices, make_layout(cr, b.text, "Sans Bold 9.5", kWidth - kMarked),
                  kLeft + kMarked, kConflictInk, 8, true, true);
        break;
      case Kind::kVersionText:
        add_lines(slices, make_layout(cr, b.text, "Sans 10", kWidth - kMarked), kLeft + kMarked,
                  kInk, 2, true);
        break;
      case Kind::kSmall:
        add_whole(slices, make_layout(cr, b.text, "Sans 8", kWidth), kLeft, kGrey, 10, false);
        break;
    }
  }
  return slices;
}

// Where each slice goes: page by page, a slice and those kept with it moved to a new page when
// they do not fit (unless they would not fit on any page).
struct Placed {
  size_t slice;
  double top;
};

std::vector<std::vector<Placed>> paginate(const std::vector<Slice>& slices) {
  std::vector<std::vector<Placed>> pages(1);
  double y = kTop;
  for (size_t i = 0; i < slices.size(); ++i) {
    double before = y == kTop ? 0 : slices[i].space_before;
    double need = before + slices[i].height;
    for (size_t j = i; slices[j].keep_with_next && j + 1 < slices.size(); ++j)
      need += slices[j + 1].space_before + slices[j + 1].height;
    if (y + need > kBottom && y > kTop) {
      pages.emplace_back();
      y = kTop;
      before = 0;
    }
    pages.back().push_back({i, y + before});
    y += before + slices[i].height;
  }
  return pages;
}

void draw_page_frame(cairo_t* cr, const PaperDocument& paper, int page, int pages) {
  if (page > 1) {
    Layout head = make_layout(cr, paper.running_head, "Sans 8", kWidth);
    pango_layout_set_ellipsize(head.get(), PANGO_ELLIPSIZE_END);
    draw_layout(cr, head, kLeft, kTop - 30, kGrey);
  }
  set_colour(cr, kGrey);
  cairo_set_line_width(cr, 0.5);
  cairo_move_to(cr, kLeft, kFooterTop - 6);
  cairo_line_to(cr, kLeft + kWidth, kFooterTop - 6);
  cairo_stroke(cr);
  Layout footer = make_layout(cr, paper.footer, "Sans 8", kWidth - 90);
  draw_layout(cr, footer, kLeft, kFooterTop, kGrey);
  Layout number = make_layout(cr, "Page " + std::to_string(page) + " of " + std::to_string(pages),
                              "Sans 8", 90);
  pango_layout_set_alignment(number.get(), PANGO_ALIGN_RIGHT);
  draw_layout(cr, number, kLeft + kWidth - 90, kFooterTop, kGrey);
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

core::Result<RenderedPdf> render_pdf(const PaperDocument& paper) {
  RenderedPdf out;
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_pdf_surface_create_for_stream(append_bytes, &out.bytes, kA4Width, kA4Height),
      cairo_surface_destroy);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, paper.title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Triad");
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()), cairo_destroy);
  {
    const std::vector<Slice> slices = slices_of(cr.get(), paper);
    const auto pages = paginate(slices);
    out.pages = static_cast<int>(pages.size());
    for (size_t p = 0; p < pages.size(); ++p) {
      draw_page_frame(cr.get(), paper, static_cast<int>(p + 1), out.pages);
      for (const Placed& placed : pages[p]) slices[placed.slice].draw(cr.get(), placed.top);
      cairo_show_page(cr.get());
    }
  }  // the layouts go before the context they were made on
  cr.reset();
  cairo_surface_finish(surface.get());
  if (const cairo_status_t status = cairo_surface_status(surface.get());
      status != CAIRO_STATUS_SUCCESS)
    return core::store_error(std::string("cannot make the PDF: ") + cairo_status_to_string(status));
  return out;
}

}  // namespace triad::paper::detail
