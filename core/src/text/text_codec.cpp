// The bytes of a text field's state and of the changes sent for it. Persistent and wire format:
// a stored field and a synced change use it unchanged. Integers are LEB128 varints.
//
//   format      1 byte, 1
//   sites       count, then each site id as 8 bytes little-endian, sorted ascending; every other
//               site reference is an index into this table
//   base        count, then (site index, operations held) pairs: what the receiver must hold
//   version     count, then (site index, operations held) pairs: what the sender holds
//   runs        count, then each run, in the sender's document order:
//     flags       bit 0: erasure only (the receiver holds the characters; only the erasure is news)
//                 bit 1: erased (an erasure follows)
//                 bit 2: left origin is the previous run's last character
//                 bit 3: no left origin (the start of the text)
//                 bit 4: no right origin (the end of the text)
//                 bit 5: the same site as the previous run (no site index follows)
//                 bits 6-7: the erasures' step: 0, 1 (+1) or 2 (-1); character k of the run was
//                 erased by erasure n + k * step
//     site        site index of the run's ids (unless bit 5)
//     id          zigzag(n - next), next being 1 + the last id of this site's previous run
//     length      characters
//     left        site index, zigzag(n - id) (unless bit 2 or 3, or erasure only)
//     right       site index, zigzag(n - id) (unless bit 4, or erasure only)
//     erased by   site index, zigzag(n - id) of the first character's erasure (bit 1)
//     text        byte count, then UTF-8 (a live run that is not erasure only)
//
// An erased character is sent and stored as ids only: its text is gone from the format.
#include "text/text_codec.h"

#include <algorithm>
#include <map>

#include "varint.h"

namespace triad::core::detail {
namespace {

constexpr uint8_t kFormat = 1;
enum Flag : uint8_t {
  kErasureOnly = 1,
  kErased = 2,
  kLeftIsPrevious = 4,
  kNoLeft = 8,
  kNoRight = 16,
  kSameSite = 32,
  kStepUp = 64,
  kStepDown = 128,
};

uint64_t zigzag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t unzigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

uint64_t held_in(const TextVersion& v, SiteId site) {
  auto it = std::lower_bound(v.begin(), v.end(), std::make_pair(site, uint64_t{0}));
  return it != v.end() && it->first == site ? it->second : 0;
}

bool continues(const SentRun& a, const SentRun& b, int8_t& step) {
  if (a.erasure_only != b.erasure_only) return false;
  if (!a.erasure_only) return joinable(a.run, b.run, step);
  Run x = a.run, y = b.run;  // erasures of held characters: their origins are not sent
  x.left = x.right = y.right = {};
  y.left = x.last();
  return joinable(x, y, step);
}

// An id relative to `base`: the site index, then zigzag(n - base).
void put_relative(std::string& out, ItemId id, uint64_t base,
                  const std::vector<uint32_t>& to_sent) {
  put_varint(out, to_sent[id.site]);
  put_varint(out, zigzag(static_cast<int64_t>(id.n) - static_cast<int64_t>(base)));
}

bool read_relative(Reader& in, size_t sites, uint64_t base, ItemId& id) {
  uint64_t site, delta;
  if (!in.varint(site) || !in.varint(delta) || site >= sites) return false;
  if (delta > 4 * kMostOperationsPerSite) return false;  // no sum below may overflow
  const int64_t n = static_cast<int64_t>(base) + unzigzag(delta);
  if (n < 1 || static_cast<uint64_t>(n) > kMostOperationsPerSite) return false;
  id = {static_cast<uint32_t>(site), static_cast<uint64_t>(n)};
  return true;
}

bool read_version(Reader& in, size_t sites, const std::vector<SiteId>& table, TextVersion& v) {
  uint64_t count;
  if (!in.varint(count) || count > sites) return false;
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t site, n;
    if (!in.varint(site) || !in.varint(n) || site >= sites || n == 0 || n > kMostOperationsPerSite)
      return false;
    v.emplace_back(table[site], n);
  }
  std::sort(v.begin(), v.end());
  return std::adjacent_find(v.begin(), v.end(),
                            [](auto& a, auto& b) { return a.first == b.first; }) == v.end();
}

}  // namespace

std::string encode_changes(const RunList& list, const TextVersion& base) {
  std::vector<uint64_t> base_held(list.site_count(), 0);
  for (size_t s = 0; s < list.site_count(); ++s) base_held[s] = held_in(base, list.site_id(s));
  auto in_base = [&](ItemId id) { return id.n <= base_held[id.site]; };

  std::vector<SentRun> sent;
  // Runs are joined character by character, greedily from the left, so equal states encode to
  // equal bytes however their runs were cut in memory.
  auto emit = [&](SentRun r) {
    int8_t step;
    if (!sent.empty()) {
      const SentRun first{Run{r.run.id, 1, r.run.left, r.run.right, r.run.erased_by, 0, {}},
                          r.erasure_only};  // its first character, text left out
      if (continues(sent.back(), first, step)) {
        const uint32_t take = r.run.live() || r.run.step == step ? r.run.length : 1;
        Run& last = sent.back().run;
        last.length += take;
        last.text += r.run.text;  // all of it: a live run is taken whole
        last.step = step;
        if (take == r.run.length) return;
        r.run.erased_by = r.run.eraser(take);
        r.run.left = r.run.id.plus(take - 1);
        r.run.id = r.run.id.plus(take);
        r.run.length -= take;
        if (r.run.length == 1) r.run.step = 0;
      }
    }
    sent.push_back(std::move(r));
  };
  list.for_each_run([&](const Run& run) {
    const uint64_t old = std::min<uint64_t>(
        run.length, base_held[run.id.site] >= run.id.n ? base_held[run.id.site] - run.id.n + 1 : 0);
    // Erasures of characters the receiver holds that it may lack (one step apart, the highest
    // is the first or the last).
    if (old > 0 && !run.live() && (!in_base(run.erased_by) || !in_base(run.eraser(old - 1))))
      emit({Run{run.id,
                static_cast<uint32_t>(old),
                {},
                {},
                run.erased_by,
                static_cast<int8_t>(old > 1 ? run.step : 0),
                {}},
            true});
    if (old < run.length) {
      Run fresh = run;
      fresh.id = run.id.plus(old);
      fresh.length = static_cast<uint32_t>(run.length - old);
      if (old > 0) fresh.left = run.id.plus(old - 1);
      if (run.live()) fresh.text = run.text.substr(utf8_offset(run.text, old));
      if (!run.live()) fresh.erased_by = run.eraser(old);
      if (fresh.length == 1) fresh.step = 0;
      emit({std::move(fresh), false});
    }
  });

  // The site table: the sites the changes and versions name, sorted by id.
  std::vector<uint32_t> used;
  auto use = [&](ItemId id) {
    if (!id.none()) used.push_back(id.site);
  };
  for (const SentRun& r : sent) {
    use(r.run.id), use(r.run.left), use(r.run.right), use(r.run.erased_by);
  }
  for (size_t s = 0; s < list.site_count(); ++s)
    if (list.held(s) > 0 || base_held[s] > 0) used.push_back(static_cast<uint32_t>(s));
  std::sort(used.begin(), used.end(),
            [&](uint32_t a, uint32_t b) { return list.site_id(a) < list.site_id(b); });
  used.erase(std::unique(used.begin(), used.end()), used.end());
  std::vector<uint32_t> to_sent(list.site_count(), 0);
  for (size_t i = 0; i < used.size(); ++i) to_sent[used[i]] = static_cast<uint32_t>(i);

  std::string out;
  out += static_cast<char>(kFormat);
  put_varint(out, used.size());
  for (uint32_t s : used) put_fixed64(out, list.site_id(s));
  auto put_version = [&](auto held) {
    size_t count = 0;
    for (uint32_t s : used) count += held(s) > 0;
    put_varint(out, count);
    for (uint32_t s : used)
      if (held(s) > 0) put_varint(out, to_sent[s]), put_varint(out, held(s));
  };
  put_version([&](uint32_t s) { return base_held[s]; });
  put_version([&](uint32_t s) { return list.held(s); });

  put_varint(out, sent.size());
  ItemId previous_last;
  std::vector<uint64_t> next_id(list.site_count(), 1);
  for (const SentRun& r : sent) {
    uint8_t flags = (r.erasure_only ? kErasureOnly : 0) | (r.run.live() ? 0 : kErased);
    if (!r.erasure_only) {
      if (r.run.left.none())
        flags |= kNoLeft;
      else if (r.run.left == previous_last)
        flags |= kLeftIsPrevious;
      if (r.run.right.none()) flags |= kNoRight;
    }
    if (!previous_last.none() && previous_last.site == r.run.id.site) flags |= kSameSite;
    flags |= r.run.step == 1 ? kStepUp : r.run.step == -1 ? kStepDown : 0;
    out += static_cast<char>(flags);
    const uint64_t n = r.run.id.n;
    if (!(flags & kSameSite)) put_varint(out, to_sent[r.run.id.site]);
    put_varint(out, zigzag(static_cast<int64_t>(n) - static_cast<int64_t>(next_id[r.run.id.site])));
    put_varint(out, r.run.length);
    if (!r.erasure_only) {
      if (!(flags & (kNoLeft | kLeftIsPrevious))) put_relative(out, r.run.left, n, to_sent);
      if (!(flags & kNoRight)) put_relative(out, r.run.right, n, to_sent);
    }
    if (!r.run.live()) put_relative(out, r.run.erased_by, n, to_sent);
    if (!r.erasure_only && r.run.live()) put_string(out, r.run.text);
    previous_last = r.run.last();
    next_id[r.run.id.site] = n + r.run.length;
  }
  return out;
}

namespace {

// The format byte, the site table and the two versions: what precedes the runs.
Status read_header(Reader& in, size_t total_bytes, TextChanges& c) {
  const Status damaged = invalid_argument("a text field's changes are damaged");
  uint8_t format;
  if (!in.byte(format)) return damaged;
  if (format != kFormat)
    return invalid_argument("a text field's changes are in a format this version does not know");
  uint64_t sites;
  if (!in.varint(sites) || sites > total_bytes / 8) return damaged;
  for (uint64_t i = 0; i < sites; ++i) {
    SiteId id = 0;
    if (!in.fixed64(id)) return damaged;
    if (!c.sites.empty() && id <= c.sites.back()) return damaged;
    c.sites.push_back(id);
  }
  if (!read_version(in, sites, c.sites, c.base) || !read_version(in, sites, c.sites, c.version))
    return damaged;
  return Status::ok();
}

}  // namespace

Result<TextVersion> decode_version(std::string_view bytes) {
  Reader in(bytes);
  TextChanges c;
  TRIAD_RETURN_IF_ERROR(read_header(in, bytes.size(), c));
  return std::move(c.version);
}

Result<TextChanges> decode_changes(std::string_view bytes) {
  const Status damaged = invalid_argument("a text field's changes are damaged");
  Reader in(bytes);
  TextChanges c;
  TRIAD_RETURN_IF_ERROR(read_header(in, bytes.size(), c));
  const uint64_t sites = c.sites.size();
  uint64_t count;
  if (!in.varint(count) || count > bytes.size()) return damaged;
  ItemId previous_last;
  std::vector<uint64_t> next_id(sites, 1);
  for (uint64_t i = 0; i < count; ++i) {
    SentRun r;
    uint8_t flags;
    uint64_t site, delta, length;
    if (!in.byte(flags) || (flags >> 6) == 3) return damaged;
    if (flags & kSameSite) {
      if (previous_last.none()) return damaged;
      site = previous_last.site;
    } else if (!in.varint(site) || site >= sites) {
      return damaged;
    }
    if (!in.varint(delta) || !in.varint(length) || length == 0) return damaged;
    if (delta > 4 * kMostOperationsPerSite) return damaged;  // no sum below may overflow
    const int64_t n = static_cast<int64_t>(next_id[site]) + unzigzag(delta);
    if (n < 1 || static_cast<uint64_t>(n) > kMostOperationsPerSite ||
        length > kMostOperationsPerSite - static_cast<uint64_t>(n) + 1)
      return damaged;
    r.run.id = {static_cast<uint32_t>(site), static_cast<uint64_t>(n)};
    r.erasure_only = flags & kErasureOnly;
    r.run.length = static_cast<uint32_t>(length);
    r.run.step = static_cast<int8_t>((flags & kStepUp) ? 1 : (flags & kStepDown) ? -1 : 0);
    if (!r.erasure_only) {
      if (flags & kLeftIsPrevious) {
        if (previous_last.none() || (flags & kNoLeft)) return damaged;
        r.run.left = previous_last;
      } else if (!(flags & kNoLeft) && !read_relative(in, sites, n, r.run.left)) {
        return damaged;
      }
      if (!(flags & kNoRight) && !read_relative(in, sites, n, r.run.right)) return damaged;
    }
    if (flags & kErased) {
      if (!read_relative(in, sites, n, r.run.erased_by)) return damaged;
      // Every character's erasure is a real operation number.
      if (r.run.eraser(length - 1).n < 1 || r.run.eraser(length - 1).n > kMostOperationsPerSite)
        return damaged;
    } else if (r.run.step != 0) {
      return damaged;
    }
    if (length == 1 && r.run.step != 0) return damaged;
    if (!r.erasure_only && r.run.live()) {
      if (!in.string(r.run.text) || utf8_length(r.run.text) != length) return damaged;
    }
    if (r.erasure_only && r.run.live()) return damaged;
    previous_last = r.run.last();
    next_id[site] = static_cast<uint64_t>(n) + length;
    c.runs.push_back(std::move(r));
  }
  if (!in.done()) return damaged;
  return c;
}

}  // namespace triad::core::detail
