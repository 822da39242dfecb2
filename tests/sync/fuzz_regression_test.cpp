// Every input a fuzzer once crashed on, replayed through the same steps with readable checks.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "test_support.h"
#include "triad/core/export.h"
#include "triad/core/record_limits.h"
#include "triad/core/store.h"
#include "triad/sync/codec.h"

using namespace triad;

namespace {

// What tools/fuzz/apply_batch_fuzzer.cpp does, with its oracles as checks.
void replay_apply_batch(const std::string& bytes) {
  v1::Push push;
  if (!push.ParseFromString(bytes) || push.records_size() > 64) return;
  std::vector<core::RecordState> records;
  for (const auto& r : push.records()) {
    auto state = sync::from_proto(r);
    if (state && core::check_record_limits(*state).is_ok())
      records.push_back(std::move(state.value()));
  }
  testing::ManualClock clock;
  clock.set(1'400'000'000'000ull);
  auto store =
      core::Store::create(":memory:", "Fortismere", "Ana Diaz", testing::options_with(clock, 1))
          .value();
  auto first = store->apply(records, 2, "peer", push.batch_seq());
  if (!first) return;
  const auto states = [&store] {
    std::map<core::RecordId, core::RecordState> by_id;
    for (auto& r : store->changes_since(0, SIZE_MAX, SIZE_MAX).value().records)
      by_id.emplace(r.header.id, std::move(r));
    return by_id;
  };
  const auto before = states();
  auto again = store->apply(records, 2, "peer", push.batch_seq());
  REQUIRE(again);
  CHECK(again->changed == 0);
  CHECK(states() == before);
  CHECK(store->check_integrity().is_ok());
}

}  // namespace

TEST_CASE("fuzz regressions: apply_batch", "[sync][fuzz]") {
  const std::filesystem::path dir =
      std::filesystem::path(TRIAD_SOURCE_DIR) / "tools/fuzz/regressions/apply_batch";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    INFO(entry.path().filename().string());
    std::ifstream f(entry.path(), std::ios::binary);
    replay_apply_batch({std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()});
  }
}
