// The category labels under a chart's x axis, laid out so that no two ever overlap (svg_chart.h
// says how), and the text-width estimate that layout rests on.
#include <algorithm>
#include <cmath>

#include "svg_layout.h"

namespace triad::report {

namespace {

// Room left between two neighbouring labels, and the narrowest a name is cut short to.
constexpr double kLabelGap = 4, kMinCutWidth = 40;
constexpr const char* kEllipsis = "\u2026";

// Widths in ems, each at least what DejaVu Sans (Debian's default sans-serif, among the widest),
// Liberation Sans and Arial give the character.
double em_width(unsigned char c) {
  if (c == ' ') return 0.35;
  if (std::string_view("ijlI.,:;'!|").find(static_cast<char>(c)) != std::string_view::npos)
    return 0.36;
  if (std::string_view("frt()[]-/").find(static_cast<char>(c)) != std::string_view::npos)
    return 0.48;
  if (c == 'm' || c == 'w' || c == 'M' || c == 'W') return 1.02;
  if (c >= '0' && c <= '9') return 0.66;
  if (c >= 'a' && c <= 'z') return 0.66;
  if (c >= 'A' && c <= 'Z') return 0.82;
  return 0.9;  // other ASCII punctuation
}

// Each UTF-8 code point: its lead byte's width; anything beyond ASCII as a whole em.
size_t code_points(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// `text` without its last code point.
std::string drop_last(std::string text) {
  while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) text.pop_back();
  if (!text.empty()) text.pop_back();
  return text;
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t end = std::min(text.find(' ', i), text.size());
    if (end > i) out.emplace_back(text.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

std::string joined(const std::vector<std::string>& words, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) out += (out.empty() ? "" : " ") + words[i];
  return out;
}

double widest(const std::vector<std::string>& lines) {
  double w = 0;
  for (const std::string& l : lines) w = std::max(w, text_width(l, kAxisFontSize));
  return w;
}

// `text` on one line, or on two broken at the space that makes the wider line narrowest.
std::vector<std::string> in_two_lines(const std::string& text) {
  const std::vector<std::string> words = words_of(text);
  if (words.size() < 2) return {text};
  std::vector<std::string> best{text};
  for (size_t split = 1; split < words.size(); ++split) {
    std::vector<std::string> lines{joined(words, 0, split), joined(words, split, words.size())};
    if (widest(lines) < widest(best)) best = std::move(lines);
  }
  return best;
}

// `line` cut short with an ellipsis until it is at most `room` wide (at least one character).
std::string cut(std::string line, double room) {
  if (text_width(line, kAxisFontSize) <= room) return line;
  while (code_points(line) > 1 && text_width(line + kEllipsis, kAxisFontSize) > room)
    line = drop_last(line);
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line + kEllipsis;
}

// `text` in at most two lines at most `room` wide (on one where it fits, if `one_line_first`):
// as many whole words on the first as fit, the rest on the second, cut short where they do not.
std::vector<std::string> fitted(const std::string& text, double room, bool one_line_first = false) {
  if (one_line_first && text_width(text, kAxisFontSize) <= room) return {text};
  std::vector<std::string> lines = in_two_lines(text);
  if (widest(lines) <= room) return lines;
  const std::vector<std::string> words = words_of(text);
  size_t first = 1;
  while (first < words.size() && text_width(joined(words, 0, first + 1), kAxisFontSize) <= room)
    ++first;
  lines = {cut(joined(words, 0, first), room)};
  if (first < words.size()) lines.push_back(cut(joined(words, first, words.size()), room));
  return lines;
}

bool overlap(const AxisLabel& a, const AxisLabel& b) {
  return a.left < b.right + kLabelGap && b.left < a.right + kLabelGap && a.top < b.bottom &&
         b.top < a.bottom;
}

}  // namespace

double text_width(std::string_view text, double font_size) {
  double em = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;  // inside a code point
    em += c < 0x80 ? em_width(c) : 1.0;
  }
  return em * font_size;
}

namespace {

// Beside a horizontal chart's rows: each name right-aligned left of its bars, in its row.
std::vector<AxisLabel> row_labels(const BarChart& c) {
  const detail::Rows r = detail::rows_of(c);
  std::vector<AxisLabel> out;
  for (size_t i = 0; i < c.categories.size(); ++i) {
    AxisLabel l;
    l.category = i;
    l.lines = fitted(c.categories[i], r.label_width, true);
    l.right_aligned = true;
    l.x = r.left - 8;
    l.right = l.x;
    l.left = l.x - widest(l.lines);
    const double middle = r.top + r.row_height * (i + 0.5);
    const double block = kAxisLineHeight * (l.lines.size() - 1);
    l.y = middle - block / 2 + kAxisFontSize * 0.35;
    l.top = l.y - kAxisFontSize;
    l.bottom = l.y + block + 0.3 * kAxisFontSize;
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace

std::vector<AxisLabel> category_labels(const BarChart& c) {
  if (c.horizontal) return row_labels(c);
  const size_t n = c.categories.size();
  if (n == 0) return {};
  const detail::PlotArea p = detail::plot_area(c);
  const double slot = p.slot_width(n);
  const auto is_gap = [&](size_t i) {
    return std::find(c.gaps.begin(), c.gaps.end(), i) != c.gaps.end();
  };
  const bool has_short = c.short_categories.size() == n;
  // Whole names where every one fits its slot; short forms where those do.
  std::vector<std::vector<std::string>> text(n);
  double need = 0;
  for (const std::vector<std::string>* names : {&c.categories, &c.short_categories}) {
    if (names->size() != n) continue;
    need = 0;
    for (size_t i = 0; i < n; ++i) {
      text[i] = in_two_lines((*names)[i]);
      if (!is_gap(i)) need = std::max(need, widest(text[i]) + kLabelGap);
    }
    if (need <= slot) break;
  }
  // Else every k-th label: for short forms, k as small as lets the widest fit; names are cut
  // short to their slot, and thinned only where even a cut name would not be legible.
  size_t k = 1;
  if (need > slot) {
    const double cut_to = has_short ? need : kMinCutWidth + kLabelGap;
    k = static_cast<size_t>(std::ceil(cut_to / slot - 1e-9));
    if (!has_short)
      for (size_t i = 0; i < n; ++i)
        if (!is_gap(i)) text[i] = fitted(c.categories[i], k * slot - kLabelGap);
  }
  for (size_t i = 0; i < n; ++i)  // a gap's label is never wider than the chart
    if (is_gap(i))
      text[i] = fitted((has_short ? c.short_categories : c.categories)[i], p.width - kLabelGap);
  // Gaps first, then every k-th from the last category back (the latest is always labelled);
  // each where it overlaps nothing placed before it.
  std::vector<size_t> order;
  for (size_t i = 0; i < n; ++i)
    if (is_gap(i)) order.push_back(i);
  for (size_t i = n; i-- > 0;)
    if (!is_gap(i) && (n - 1 - i) % k == 0) order.push_back(i);
  std::vector<AxisLabel> placed;
  for (size_t i : order) {
    AxisLabel l;
    l.category = i;
    l.lines = text[i];
    const double w = widest(l.lines);
    const double lo = w / 2 + 1, hi = c.width - w / 2 - 1;  // never past the chart's edges
    l.x = lo <= hi ? std::clamp(p.slot_left(i, n) + slot / 2, lo, hi) : c.width / 2.0;
    l.y = p.bottom() + 15;
    l.left = l.x - w / 2;
    l.right = l.x + w / 2;
    l.top = l.y - kAxisFontSize;
    l.bottom = l.y + kAxisLineHeight * (l.lines.size() - 1) + 0.3 * kAxisFontSize;
    if (std::none_of(placed.begin(), placed.end(),
                     [&](const AxisLabel& o) { return overlap(l, o); }))
      placed.push_back(std::move(l));
  }
  std::sort(placed.begin(), placed.end(),
            [](const AxisLabel& a, const AxisLabel& b) { return a.category < b.category; });
  return placed;
}

}  // namespace triad::report
