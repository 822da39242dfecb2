// Merging a peer's changes into a TextSequence: FugueMax's placement of each new run, in an order
// where every run's origins are placed before it, then the erasures.
#include <algorithm>
#include <map>
#include <optional>

#include "text/text_sequence_impl.h"

namespace triad::core {

using detail::ItemId;
using detail::Place;
using detail::Run;
using detail::RunList;
using detail::SentRun;
using detail::TextChanges;

namespace {

// The position of a character among all (live and erased); -1 for none as a left origin, the
// end for none as a right origin.
int64_t index_or(const RunList& runs, ItemId item, int64_t none) {
  return item.none() ? none : static_cast<int64_t>(runs.index_of(runs.find(item).value()));
}

}  // namespace

// Places a peer's run among the characters between its origins. Where others were typed
// between the same origins concurrently, FugueMax's order holds (the "YjsMod" rule of
// reference-crdts, equivalent to FugueMax): a character whose left origin is further left ends
// the scan; one with the same left origin and a right origin nearer is passed while scanning
// (the new run may belong after its subtree); the same left and right origins are ordered by
// site id.
void TextSequence::Impl::integrate(Run run) {
  const int64_t end = static_cast<int64_t>(runs.items());
  const int64_t left = index_or(runs, run.left, -1);
  const int64_t right = index_or(runs, run.right, end);
  Place at = run.left.none() ? Place{} : runs.next(runs.find(run.left).value());
  if (run.left.none() && runs.items() == 0) at = runs.end();
  Place dest = at;
  bool scanning = false;
  for (int64_t i = left + 1;; ++i) {
    if (!scanning) dest = at;
    if (i == end || i == right) break;
    const Run& other = runs.run_at(at);
    const ItemId other_left = at.offset > 0 ? other.id.plus(at.offset - 1) : other.left;
    const int64_t oleft = at.offset > 0 ? i - 1 : index_or(runs, other_left, -1);
    if (oleft < left) break;
    if (oleft == left) {
      const int64_t oright = index_or(runs, other.right, end);
      if (oright < right) {
        scanning = true;
      } else if (oright == right) {
        if (runs.site_id(run.id.site) < runs.site_id(other.id.site)) break;
        scanning = false;
      } else {
        scanning = false;
      }
    }
    at = runs.next(at);
  }
  runs.insert(dest, std::move(run));
}

namespace {

// A run of the changes that holds characters this replica lacks, and the erasure of those of its
// characters it holds.
struct Pending {
  Run run;             // the characters lacked, ids in this replica's site table
  size_t waiting = 0;  // origins not placed yet
  std::vector<size_t> unblocks;
};

struct Erasure {
  ItemId first;
  uint32_t length;
  ItemId by;  // of the first character; the k-th's is by.n + k * step
  int8_t step;
};

// How many of run's first characters this replica holds, when those it holds are a prefix (a
// site's characters arrive in order); nullopt when a held character follows one it lacks, which
// only damaged or hostile changes can say.
std::optional<uint32_t> held_prefix(const RunList& runs, const Run& run) {
  uint32_t held = 0;
  while (held < run.length && runs.holds(run.id.plus(held))) ++held;
  for (uint32_t k = held; k < run.length; ++k)
    if (runs.holds(run.id.plus(k))) return std::nullopt;
  return held;
}

}  // namespace

Status TextSequence::Impl::join(const TextChanges& changes) {
  const Status inconsistent =
      invalid_argument("a text field's changes do not fit the text they were sent for");
  std::vector<uint32_t> local;
  for (SiteId site : changes.sites) local.push_back(runs.site_index(site));
  auto to_local = [&](ItemId id) { return id.none() ? id : ItemId{local[id.site], id.n}; };

  std::vector<Pending> pending;
  std::vector<Erasure> erasures;
  for (const SentRun& sent : changes.runs) {
    Run run = sent.run;
    run.id = to_local(run.id), run.left = to_local(run.left), run.right = to_local(run.right);
    run.erased_by = to_local(run.erased_by);
    const std::optional<uint32_t> prefix =
        sent.erasure_only ? std::optional<uint32_t>(run.length) : held_prefix(runs, run);
    if (!prefix) return inconsistent;
    const uint32_t held = *prefix;
    if (sent.erasure_only)
      for (uint32_t k = 0; k < run.length; ++k)
        if (!runs.holds(run.id.plus(k))) return inconsistent;
    if (held > 0 && !run.live()) erasures.push_back({run.id, held, run.erased_by, run.step});
    if (held == run.length) continue;
    Run lacked = run;
    lacked.id = run.id.plus(held);
    lacked.length = run.length - held;
    if (held > 0) {
      lacked.left = run.id.plus(held - 1);
      lacked.text = run.text.substr(detail::utf8_offset(run.text, held));
      if (!run.live()) lacked.erased_by = run.eraser(held);
      if (lacked.length == 1) lacked.step = 0;
    }
    pending.push_back({std::move(lacked), 0, {}});
  }

  // Which pending run provides each id it holds, for the origins not placed yet. No two may
  // hold one id, and the text may not grow past its bound.
  std::map<std::pair<uint32_t, uint64_t>, size_t> starts;
  uint64_t adding = 0;
  for (size_t i = 0; i < pending.size(); ++i) {
    if (!starts.emplace(std::pair(pending[i].run.id.site, pending[i].run.id.n), i).second)
      return inconsistent;
    adding += pending[i].run.length;
  }
  if (runs.items() + adding > detail::kMostCharactersPerText)
    return invalid_argument("a text field's changes would make it longer than a text may be");
  for (auto it = starts.begin(); it != starts.end() && std::next(it) != starts.end(); ++it) {
    const auto next = std::next(it);
    const Run& r = pending[it->second].run;
    if (next->first.first == r.id.site && next->first.second < r.id.n + r.length)
      return inconsistent;  // two runs hold one id
  }
  auto provider = [&](ItemId id) -> std::optional<size_t> {
    auto it = starts.upper_bound({id.site, id.n});
    if (it == starts.begin()) return std::nullopt;
    --it;
    if (!pending[it->second].run.holds(id)) return std::nullopt;
    return it->second;
  };
  for (size_t i = 0; i < pending.size(); ++i)
    for (ItemId origin : {pending[i].run.left, pending[i].run.right}) {
      if (origin.none() || runs.holds(origin)) continue;
      const auto from = provider(origin);
      if (!from || *from == i) return inconsistent;
      pending[*from].unblocks.push_back(i);
      ++pending[i].waiting;
    }
  // Kahn's order: each run after the runs holding its origins; a cycle is damaged input.
  std::vector<size_t> order;
  for (size_t i = 0; i < pending.size(); ++i)
    if (pending[i].waiting == 0) order.push_back(i);
  for (size_t next = 0; next < order.size(); ++next)
    for (size_t j : pending[order[next]].unblocks)
      if (--pending[j].waiting == 0) order.push_back(j);
  if (order.size() != pending.size()) return inconsistent;

  for (size_t i : order) integrate(std::move(pending[i].run));
  for (const Erasure& e : erasures) {
    for (uint32_t done = 0; done < e.length;) {
      const Place p = runs.find(e.first.plus(done)).value();
      const uint32_t take = std::min(e.length - done, runs.run_at(p).length - p.offset);
      const Run as_sent{e.first, e.length, {}, {}, e.by, e.step, {}};
      runs.erase(p, take, as_sent.eraser(done), e.step, false);
      done += take;
    }
  }
  for (const auto& [site, n] : changes.version) runs.hold(runs.site_index(site), n);
  return Status::ok();
}

Status TextSequence::merge(std::string_view changes) {
  auto decoded = detail::decode_changes(changes);
  if (!decoded) return decoded.status();
  if (!covers(version(), decoded->base))
    return failed_precondition(
        "this replica lacks changes the text field's changes build on: it needs the whole text");
  return impl_->join(*decoded);
}

Result<TextSequence> TextSequence::load(std::string_view encoded) {
  auto decoded = detail::decode_changes(encoded);
  if (!decoded) return decoded.status();
  const Status damaged = corrupt("a stored text field is damaged");
  if (!decoded->base.empty()) return damaged;
  TextSequence loaded;
  RunList& runs = loaded.impl_->runs;
  std::vector<uint32_t> local;
  for (SiteId site : decoded->sites) local.push_back(runs.site_index(site));
  auto to_local = [&](ItemId id) { return id.none() ? id : ItemId{local[id.site], id.n}; };
  for (SentRun& sent : decoded->runs) {
    if (sent.erasure_only || runs.items() + sent.run.length > detail::kMostCharactersPerText)
      return damaged;
    if (runs.holds_any(to_local(sent.run.id), sent.run.length)) return damaged;  // one id twice
    Run& r = sent.run;
    r.id = to_local(r.id), r.left = to_local(r.left), r.right = to_local(r.right);
    r.erased_by = to_local(r.erased_by);
    runs.append(std::move(r));
  }
  for (const SentRun& sent : decoded->runs)  // moved from, but ids and origins are kept
    for (ItemId origin : {sent.run.left, sent.run.right})
      if (!origin.none() && !runs.holds(origin)) return damaged;
  for (const auto& [site, n] : decoded->version) runs.hold(runs.site_index(site), n);
  return loaded;
}

}  // namespace triad::core
