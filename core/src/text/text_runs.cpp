#include "text/text_runs.h"

#include <algorithm>
#include <cassert>

namespace triad::core::detail {
namespace {

constexpr size_t kMostRunsPerBlock = 128;
constexpr size_t kPageBits = 8;
constexpr size_t kPageSize = size_t{1} << kPageBits;

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

size_t utf8_offset(std::string_view text, size_t chars) {
  if (chars >= text.size()) return chars == 0 ? 0 : text.size();
  size_t at = 0;
  for (; chars > 0 && at < text.size(); --chars) {
    ++at;
    while (at < text.size() && is_continuation(static_cast<unsigned char>(text[at]))) ++at;
  }
  return at;
}

std::optional<size_t> utf8_length(std::string_view text) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > text.size()) return std::nullopt;
    for (size_t k = 1; k < n; ++k)
      if (!is_continuation(static_cast<unsigned char>(text[i + k]))) return std::nullopt;
    uint32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (size_t k = 1; k < n; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    static constexpr uint32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kLeast[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    i += n;
    ++chars;
  }
  return chars;
}

bool joinable(const Run& a, const Run& b, int8_t& step) {
  if (b.id != a.id.plus(a.length) || b.left != a.last() || b.right != a.right) return false;
  if (a.live() || b.live()) {
    step = 0;
    return a.live() && b.live();
  }
  if (a.erased_by.site != b.erased_by.site) return false;
  const ItemId a_last = a.eraser(a.length - 1);
  const int64_t gap = static_cast<int64_t>(b.erased_by.n) - static_cast<int64_t>(a_last.n);
  if (gap < -1 || gap > 1) return false;
  if (a.length > 1 && gap != a.step) return false;
  if (b.length > 1 && gap != b.step) return false;
  step = static_cast<int8_t>(gap);
  return true;
}

RunList::RunList() { blocks_.push_back(std::make_unique<Block>()); }

RunList::RunList(const RunList& other) : RunList() { *this = other; }

RunList& RunList::operator=(const RunList& other) {
  if (this == &other) return *this;
  sites_ = other.sites_;
  held_ = other.held_;
  blocks_.clear();
  blocks_.push_back(std::make_unique<Block>());
  where_.clear();
  where_.resize(sites_.size());
  items_ = live_ = 0;
  seek_block_ = seek_start_ = 0;
  other.for_each_run([&](const Run& r) { append(r); });
  return *this;
}

uint32_t RunList::site_index(SiteId site) {
  if (auto found = find_site(site)) return *found;
  sites_.push_back(site);
  held_.push_back(0);
  where_.emplace_back();
  return static_cast<uint32_t>(sites_.size() - 1);
}

std::optional<uint32_t> RunList::find_site(SiteId site) const {
  for (size_t i = 0; i < sites_.size(); ++i)
    if (sites_[i] == site) return static_cast<uint32_t>(i);
  return std::nullopt;
}

void RunList::hold(uint32_t site, uint64_t n) { held_[site] = std::max(held_[site], n); }

size_t RunList::run_count() const {
  size_t n = 0;
  for (const auto& b : blocks_) n += b->runs.size();
  return n;
}

Place RunList::end() const { return {blocks_.size() - 1, blocks_.back()->runs.size(), 0}; }

bool RunList::is_end(const Place& p) const {
  return p.block == blocks_.size() - 1 && p.run == blocks_.back()->runs.size();
}

Place RunList::seek_live(size_t pos) {
  assert(pos <= live_);
  size_t b = std::min(seek_block_, blocks_.size() - 1);
  size_t start = b == seek_block_ ? seek_start_ : 0;
  if (b != seek_block_) b = 0;
  while (b > 0 && start > pos) start -= blocks_[--b]->live;
  while (b + 1 < blocks_.size() && start + blocks_[b]->live <= pos) start += blocks_[b++]->live;
  seek_block_ = b;
  seek_start_ = start;
  const Block& block = *blocks_[b];
  size_t left = pos - start;
  for (size_t r = 0; r < block.runs.size(); ++r) {
    const Run& run = block.runs[r];
    if (!run.live()) continue;
    if (left < run.length) return {b, r, static_cast<uint32_t>(left)};
    left -= run.length;
  }
  // Only the last block can end before pos: pos is the end of the text.
  return end();
}

ItemId RunList::item_before(const Place& p) const {
  if (p.offset > 0) return item_at({p.block, p.run, p.offset - 1});
  size_t b = p.block, r = p.run;
  while (r == 0) {
    if (b == 0) return {};
    r = blocks_[--b]->runs.size();
  }
  return blocks_[b]->runs[r - 1].last();
}

Place RunList::next(const Place& p) const {
  const Block& block = *blocks_[p.block];
  if (p.offset + 1 < block.runs[p.run].length) return {p.block, p.run, p.offset + 1};
  if (p.run + 1 < block.runs.size() || p.block + 1 == blocks_.size())
    return {p.block, p.run + 1, 0};
  size_t b = p.block + 1;
  while (b + 1 < blocks_.size() && blocks_[b]->runs.empty()) ++b;
  return {b, 0, 0};
}

const Block* RunList::block_of(ItemId item) const {
  if (item.none() || item.site >= where_.size() || item.n == 0) return nullptr;
  const auto& pages = where_[item.site];
  const uint64_t slot = item.n - 1;
  const auto page = pages.find(slot >> kPageBits);
  return page == pages.end() ? nullptr : page->second[slot & (kPageSize - 1)];
}

std::optional<Place> RunList::find(ItemId item) const {
  const Block* block = block_of(item);
  if (!block) return std::nullopt;
  for (size_t r = 0; r < block->runs.size(); ++r)
    if (block->runs[r].holds(item))
      return Place{block->index, r, static_cast<uint32_t>(item.n - block->runs[r].id.n)};
  assert(false && "the id index names a block without the character");
  return std::nullopt;
}

size_t RunList::index_of(const Place& p) const {
  size_t at = 0;
  for (size_t b = 0; b < p.block; ++b) at += blocks_[b]->items;
  const Block& block = *blocks_[p.block];
  for (size_t r = 0; r < p.run; ++r) at += block.runs[r].length;
  return at + p.offset;
}

bool RunList::holds_any(ItemId first, uint64_t length) const {
  if (first.none() || first.site >= where_.size() || first.n == 0) return false;
  const auto& pages = where_[first.site];
  const uint64_t start = first.n - 1, end = start + length;
  for (uint64_t slot = start; slot < end;) {
    const uint64_t page_end = std::min(end, ((slot >> kPageBits) + 1) << kPageBits);
    const auto page = pages.find(slot >> kPageBits);
    if (page != pages.end())
      for (uint64_t s = slot; s < page_end; ++s)
        if (page->second[s & (kPageSize - 1)]) return true;
    slot = page_end;
  }
  return false;
}

void RunList::index_run(Block* block, const Run& run) {
  auto& pages = where_[run.id.site];
  const uint64_t first = run.id.n - 1, end = first + run.length;
  for (uint64_t slot = first; slot < end;) {  // a page at a time
    std::unique_ptr<Block*[]>& page = pages[slot >> kPageBits];
    if (!page) {
      page = std::make_unique<Block*[]>(kPageSize);
      std::fill_n(page.get(), kPageSize, nullptr);
    }
    const uint64_t page_end = std::min(end, ((slot >> kPageBits) + 1) << kPageBits);
    std::fill(page.get() + (slot & (kPageSize - 1)),
              page.get() + (slot & (kPageSize - 1)) + (page_end - slot), block);
    slot = page_end;
  }
}

void RunList::moved(size_t block) {
  if (seek_block_ >= block) seek_block_ = seek_start_ = 0;
}

Place RunList::split(const Place& p) {
  if (p.offset == 0) return p;
  Block& block = *blocks_[p.block];
  Run& run = block.runs[p.run];
  Run right = run;
  right.id = run.id.plus(p.offset);
  right.length = run.length - p.offset;
  right.left = run.id.plus(p.offset - 1);
  if (run.live()) {
    const size_t cut = utf8_offset(run.text, p.offset);
    right.text = run.text.substr(cut);
    run.text.resize(cut);
  }
  if (!run.live()) right.erased_by = run.eraser(p.offset);
  run.length = p.offset;
  if (run.length == 1) run.step = 0;
  if (right.length == 1) right.step = 0;
  block.runs.insert(block.runs.begin() + static_cast<std::ptrdiff_t>(p.run) + 1, std::move(right));
  const ItemId right_id = block.runs[p.run + 1].id;
  if (block.runs.size() > kMostRunsPerBlock) {
    split_block(p.block);
    return find(right_id).value();
  }
  return {p.block, p.run + 1, 0};
}

void RunList::split_block(size_t b) {
  Block& full = *blocks_[b];
  auto half = std::make_unique<Block>();
  const size_t keep = full.runs.size() / 2;
  half->runs.assign(std::make_move_iterator(full.runs.begin() + static_cast<std::ptrdiff_t>(keep)),
                    std::make_move_iterator(full.runs.end()));
  full.runs.resize(keep);
  for (const Run& r : half->runs) {
    half->items += r.length;
    half->live += r.live_length();
  }
  full.items -= half->items;
  full.live -= half->live;
  for (const Run& r : half->runs) index_run(half.get(), r);
  blocks_.insert(blocks_.begin() + static_cast<std::ptrdiff_t>(b) + 1, std::move(half));
  for (size_t i = b + 1; i < blocks_.size(); ++i) blocks_[i]->index = i;
  moved(b + 1);
}

void RunList::insert(const Place& at, Run run) {
  Place p = split(at);
  Block& block = *blocks_[p.block];
  const size_t chars = run.length, live_chars = run.live_length();
  index_run(&block, run);
  hold(run.id.site, run.id.n + run.length - 1);
  block.runs.insert(block.runs.begin() + static_cast<std::ptrdiff_t>(p.run), std::move(run));
  block.items += chars;
  block.live += live_chars;
  items_ += chars;
  live_ += live_chars;
  moved(p.block + 1);
  if (block.runs.size() > kMostRunsPerBlock) split_block(p.block);
}

void RunList::extend(const Place& p, std::string_view text, uint32_t chars) {
  assert(p.offset == 0);
  size_t b = p.block, r = p.run;
  while (r == 0) r = blocks_[--b]->runs.size();
  Block& block = *blocks_[b];
  Run& run = block.runs[r - 1];
  run.text.append(text);
  run.length += chars;
  index_run(&block, Run{run.id.plus(run.length - chars), chars, {}, {}, {}, 0, {}});
  hold(run.id.site, run.id.n + run.length - 1);
  block.items += chars;
  block.live += chars;
  items_ += chars;
  live_ += chars;
  moved(b + 1);
}

bool RunList::try_join(size_t b, size_t r) {
  Block& block = *blocks_[b];
  if (r + 1 >= block.runs.size()) return false;
  Run& first = block.runs[r];
  Run& second = block.runs[r + 1];
  int8_t step;
  if (!joinable(first, second, step)) return false;
  first.length += second.length;
  first.text += second.text;
  first.step = step;
  block.runs.erase(block.runs.begin() + static_cast<std::ptrdiff_t>(r) + 1);
  return true;
}

void RunList::lower_eraser(const Place& p, ItemId by) {
  Run& run = blocks_[p.block]->runs[p.run];
  if (lower(by, run.erased_by)) run.erased_by = by;
}

Place RunList::erase(Place p, size_t count, ItemId by, int8_t step, bool live_only) {
  uint64_t k = 0;  // characters counted so far
  auto by_of = [&](uint64_t i) {
    return ItemId{by.site, static_cast<uint64_t>(static_cast<int64_t>(by.n) +
                                                 static_cast<int64_t>(i) * step)};
  };
  while (count > 0 && !is_end(p)) {
    if (live_only && !run_at(p).live()) {
      p = next({p.block, p.run, run_at(p).length - 1});
      continue;
    }
    p = split(p);
    const ItemId first = run_at(p).id;
    // An erased run takes a lower erasure character by character (a rare, concurrent case).
    const uint32_t take =
        run_at(p).live() ? static_cast<uint32_t>(std::min<size_t>(count, run_at(p).length)) : 1;
    if (take < run_at(p).length) split({p.block, p.run, take});
    p = find(first).value();  // the split may have moved the run to a new block
    Block& block = *blocks_[p.block];
    Run& run = block.runs[p.run];
    if (run.live()) {
      run.erased_by = by_of(k);
      run.step = take > 1 ? step : 0;
      run.text.clear();
      run.text.shrink_to_fit();
      block.live -= run.length;
      live_ -= run.length;
      moved(p.block + 1);
    } else {
      lower_eraser(p, by_of(k));
    }
    count -= take;
    k += take;
    const ItemId last = run.last();
    // Erased runs that continue each other become one (a person backspacing through a word).
    if (p.run + 1 < block.runs.size()) try_join(p.block, p.run);
    if (p.run > 0) try_join(p.block, p.run - 1);
    const Place at = find(last).value();
    p = next(at);
  }
  return p;
}

}  // namespace triad::core::detail
