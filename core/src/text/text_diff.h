// The edits that turn one text into another, found by a diff of their words: how a whole form
// field saved by a person becomes a TextSequence's insertions and erasures. Internal to core;
// pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace triad::core::detail {

// At character `pos` of the old text, erase `erased` characters and insert `inserted`.
struct TextEdit {
  size_t pos = 0;
  size_t erased = 0;
  std::string inserted;
};

// Edits in ascending order of position, none overlapping, each position in the old text. Words,
// runs of spaces and single punctuation marks are the units compared (Myers' diff, after the
// common start and end are set aside); kept text between two edits that is no longer than the
// changes on both its sides joins them into one edit, so two rewrites of one sentence do not
// interleave word by word. When the texts differ in more than kMostDiffUnits units, what lies
// between their common start and end is replaced whole. Both texts are UTF-8.
std::vector<TextEdit> diff_words(std::string_view old_text, std::string_view new_text);

inline constexpr size_t kMostDiffUnits = 1000;

}  // namespace triad::core::detail
