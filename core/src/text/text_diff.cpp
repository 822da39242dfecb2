#include "text/text_diff.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace triad::core::detail {
namespace {

// A word, a run of spaces or one other character: its bytes and its length in characters.
struct Unit {
  std::string_view bytes;
  size_t chars = 0;
  bool operator==(const Unit& o) const { return bytes == o.bytes; }
};

enum class Class { kWord, kSpace, kOther };

Class class_of(unsigned char c) {
  if (c >= 0x80 || std::isalnum(c) || c == '_' || c == '\'') return Class::kWord;
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return Class::kSpace;
  return Class::kOther;
}

std::vector<Unit> units_of(std::string_view text) {
  std::vector<Unit> out;
  size_t i = 0;
  while (i < text.size()) {
    const Class c = class_of(static_cast<unsigned char>(text[i]));
    size_t j = i + 1, chars = 1;
    while (j < text.size() && (static_cast<unsigned char>(text[j]) & 0xC0) == 0x80) ++j;
    if (c != Class::kOther)
      while (j < text.size() && class_of(static_cast<unsigned char>(text[j])) == c) {
        if ((static_cast<unsigned char>(text[j]) & 0xC0) != 0x80) ++chars;
        ++j;
      }
    out.push_back({text.substr(i, j - i), chars});
    i = j;
  }
  return out;
}

// Myers' O((N+M)D) diff of a[0..n) and b[0..m): for each unit of a, whether it is kept, and for
// each unit of b, whether it is new. False when the texts differ in more than `most` units.
bool myers(const std::vector<Unit>& a, const std::vector<Unit>& b, size_t most,
           std::vector<bool>& a_kept, std::vector<bool>& b_kept) {
  const int64_t n = static_cast<int64_t>(a.size()), m = static_cast<int64_t>(b.size());
  const int64_t max = std::min<int64_t>(n + m, static_cast<int64_t>(most));
  std::vector<int64_t> v(2 * max + 3, 0);
  std::vector<std::vector<int64_t>> trace;
  const int64_t off = max + 1;
  int64_t found = -1;
  for (int64_t d = 0; d <= max && found < 0; ++d) {
    trace.emplace_back(v.begin() + (off - d - 1), v.begin() + (off + d + 2));
    for (int64_t k = -d; k <= d; k += 2) {
      int64_t x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1]
                                                                           : v[off + k - 1] + 1;
      int64_t y = x - k;
      while (x < n && y < m && a[x] == b[y]) ++x, ++y;
      v[off + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return false;
  a_kept.assign(a.size(), false);
  b_kept.assign(b.size(), false);
  int64_t x = n, y = m;
  for (int64_t d = found; d >= 0; --d) {
    const std::vector<int64_t>& pv = trace[d];  // v before step d, indices -d-1 .. d+1
    auto at = [&](int64_t k) { return pv[k + d + 1]; };
    const int64_t k = x - y;
    int64_t prev_k;
    if (d == 0)
      prev_k = 0;
    else
      prev_k = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
    const int64_t prev_x = d == 0 ? 0 : at(prev_k), prev_y = prev_x - prev_k;
    while (x > prev_x && y > prev_y) a_kept[--x] = b_kept[--y] = true;
    if (d > 0) x = prev_x, y = prev_y;
  }
  return true;
}

size_t chars_in(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Two edits with only a little kept text between them become one edit (as diff-match-patch's
// semantic clean-up does): kept text no longer than the changes on both sides of it. Otherwise
// two people who rewrote one sentence concurrently would have their words interleaved at every
// space their rewrites happened to keep.
std::vector<TextEdit> without_small_equalities(std::string_view old_text,
                                               std::vector<TextEdit> edits) {
  std::vector<size_t> byte_at;  // byte offset of each character of old_text, and of its end
  for (size_t i = 0; i < old_text.size(); ++i)
    if ((static_cast<unsigned char>(old_text[i]) & 0xC0) != 0x80) byte_at.push_back(i);
  byte_at.push_back(old_text.size());
  std::vector<TextEdit> out;
  for (TextEdit& e : edits) {
    if (!out.empty()) {
      TextEdit& last = out.back();
      const size_t kept_from = last.pos + last.erased, kept = e.pos - kept_from;
      const size_t before = std::max(last.erased, chars_in(last.inserted));
      const size_t after = std::max(e.erased, chars_in(e.inserted));
      if (kept <= before && kept <= after) {
        last.inserted += old_text.substr(byte_at[kept_from], byte_at[e.pos] - byte_at[kept_from]);
        last.inserted += e.inserted;
        last.erased += kept + e.erased;
        continue;
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

std::vector<TextEdit> diff_words(std::string_view old_text, std::string_view new_text) {
  const std::vector<Unit> a = units_of(old_text), b = units_of(new_text);
  size_t start = 0;
  while (start < a.size() && start < b.size() && a[start] == b[start]) ++start;
  size_t end = 0;
  while (end < a.size() - start && end < b.size() - start &&
         a[a.size() - 1 - end] == b[b.size() - 1 - end])
    ++end;
  const std::vector<Unit> mid_a(a.begin() + start, a.end() - end);
  const std::vector<Unit> mid_b(b.begin() + start, b.end() - end);
  std::vector<bool> a_kept, b_kept;
  if (!myers(mid_a, mid_b, kMostDiffUnits, a_kept, b_kept)) {
    a_kept.assign(mid_a.size(), false);
    b_kept.assign(mid_b.size(), false);
  }
  size_t pos = 0;
  for (size_t i = 0; i < start; ++i) pos += a[i].chars;
  // Walk both: kept units advance together; the rest gather into one edit until the next kept.
  std::vector<TextEdit> edits;
  size_t i = 0, j = 0;
  while (i < mid_a.size() || j < mid_b.size()) {
    if (i < mid_a.size() && j < mid_b.size() && a_kept[i] && b_kept[j]) {
      pos += mid_a[i].chars;
      ++i, ++j;
      continue;
    }
    TextEdit e{pos, 0, {}};
    while (i < mid_a.size() && !a_kept[i]) e.erased += mid_a[i++].chars;
    while (j < mid_b.size() && !b_kept[j]) e.inserted += mid_b[j++].bytes;
    pos += e.erased;
    edits.push_back(std::move(e));
  }
  return without_small_equalities(old_text, std::move(edits));
}

}  // namespace triad::core::detail
