// The characters of a TextSequence in document order, kept as runs in blocks: what the
// algorithm of text_sequence.cpp reads and edits. A run is characters with consecutive ids of
// one site, each typed right after the one before it, with one right origin and one state
// (live, or erased by one operation). Runs sit in blocks of at most kMostRunsPerBlock, each
// block knowing how many characters and live characters it holds, so finding the n-th live
// character walks blocks, then runs of one block. The last block found is remembered, since a
// person edits near where they last edited. An index from id to block makes a peer's character
// found without a walk. Internal to core; not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "triad/core/clock.h"

namespace triad::core::detail {

constexpr uint32_t kNoSite = UINT32_MAX;
// Bounds on one text, far beyond any person's writing (the automerge-paper trace, 259,778 edits,
// holds 182,000 characters): a damaged or hostile peer's bytes cannot make the id index or the
// runs allocate more than these allow.
constexpr uint64_t kMostOperationsPerSite = uint64_t{1} << 22;
constexpr uint64_t kMostCharactersPerText = uint64_t{1} << 22;  // live and erased

// A character's or an operation's id: `site` indexes the sequence's site table, `n` is that
// site's operation number (from 1). site == kNoSite: no character (the start or the end).
struct ItemId {
  uint32_t site = kNoSite;
  uint64_t n = 0;

  bool none() const { return site == kNoSite; }
  ItemId plus(uint64_t k) const { return {site, n + k}; }
  bool operator==(const ItemId&) const = default;
};

struct Run {
  ItemId id;            // the first character; the others follow with n + 1, n + 2 ...
  uint32_t length = 0;  // characters
  ItemId left;          // the first character's left origin; each later one's is the one before
  ItemId right;         // every character's right origin
  ItemId erased_by;     // the erasure that removed the first character; none while live
  int8_t step = 0;      // character k was removed by erasure erased_by.n + k * step (-1, 0, 1)
  std::string text;     // UTF-8 of the characters; empty once erased

  bool live() const { return erased_by.none(); }
  // The erasure that removed character k.
  ItemId eraser(uint64_t k) const {
    return {erased_by.site, static_cast<uint64_t>(static_cast<int64_t>(erased_by.n) +
                                                  static_cast<int64_t>(k) * step)};
  }
  size_t live_length() const { return live() ? length : 0; }
  ItemId last() const { return id.plus(length - 1); }
  bool holds(ItemId item) const {
    return item.site == id.site && item.n >= id.n && item.n < id.n + length;
  }
};

// Whether `b` continues `a` as one run: the next ids of one site, each typed after the one before
// with one right origin, and both live, or both erased by erasures one apart (a person
// backspacing, or pressing delete) or by one erasure. `step` is the joined run's.
bool joinable(const Run& a, const Run& b, int8_t& step);

struct Block {
  std::vector<Run> runs;
  size_t items = 0;  // characters, live and erased
  size_t live = 0;   // live characters
  size_t index = 0;  // this block's place among the blocks
};

// A character's place: blocks_[block].runs[run], `offset` characters in. The end of the
// sequence is {last block, its run count, 0}.
struct Place {
  size_t block = 0;
  size_t run = 0;
  uint32_t offset = 0;
};

// Byte offset of character `chars` in UTF-8 `text` (which is valid).
size_t utf8_offset(std::string_view text, size_t chars);
// Characters in `text`, or nullopt when it is not valid UTF-8.
std::optional<size_t> utf8_length(std::string_view text);

class RunList {
 public:
  RunList();
  RunList(const RunList& other);
  RunList& operator=(const RunList& other);

  // The site table: ids hold an index into it.
  uint32_t site_index(SiteId site);  // adds a site not seen before
  std::optional<uint32_t> find_site(SiteId site) const;
  SiteId site_id(uint32_t index) const { return sites_[index]; }
  size_t site_count() const { return sites_.size(); }
  // Operations held per site index: every operation 1..held(site).
  uint64_t held(uint32_t site) const { return held_[site]; }
  void hold(uint32_t site, uint64_t n);

  size_t items() const { return items_; }
  size_t live() const { return live_; }
  size_t run_count() const;

  // The place of the first live character at or after live position `pos` (pos <= live()):
  // erased characters just before it are skipped, so they stay to the left of what is typed.
  Place seek_live(size_t pos);
  Place end() const;
  bool is_end(const Place& p) const;
  const Run& run_at(const Place& p) const { return blocks_[p.block]->runs[p.run]; }
  ItemId item_at(const Place& p) const { return run_at(p).id.plus(p.offset); }
  // The character before `p`, or none at the start.
  ItemId item_before(const Place& p) const;
  // The next character's place.
  Place next(const Place& p) const;
  // The place of a character held here, or nullopt.
  std::optional<Place> find(ItemId item) const;
  // Whether a character is held here (as find() does, without the walk of its block).
  bool holds(ItemId item) const { return block_of(item) != nullptr; }
  // Whether any of `length` characters from `first` is held here (a page of the index at a time).
  bool holds_any(ItemId first, uint64_t length) const;
  // A place's position among all characters, live and erased.
  size_t index_of(const Place& p) const;

  // Adds `run` (its characters not held yet) before the character at `p`, or at the end.
  void insert(const Place& p, Run run);
  // Appends characters to the live run ending just before `p` (the caller has checked that they
  // continue it).
  void extend(const Place& p, std::string_view text, uint32_t chars);
  // Marks up to `count` characters from `p` erased, the k-th counted by erasure by.n + k * step
  // (keeping the lower id where one is already erased) and drops their text; live_only skips
  // erased characters without counting them. Returns the place after the last one touched.
  Place erase(Place p, size_t count, ItemId by, int8_t step, bool live_only);

  // Every run in document order.
  template <typename Visit>
  void for_each_run(Visit visit) const {
    for (const auto& b : blocks_)
      for (const Run& r : b->runs) visit(r);
  }
  // Appends a run at the end without checks: for loading a state in document order.
  void append(Run run) { insert(end(), std::move(run)); }

 private:
  const Block* block_of(ItemId item) const;
  Place split(const Place& p);  // p's run cut before p; returns the place of the cut's right part
  // Joins runs r and r + 1 of `block` when one continues the other; true if it did.
  bool try_join(size_t block, size_t r);
  // Sets the erasure of the single-character run at `p` to `by` when that is lower.
  void lower_eraser(const Place& p, ItemId by);
  bool lower(ItemId a, ItemId b) const {
    return sites_[a.site] != sites_[b.site] ? sites_[a.site] < sites_[b.site] : a.n < b.n;
  }
  void index_run(Block* block, const Run& run);
  void split_block(size_t block);
  void moved(size_t block);  // forgets a remembered place at or after `block`

  std::vector<SiteId> sites_;
  std::vector<uint64_t> held_;
  std::vector<std::unique_ptr<Block>> blocks_;
  size_t items_ = 0, live_ = 0;
  // For each site, for each page of 256 operation numbers that holds a character, the block of
  // each (sparse: a site's numbers may start anywhere below kMostOperationsPerSite).
  std::vector<std::map<uint64_t, std::unique_ptr<Block*[]>>> where_;
  // The block of the last seek and how many live characters precede it.
  size_t seek_block_ = 0, seek_start_ = 0;
};

}  // namespace triad::core::detail
