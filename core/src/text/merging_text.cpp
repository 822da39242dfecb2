#include "text/merging_text.h"

#include <algorithm>
#include <optional>

#include "triad/core/merge.h"

namespace triad::core::detail {
namespace {

bool is_sequence(const FieldVersion& v) {
  return !v.value.empty() && v.value[0] == kSequenceVersion;
}
bool is_carried(const FieldVersion& v) { return !v.value.empty() && v.value[0] == kCarriedText; }

// The site that "typed" a carried-over text when a write starts from it: named after the stamp of
// the version it comes from, so every replica starting from that version makes the same
// characters. The top bit keeps it apart from the random site ids of real replicas in practice.
uint64_t mix(const Stamp& stamp) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (uint64_t part : {stamp.hlc, stamp.site})
    for (int i = 0; i < 8; ++i) h = (h ^ ((part >> (8 * i)) & 0xff)) * 0x100000001b3ull;
  return h;
}

SiteId base_site_of(const Stamp& stamp) { return mix(stamp) | (uint64_t{1} << 63); }

// The sequence site of one write: named after the write's stamp, not the replica's site, so that
// a store restored from a backup, which writes again under its old site id before it is given a
// new one (README, "When something went wrong"), never numbers characters its original already
// numbered differently. A stamp names one write, so no two writes share a sequence site.
SiteId writer_site_of(const Stamp& stamp) { return mix(stamp) & ~(uint64_t{1} << 63); }

}  // namespace

FieldState convert_text_field(const FieldState& text_field) {
  FieldState out = text_field;
  out.kind = FieldKind::kMergingText;
  for (FieldVersion& v : out.versions) v.value.insert(v.value.begin(), kCarriedText);
  return out;
}

TextSequence joined_sequence(const FieldState& field) {
  // Most fields hold one version: loaded in document order (load() checks what it reads), the
  // others merged into it. A version that does not decode is left out.
  std::optional<TextSequence> joined;
  for (const FieldVersion& v : field.versions) {
    if (!is_sequence(v)) continue;
    if (!joined) {
      if (auto loaded = TextSequence::load(v.value)) joined = std::move(loaded.value());
    } else {
      (void)joined->merge(v.value);
    }
  }
  return joined ? std::move(*joined) : TextSequence();
}

std::vector<FieldVersion> readable_versions(const FieldState& field) {
  std::vector<FieldVersion> out;
  const auto newest_sequence =
      std::find_if(field.versions.begin(), field.versions.end(), is_sequence);
  if (newest_sequence != field.versions.end())
    out.push_back({current_text(field), newest_sequence->stamp, newest_sequence->seen});
  for (const FieldVersion& v : field.versions)
    if (is_carried(v)) out.push_back({v.value.substr(1), v.stamp, v.seen});
  return out;
}

namespace {

// What a write starts from: the joined sequence, or, while the field holds no sequence version,
// its newest carried-over text typed by the site named after that text's stamp.
TextSequence starting_sequence(const FieldState& field) {
  TextSequence text = joined_sequence(field);
  if (text.version().empty()) {
    const auto carried = std::find_if(field.versions.begin(), field.versions.end(), is_carried);
    if (carried != field.versions.end() && carried->value.size() > 1)
      (void)text.insert(base_site_of(carried->stamp), 0,
                        std::string_view(carried->value).substr(1));
  }
  return text;
}

void write_sequence(FieldState& field, TextSequence text, const std::string& value, Stamp stamp) {
  (void)text.replace_all(writer_site_of(stamp), value);  // the value was checked to be UTF-8
  FieldVersion v{text.encode(), stamp, {}};  // begins with the codec's format byte, 0x01
  for (const FieldVersion& old : field.versions)
    v.seen.insert(v.seen.end(), old.seen.begin(), old.seen.end());
  v.seen.emplace_back(stamp.site, stamp.hlc);
  normalise_seen(v.seen);
  field.kind = FieldKind::kMergingText;
  field.versions = {std::move(v)};
}

}  // namespace

std::string current_text(const FieldState& field) {
  if (std::any_of(field.versions.begin(), field.versions.end(), is_sequence))
    return joined_sequence(field).text();
  const auto carried = std::find_if(field.versions.begin(), field.versions.end(), is_carried);
  return carried == field.versions.end() ? std::string() : carried->value.substr(1);
}

void assign_merging_text(FieldState& field, const std::string& value, Stamp stamp) {
  write_sequence(field, starting_sequence(field), value, stamp);
}

void save_merging_text(FieldState& field, const std::string& value, Stamp stamp) {
  TextSequence text = starting_sequence(field);
  if (!field.versions.empty() && !field.has_conflict() && text.text() == value) return;
  write_sequence(field, std::move(text), value, stamp);
}

}  // namespace triad::core::detail
