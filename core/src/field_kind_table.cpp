// The field kinds and what each does: the one table to edit when a kind is added
// (field_kind_table.h says what every entry holds and why unknown kinds merge as they do).
#include "field_kind_table.h"

#include <algorithm>
#include <array>

#include "text/merging_text.h"
#include "triad/core/merge.h"

namespace triad::core::detail {
namespace {

// ---- Versions: registers, text and every kind this version does not know ----------------------

FieldState merge_register(const FieldState& a, const FieldState& b) {
  if (a.versions.empty()) return b;
  if (b.versions.empty()) return a;
  return newer_version_first(b.versions.front(), a.versions.front()) ? b : a;
}

// Multi-value register: keep every version that no other version has seen. A stamp names one
// write, so equal stamps are the same version; the tie-breaks of newer_version_first only keep a
// corrupt peer from making the result depend on arrival order (found by apply_batch_fuzzer).
FieldState merge_versions(const FieldState& a, const FieldState& b) {
  std::vector<FieldVersion> all = a.versions;
  all.insert(all.end(), b.versions.begin(), b.versions.end());
  std::sort(all.begin(), all.end(), newer_version_first);
  all.erase(std::unique(all.begin(), all.end(),
                        [](const auto& x, const auto& y) { return x.stamp == y.stamp; }),
            all.end());
  FieldState out{a.kind, {}, {}};
  for (const FieldVersion& v : all) {
    // Only a later write can have seen an earlier one, so the newest version always survives,
    // whatever a corrupt peer claims in its seen vectors.
    const bool superseded = std::any_of(all.begin(), all.end(), [&](const FieldVersion& w) {
      return w.stamp > v.stamp && has_seen(w.seen, v.stamp);
    });
    if (!superseded) out.versions.push_back(v);
  }
  return out;
}

// Merging text: versions as the text rule keeps them, concurrent sequence versions then joined
// into one (merging_text.h), so no version keeps text another has erased.
FieldState merge_merging_text(const FieldState& a, const FieldState& b) {
  FieldState out = merge_versions(a, b);
  join_sequence_versions(out);
  return out;
}

// A writer has seen only writes before its own: claims to have seen later ones are dropped (its
// own site's entry is its own stamp). Versions newest first.
void sort_versions(FieldState& f) {
  f.dots.clear();
  for (FieldVersion& v : f.versions) {
    std::erase_if(v.seen, [&v](const auto& e) {
      return e.first == v.stamp.site ? e.second != v.stamp.hlc : e.second >= v.stamp.hlc;
    });
    normalise_seen(v.seen);
  }
  std::sort(f.versions.begin(), f.versions.end(), newer_version_first);
}

void canonicalise_register(FieldState& f) {
  for (FieldVersion& v : f.versions) v.seen.clear();  // registers never use it
  sort_versions(f);
  if (f.versions.size() > 1) f.versions.resize(1);
}

void canonicalise_versions(FieldState& f) {
  sort_versions(f);
  f = merge_versions(f, FieldState{f.kind, {}, {}});
}

void canonicalise_merging_text(FieldState& f) {
  sort_versions(f);
  f = merge_merging_text(f, FieldState{f.kind, {}, {}});
}

//   payload := count(versions) version*
//   version := value hlc site count(seen) (site hlc)*
void encode_versions(std::string& out, const FieldState& f) {
  put_varint(out, f.versions.size());
  for (const FieldVersion& v : f.versions) {
    put_string(out, v.value);
    put_varint(out, v.stamp.hlc);
    put_varint(out, v.stamp.site);
    put_varint(out, v.seen.size());
    for (const auto& [site, hlc] : v.seen) {
      put_varint(out, site);
      put_varint(out, hlc);
    }
  }
}

bool decode_versions(Reader& r, FieldState& f) {
  uint64_t n;
  if (!r.varint(n)) return false;
  for (uint64_t i = 0; i < n; ++i) {
    FieldVersion v;
    uint64_t seen;
    if (!r.string(v.value) || !r.varint(v.stamp.hlc) || !r.varint(v.stamp.site) || !r.varint(seen))
      return false;
    for (uint64_t k = 0; k < seen; ++k) {
      std::pair<SiteId, uint64_t> e;
      if (!r.varint(e.first) || !r.varint(e.second)) return false;
      v.seen.push_back(e);
    }
    f.versions.push_back(std::move(v));
  }
  return true;
}

Status check_single_value(FieldKind, std::string_view type, std::string_view field,
                          FieldEdit::Op op, std::string_view) {
  if (op == FieldEdit::Op::kAssign) return Status::ok();
  return invalid_argument(std::string(type) + "." + std::string(field) +
                          " holds one value: write " + std::string(field) + "=VALUE, not += or -=");
}

ShownField show_value(const FieldState& f) { return {true, false, {f.value()}}; }

// ---- Sets -------------------------------------------------------------------------------------

FieldState merge_set(const FieldState& a, const FieldState& b) {
  FieldState out{FieldKind::kSet, {}, {}};
  out.dots.reserve(a.dots.size() + b.dots.size());
  auto less = [](const SetDot& x, const SetDot& y) {
    return std::tie(x.element, x.added) < std::tie(y.element, y.added);
  };
  auto i = a.dots.begin(), j = b.dots.begin();
  while (i != a.dots.end() || j != b.dots.end()) {
    if (j == b.dots.end() || (i != a.dots.end() && less(*i, *j))) {
      out.dots.push_back(*i++);
    } else if (i == a.dots.end() || less(*j, *i)) {
      out.dots.push_back(*j++);
    } else {  // the same add seen by both: removed if either removed it
      out.dots.push_back(*i);
      out.dots.back().removed = i->removed || j->removed;
      ++i, ++j;
    }
  }
  return out;
}

void canonicalise_set(FieldState& f) {
  f.versions.clear();
  std::sort(f.dots.begin(), f.dots.end(), [](const auto& x, const auto& y) {
    return std::tie(x.element, x.added, x.removed) < std::tie(y.element, y.added, y.removed);
  });
  std::vector<SetDot> dots;  // the same dot twice: keep one, removed if either copy is
  for (const SetDot& d : f.dots) {
    if (!dots.empty() && dots.back().element == d.element && dots.back().added == d.added)
      dots.back().removed = dots.back().removed || d.removed;
    else
      dots.push_back(d);
  }
  f.dots = std::move(dots);
}

//   payload := count(dots) dot*
//   dot     := element hlc site removed(1 byte)
void encode_set(std::string& out, const FieldState& f) {
  put_varint(out, f.dots.size());
  for (const SetDot& d : f.dots) {
    put_string(out, d.element);
    put_varint(out, d.added.hlc);
    put_varint(out, d.added.site);
    out += static_cast<char>(d.removed ? 1 : 0);
  }
}

bool decode_set(Reader& r, FieldState& f) {
  uint64_t n;
  if (!r.varint(n)) return false;
  for (uint64_t i = 0; i < n; ++i) {
    SetDot d;
    uint8_t removed;
    if (!r.string(d.element) || !r.varint(d.added.hlc) || !r.varint(d.added.site) ||
        !r.byte(removed))
      return false;
    d.removed = removed != 0;
    f.dots.push_back(std::move(d));
  }
  return true;
}

Status check_set_edit(FieldKind, std::string_view type, std::string_view field, FieldEdit::Op op,
                      std::string_view value) {
  if (op == FieldEdit::Op::kAssign || !value.empty()) return Status::ok();
  return invalid_argument(std::string(type) + "." + std::string(field) +
                          ": an element cannot be empty");
}

ShownField show_set(const FieldState& f) { return {true, true, f.elements()}; }

// ---- Merging text -----------------------------------------------------------------------------

ShownField show_merging_text(const FieldState& f) { return {true, false, {current_text(f)}}; }

// ---- Kinds this version does not know ---------------------------------------------------------

Status refuse_edit(FieldKind kind, std::string_view type, std::string_view field, FieldEdit::Op,
                   std::string_view) {
  return failed_precondition(
      std::string(type) + "." + std::string(field) + " is a kind of field (kind " +
      std::to_string(static_cast<unsigned>(kind)) +
      ") from a newer version of Triad: this version keeps it and passes it on unchanged, but "
      "cannot change it. To edit it, update Triad");
}

ShownField show_unknown(const FieldState&) { return {false, false, {}}; }

// ---- The table --------------------------------------------------------------------------------

constexpr std::array<FieldKindRules, 4> kKinds{{
    {FieldKind::kRegister, "register", true, merge_register, canonicalise_register, encode_versions,
     decode_versions, check_single_value, show_value},
    {FieldKind::kText, "text", true, merge_versions, canonicalise_versions, encode_versions,
     decode_versions, check_single_value, show_value},
    {FieldKind::kSet, "set", true, merge_set, canonicalise_set, encode_set, decode_set,
     check_set_edit, show_set},
    {FieldKind::kMergingText, "merging text", true, merge_merging_text, canonicalise_merging_text,
     encode_versions, decode_versions, check_single_value, show_merging_text},
}};

constexpr FieldKindRules kUnknownKind{
    FieldKind{0},    "unknown",       false,       merge_versions, canonicalise_versions,
    encode_versions, decode_versions, refuse_edit, show_unknown};

}  // namespace

const FieldKindRules& rules_for(FieldKind kind) {
  for (const FieldKindRules& rules : kKinds)
    if (rules.kind == kind) return rules;
  return kUnknownKind;
}

}  // namespace triad::core::detail

namespace triad::core {

bool is_known_kind(FieldKind kind) { return detail::rules_for(kind).known; }

ShownField show_field(const FieldState& field) { return detail::rules_for(field.kind).show(field); }

std::vector<FieldVersion> readable_versions(const FieldState& field) {
  if (field.kind == FieldKind::kMergingText) return detail::readable_versions(field);
  return field.versions;
}

}  // namespace triad::core
