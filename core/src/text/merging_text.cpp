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

namespace {

// The join of the field's sequence versions: the first loaded in document order (load() checks
// what it reads), the others merged into it. A version that does not decode or merge is left out,
// or, with `strict`, makes the join fail (nullopt). nullopt too for a field with no sequence.
std::optional<TextSequence> join_of(const FieldState& field, bool strict) {
  std::optional<TextSequence> joined;
  for (const FieldVersion& v : field.versions) {
    if (!is_sequence(v)) continue;
    if (!joined) {
      auto loaded = TextSequence::load(v.value);
      if (loaded)
        joined = std::move(loaded.value());
      else if (strict)
        return std::nullopt;
    } else if (!joined->merge(v.value).is_ok() && strict) {
      return std::nullopt;
    }
  }
  return joined;
}

}  // namespace

TextSequence joined_sequence(const FieldState& field) {
  auto joined = join_of(field, false);
  return joined ? std::move(*joined) : TextSequence();
}

namespace {

// The stamp of the join of sequence versions that had seen, together, the writes `seen` names
// (without the joins' own entries): one after the newest of those writes, so every write joined
// is older and a write made over the join is newer, at a site named after all of them. The top
// bit is clear, as in writer_site_of; a join is told apart by recomputing its stamp (is_join).
Stamp join_stamp(const SeenVector& seen) {
  uint64_t newest = 0;
  uint64_t h = 0x84222325cbf29ce4ull;
  for (const auto& [site, hlc] : seen) {
    newest = std::max(newest, hlc);
    for (uint64_t part : {site, hlc})
      for (int i = 0; i < 8; ++i) h = (h ^ ((part >> (8 * i)) & 0xff)) * 0x100000001b3ull;
  }
  return {newest + 1, h & ~(uint64_t{1} << 63)};
}

// The writes a sequence version has seen, without its own entry when it is itself a join.
SeenVector writes_seen(const FieldVersion& v) {
  SeenVector without_own;
  for (const auto& e : v.seen)
    if (e.first != v.stamp.site) without_own.push_back(e);
  if (without_own.size() + 1 == v.seen.size() && join_stamp(without_own) == v.stamp)
    return without_own;
  return v.seen;
}

}  // namespace

bool is_join(const FieldVersion& v) { return is_sequence(v) && writes_seen(v) != v.seen; }

void join_sequence_versions(FieldState& field) {
  // A join whose writes another version has all seen holds nothing that version lacks. (An older
  // Triad keeps it beside that version, until a join here or a later write's own seen drops it.)
  const auto has_seen_all = [](const FieldVersion& w, const SeenVector& writes) {
    return std::all_of(writes.begin(), writes.end(), [&w](const auto& e) {
      return has_seen(w.seen, Stamp{e.second, e.first});
    });
  };
  std::vector<bool> covered(field.versions.size(), false);
  for (size_t j = 0; j < field.versions.size(); ++j) {
    if (!is_join(field.versions[j])) continue;
    const SeenVector writes = writes_seen(field.versions[j]);
    for (size_t w = 0; w < field.versions.size() && !covered[j]; ++w)
      covered[j] =
          w != j && is_sequence(field.versions[w]) && has_seen_all(field.versions[w], writes);
  }
  if (std::find(covered.begin(), covered.end(), true) != covered.end()) {
    std::vector<FieldVersion> kept;
    for (size_t i = 0; i < field.versions.size(); ++i)
      if (!covered[i]) kept.push_back(std::move(field.versions[i]));
    field.versions = std::move(kept);
  }
  if (std::count_if(field.versions.begin(), field.versions.end(), is_sequence) < 2) return;
  // Versions that do not join (damaged bytes, or together past kMostCharactersPerText) are kept
  // apart, as the text rule keeps them: a join would name their writes without their text.
  const std::optional<TextSequence> text = join_of(field, true);
  if (!text) return;
  FieldVersion joined{text->encode(), {}, {}};
  std::vector<FieldVersion> kept;
  for (FieldVersion& v : field.versions) {
    if (!is_sequence(v)) {
      kept.push_back(std::move(v));
      continue;
    }
    const SeenVector seen = writes_seen(v);
    joined.seen.insert(joined.seen.end(), seen.begin(), seen.end());
  }
  normalise_seen(joined.seen);
  joined.stamp = join_stamp(joined.seen);
  joined.seen.emplace_back(joined.stamp.site, joined.stamp.hlc);  // a write over it has seen it
  normalise_seen(joined.seen);
  kept.push_back(std::move(joined));
  std::sort(kept.begin(), kept.end(), newer_version_first);
  field.versions = std::move(kept);
}

bool drops_text(const FieldState& before, const FieldState& after) {
  auto has_version = [](const FieldState& f, const FieldVersion& v) {
    return std::find(f.versions.begin(), f.versions.end(), v) != f.versions.end();
  };
  size_t sequences = 0;
  for (const FieldVersion& v : before.versions) {
    if (is_carried(v) && v.value.size() > 1 && !has_version(after, v)) return true;
    if (is_sequence(v)) ++sequences;
  }
  if (sequences == 0) return false;
  if (sequences > 1)  // kept apart by an earlier Triad: each holds text the join may have erased
    return std::any_of(before.versions.begin(), before.versions.end(), [&](const FieldVersion& v) {
      return is_sequence(v) && !has_version(after, v);
    });
  const auto kept = std::find_if(before.versions.begin(), before.versions.end(), is_sequence);
  if (has_version(after, *kept)) return false;
  return joined_sequence(after).erased() > joined_sequence(before).erased();
}

bool record_drops_text(const RecordState& before, const RecordState& after) {
  for (const auto& [name, field] : before.fields) {
    if (field.kind != FieldKind::kMergingText) continue;
    const FieldState* later = after.field(name);
    if (!later || (*later != field && drops_text(field, *later))) return true;
  }
  return false;
}

std::vector<FieldVersion> readable_versions(const FieldState& field) {
  std::vector<FieldVersion> out;
  const auto newest_sequence =
      std::find_if(field.versions.begin(), field.versions.end(), is_sequence);
  if (newest_sequence != field.versions.end()) {
    // A join is shown with the stamp of the newest write it joins: a person's, on a device.
    Stamp shown = newest_sequence->stamp;
    if (is_join(*newest_sequence)) {
      shown = {};
      for (const auto& [site, hlc] : writes_seen(*newest_sequence))
        shown = std::max(shown, Stamp{hlc, site});
    }
    out.push_back({current_text(field), shown, newest_sequence->seen});
  }
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

// How many operations of `site` a sequence holds.
uint64_t held_by(const TextSequence& text, SiteId site) {
  const TextVersion v = text.version();
  auto it = std::lower_bound(v.begin(), v.end(), std::make_pair(site, uint64_t{0}));
  return it != v.end() && it->first == site ? it->second : 0;
}

// Returns how many operations of the site it typed as the field then holds.
uint64_t write_sequence(FieldState& field, TextSequence text, const std::string& value, Stamp stamp,
                        SiteId typing_site = 0) {
  const SiteId site = typing_site != 0 ? typing_site : writer_site_of(stamp);
  (void)text.replace_all(site, value);  // the value was checked to be UTF-8
  const uint64_t typed = held_by(text, site);
  FieldVersion v{text.encode(), stamp, {}};  // begins with the codec's format byte, 0x01
  for (const FieldVersion& old : field.versions) {
    // A join is named by the writes it joined, not by its own entry: joins never pile up in the
    // writers a field names (join_sequence_versions drops a join whose writes a version has seen).
    const SeenVector seen = writes_seen(old);
    v.seen.insert(v.seen.end(), seen.begin(), seen.end());
  }
  v.seen.emplace_back(stamp.site, stamp.hlc);
  normalise_seen(v.seen);
  field.kind = FieldKind::kMergingText;
  field.versions = {std::move(v)};
  return typed;
}

}  // namespace

std::string current_text(const FieldState& field) {
  if (std::any_of(field.versions.begin(), field.versions.end(), is_sequence))
    return joined_sequence(field).text();
  const auto carried = std::find_if(field.versions.begin(), field.versions.end(), is_carried);
  return carried == field.versions.end() ? std::string() : carried->value.substr(1);
}

void assign_merging_text(FieldState& field, const std::string& value, Stamp stamp) {
  (void)write_sequence(field, starting_sequence(field), value, stamp);
}

void save_merging_text(FieldState& field, const std::string& value, Stamp stamp, SiteId typing_site,
                       uint64_t* typed) {
  TextSequence text = starting_sequence(field);
  if (!field.versions.empty() && !field.has_conflict() && text.text() == value) return;
  if (typing_site != 0 && typed && held_by(text, typing_site) < *typed) typing_site = 0;
  const uint64_t now_typed = write_sequence(field, std::move(text), value, stamp, typing_site);
  if (typing_site != 0 && typed) *typed = now_typed;
}

SiteId typing_site_of(SiteId replica_site, uint64_t typing_session) {
  return writer_site_of(Stamp{typing_session, replica_site});
}

}  // namespace triad::core::detail
