// How names typed by people compare: ignoring case (accented and non-Latin capitals too: "ZOË"
// is "Zoë", "ÉCOLE" is "École") and runs of spaces. Used to look schools and people up by name
// and to refuse a second person whose name differs only in case. Ids of schools and people are
// still derived by RecordId::derive (which folds ASCII only): ids that exist in stores never
// change (README, Design: "Names and ids"). Internal to core. Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace triad::core::detail {

// `name` with leading, trailing and repeated whitespace removed and every letter case-folded
// (Unicode simple case folding for the Latin, Greek, Cyrillic and Armenian scripts; other
// characters, and bytes that are not UTF-8, are kept as they are). Two names are the same name
// when their keys are equal.
std::string name_key(std::string_view name);

// True when `text` holds a byte outside ASCII (only then can name_key() equate two names that
// SQLite's NOCASE and RecordId::derive tell apart).
bool has_non_ascii(std::string_view text);

}  // namespace triad::core::detail
