#include "text/text_changes.h"

#include <algorithm>
#include <optional>

#include "text/merging_text.h"
#include "text/text_codec.h"
#include "triad/core/schema.h"
#include "triad/core/text_sequence.h"
#include "varint.h"

namespace triad::core::detail {
namespace {

// The bases as stored in the record row's text_base column (store_schema.cpp):
//   count, then per field: name (string), count, then per site: 8 bytes little-endian, varint
//   operations held.
using Bases = std::vector<std::pair<std::string, TextVersion>>;

bool is_sequence(const FieldVersion& v) {
  return !v.value.empty() && v.value[0] == kSequenceVersion;
}
bool is_changes(const FieldVersion& v) { return !v.value.empty() && v.value[0] == kTextChanges; }

// The join's version of the field's sequence versions, from their headers; with `changes`, of
// its text changes too (the version their sender holds).
TextVersion joined_version(const FieldState& field, bool changes = false) {
  TextVersion out;
  for (const FieldVersion& v : field.versions) {
    const bool whole = is_sequence(v);
    if (!whole && !(changes && is_changes(v))) continue;
    auto version = decode_version(std::string_view(v.value).substr(whole ? 0 : 1));
    if (!version) continue;
    TextVersion merged;
    std::merge(out.begin(), out.end(), version->begin(), version->end(),
               std::back_inserter(merged));
    out.clear();
    for (const auto& entry : merged)
      if (!out.empty() && out.back().first == entry.first)
        out.back().second = std::max(out.back().second, entry.second);
      else
        out.push_back(entry);
  }
  return out;
}

bool read_bases(std::string_view bytes, Bases& out) {
  Reader in(bytes);
  uint64_t fields;
  if (!in.varint(fields) || fields > bytes.size()) return false;
  for (uint64_t f = 0; f < fields; ++f) {
    std::string name;
    uint64_t sites;
    if (!in.string(name) || !in.varint(sites) || sites > bytes.size() / 8) return false;
    TextVersion version;
    for (uint64_t i = 0; i < sites; ++i) {
      SiteId site = 0;
      uint64_t n;
      if (!in.fixed64(site) || !in.varint(n)) return false;
      version.emplace_back(site, n);
    }
    out.emplace_back(std::move(name), std::move(version));
  }
  return in.done();
}

// `fields` (name, field held) encoded as the text_base column holds them.
std::string encode_bases(const Bases& fields) {
  std::string out;
  size_t count = 0;
  std::string body;
  for (const auto& [name, version] : fields) {
    if (version.empty()) continue;
    ++count;
    put_string(body, name);
    put_varint(body, version.size());
    for (const auto& [site, n] : version) {
      put_fixed64(body, site);
      put_varint(body, n);
    }
  }
  if (count == 0) return out;
  put_varint(out, count);
  return out + body;
}

}  // namespace

std::string encode_text_bases(const RecordState& before, const RecordState& after) {
  Bases bases;
  for (const auto& [name, field] : after.fields) {
    if (field.kind != FieldKind::kMergingText) continue;
    const FieldState* held = before.field(name);
    if (held && held->kind == FieldKind::kMergingText)
      bases.emplace_back(name, joined_version(*held));
  }
  return encode_bases(bases);
}

std::string encode_sender_bases(const RecordState& sent) {
  Bases bases;
  if (sent.is_deleted()) return {};
  for (const auto& [name, field] : sent.fields)
    if (field.kind == FieldKind::kMergingText)
      bases.emplace_back(name, joined_version(field, /*changes=*/true));
  return encode_bases(bases);
}

void send_text_changes(RecordState& record, const std::vector<std::string_view>& candidates) {
  if (record.is_deleted()) return;
  std::vector<Bases> all(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i)
    if (!read_bases(candidates[i], all[i])) all[i].clear();
  for (auto& [name, field] : record.fields) {
    if (field.kind != FieldKind::kMergingText) continue;
    for (FieldVersion& v : field.versions) {
      if (!is_sequence(v)) continue;
      auto version = decode_version(v.value);
      if (!version) continue;
      std::optional<TextSequence> sequence;
      for (const Bases& bases : all)
        for (const auto& [base_name, base] : bases) {
          if (base_name != name || !covers(*version, base)) continue;
          if (!sequence) {
            auto loaded = TextSequence::load(v.value);
            if (!loaded) break;
            sequence = std::move(loaded.value());
          }
          std::string changes = std::string(1, kTextChanges) + sequence->changes_since(base);
          if (changes.size() < v.value.size()) v.value = std::move(changes);
        }
    }
  }
}

bool has_text_changes(const RecordState& record) {
  for (const auto& [name, field] : record.fields)
    if (field.kind == FieldKind::kMergingText &&
        std::any_of(field.versions.begin(), field.versions.end(), is_changes))
      return true;
  return false;
}

void drop_text_changes(RecordState& record) {
  for (auto& [name, field] : record.fields)
    if (field.kind == FieldKind::kMergingText) std::erase_if(field.versions, is_changes);
}

bool rebuild_text_changes(RecordState& incoming, const RecordState* held) {
  if (!has_text_changes(incoming)) return true;
  if (incoming.is_deleted() || (held && held->is_deleted())) {
    drop_text_changes(incoming);
    return true;
  }
  for (auto& [name, field] : incoming.fields) {
    if (field.kind != FieldKind::kMergingText) continue;
    const FieldState* mine = held ? held->field(name) : nullptr;
    const bool merging = mine && mine->kind == FieldKind::kMergingText;
    // Versions kept apart here (together too long, or one damaged) have no one join to build on.
    if (merging && std::count_if(mine->versions.begin(), mine->versions.end(), is_sequence) > 1)
      return false;
    for (FieldVersion& v : field.versions) {
      if (!is_changes(v)) continue;
      TextSequence joined = merging ? joined_sequence(*mine) : TextSequence();
      // Changes that do not build on what is held, or do not decode or fit: sent whole, they are
      // judged as any whole state is.
      if (!joined.merge(std::string_view(v.value).substr(1)).is_ok()) return false;
      v.value = joined.encode();
    }
  }
  return true;
}

}  // namespace triad::core::detail
