// Fuzz target: a Push from a peer, decoded and applied to a store as a hub would. Oracles: the
// store stays sound, records over the limits never get in, and applying the same batch again
// changes no record's state (merging is idempotent). The second apply may give a row a new change
// number: a batch holding an older state of a record after a newer one reads, the second time, as
// the peer holding an older state than ours, and our row is offered to it again.
#include <cstddef>
#include <cstdint>
#include <map>

#include "triad/core/record_limits.h"
#include "triad/core/store.h"
#include "triad/sync/codec.h"
#include "triad/v1/sync.pb.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  triad::v1::Push push;
  if (!push.ParseFromArray(data, static_cast<int>(size)) || push.records_size() > 64) return 0;
  std::vector<triad::core::RecordState> records;
  for (const auto& r : push.records()) {
    auto state = triad::sync::from_proto(r);
    if (state && triad::core::check_record_limits(*state).is_ok())
      records.push_back(std::move(state.value()));
  }
  triad::core::StoreOptions o;
  o.wall = [] { return uint64_t{1'400'000'000'000}; };
  o.synchronous_full = false;
  o.site_id = 1;
  auto store = triad::core::Store::create(":memory:", "Fortismere", "Ana Diaz", o);
  if (!store) __builtin_trap();
  auto first = (*store)->apply(records, 2, "peer", push.batch_seq());
  if (!first) return 0;  // a store error is reported, not a crash
  const auto states = [&store] {
    std::map<triad::core::RecordId, triad::core::RecordState> by_id;
    for (auto& r : (*store)->changes_since(0, SIZE_MAX, SIZE_MAX).value().records)
      by_id.emplace(r.header.id, std::move(r));
    return by_id;
  };
  const auto before = states();
  auto again = (*store)->apply(records, 2, "peer", push.batch_seq());
  if (!again || again->changed != 0 || states() != before) __builtin_trap();
  if (!(*store)->check_integrity().is_ok()) __builtin_trap();
  return 0;
}
