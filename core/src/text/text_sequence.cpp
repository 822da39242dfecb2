// TextSequence: local edits, and merging a peer's changes by FugueMax's rule.
#include "triad/core/text_sequence.h"

#include <algorithm>
#include <map>

#include "text/text_codec.h"
#include "text/text_diff.h"
#include "text/text_runs.h"
#include "text/text_sequence_impl.h"

namespace triad::core {

using detail::ItemId;
using detail::Place;
using detail::Run;
using detail::RunList;

TextSequence::TextSequence() : impl_(std::make_unique<Impl>()) {}
TextSequence::~TextSequence() = default;
TextSequence::TextSequence(const TextSequence& other)
    : impl_(std::make_unique<Impl>(*other.impl_)) {}
TextSequence& TextSequence::operator=(const TextSequence& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
TextSequence::TextSequence(TextSequence&&) noexcept = default;
TextSequence& TextSequence::operator=(TextSequence&&) noexcept = default;

std::string TextSequence::text() const {
  std::string out;
  impl_->runs.for_each_run([&](const Run& r) { out += r.text; });
  return out;
}

size_t TextSequence::size() const { return impl_->runs.live(); }
size_t TextSequence::erased() const { return impl_->runs.items() - impl_->runs.live(); }
size_t TextSequence::run_count() const { return impl_->runs.run_count(); }

Status TextSequence::insert(SiteId site, size_t pos, std::string_view utf8) {
  if (pos > size())
    return invalid_argument("an insertion at character " + std::to_string(pos) + " of a text of " +
                            std::to_string(size()));
  const auto chars = detail::utf8_length(utf8);
  if (!chars) return invalid_argument("the inserted text is not UTF-8");
  if (*chars == 0) return Status::ok();
  RunList& runs = impl_->runs;
  if (runs.items() + *chars > detail::kMostCharactersPerText)
    return failed_precondition("this text has grown as long as a text may be (" +
                               std::to_string(detail::kMostCharactersPerText) +
                               " characters, with those erased)");
  const uint32_t s = runs.site_index(site);
  uint64_t first;
  TRIAD_RETURN_IF_ERROR(impl_->next_operations(s, *chars, first));
  const Place at = runs.seek_live(pos);
  const ItemId left = runs.item_before(at);
  const ItemId right = runs.is_end(at) ? ItemId{} : runs.item_at(at);
  if (at.offset == 0 && !left.none() && left.site == s && left.n + 1 == first) {
    const Run& before = runs.run_at(runs.find(left).value());
    if (before.live() && before.last() == left && before.right == right)
      return runs.extend(at, utf8, static_cast<uint32_t>(*chars)), Status::ok();
  }
  runs.insert(
      at, Run{{s, first}, static_cast<uint32_t>(*chars), left, right, {}, 0, std::string(utf8)});
  return Status::ok();
}

Status TextSequence::erase(SiteId site, size_t pos, size_t count) {
  if (pos > size() || count > size() - pos)
    return invalid_argument("an erasure of characters " + std::to_string(pos) + " to " +
                            std::to_string(pos + count) + " of a text of " +
                            std::to_string(size()));
  if (count == 0) return Status::ok();
  RunList& runs = impl_->runs;
  const uint32_t s = runs.site_index(site);
  uint64_t op;
  TRIAD_RETURN_IF_ERROR(impl_->next_operations(s, 1, op));
  runs.erase(runs.seek_live(pos), count, {s, op}, 0, true);
  runs.hold(s, op);
  return Status::ok();
}

Status TextSequence::replace_all(SiteId site, std::string_view new_text) {
  if (!detail::utf8_length(new_text)) return invalid_argument("the new text is not UTF-8");
  // Applied back to front, so each edit's position holds whatever the later ones do.
  const std::vector<detail::TextEdit> edits = detail::diff_words(text(), new_text);
  for (auto it = edits.rbegin(); it != edits.rend(); ++it) {
    TRIAD_RETURN_IF_ERROR(erase(site, it->pos, it->erased));
    TRIAD_RETURN_IF_ERROR(insert(site, it->pos, it->inserted));
  }
  return Status::ok();
}

TextVersion TextSequence::version() const {
  TextVersion v;
  const RunList& runs = impl_->runs;
  for (uint32_t s = 0; s < runs.site_count(); ++s)
    if (runs.held(s) > 0) v.emplace_back(runs.site_id(s), runs.held(s));
  std::sort(v.begin(), v.end());
  return v;
}

bool covers(const TextVersion& have, const TextVersion& need) {
  for (const auto& [site, n] : need) {
    auto it = std::lower_bound(have.begin(), have.end(), std::make_pair(site, uint64_t{0}));
    if (it == have.end() || it->first != site || it->second < n) return false;
  }
  return true;
}

std::string TextSequence::changes_since(const TextVersion& base) const {
  return detail::encode_changes(impl_->runs, base);
}

bool TextSequence::operator==(const TextSequence& other) const {
  return encode() == other.encode();
}

}  // namespace triad::core
