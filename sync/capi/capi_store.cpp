// The C API's stores: create, open, close and status (include/triad.h).
#include <nlohmann/json.hpp>

#include "capi_guard.h"
#include "triad/core/replica.h"

using namespace triad::capi;  // the C API's shared pieces (capi_guard.h)
namespace core = triad::core;

namespace {

triad_code hand_over(core::Result<std::unique_ptr<core::Store>> opened, triad_store** out,
                     char** error) {
  if (!opened) return fail(opened.status(), error);
  *out = new triad_store{std::move(opened).value()};
  return TRIAD_OK;
}

nlohmann::json status_json(const core::StoreStatus& s) {
  nlohmann::json records = nlohmann::json::object();
  for (const auto& [type, count] : s.live_records_by_type) records[type] = count;
  uint64_t last_sync_ms = 0;
  for (const core::PeerState& peer : s.peers)
    if (peer.kind == core::PeerKind::kHub) last_sync_ms = std::max(last_sync_ms, peer.last_sync_ms);
  return {{"school", s.identity.school_name},
          {"person", s.identity.person_name},
          {"device", site_text(s.identity.site)},
          {"records", records},
          {"unsent_changes", s.unsent_local_changes},
          {"conflicts", s.conflicts},
          {"refusals", s.refusals.size()},
          {"last_sync_ms", last_sync_ms}};
}

bool out_given(triad_store** store, char** error) {
  if (store) return true;
  invalid("the out-parameter for the store handle is NULL", error);
  return false;
}

}  // namespace

extern "C" {

triad_code triad_store_create(const char* path, const char* school, const char* person,
                              triad_store** store, char** error) {
  return guarded(error, [&] {
    if (!given(path, "the store's path", error) || !given(school, "the school", error) ||
        !given(person, "the person", error) || !out_given(store, error))
      return TRIAD_INVALID_ARGUMENT;
    return hand_over(core::Store::create(path, school, person), store, error);
  });
}

triad_code triad_store_open(const char* path, triad_store** store, char** error) {
  return guarded(error, [&] {
    if (!given(path, "the store's path", error) || !out_given(store, error))
      return TRIAD_INVALID_ARGUMENT;
    return hand_over(core::Store::open(path), store, error);
  });
}

void triad_store_close(triad_store* store) {
  try {
    delete store;
  } catch (...) {  // defensive: closing SQLite does not throw
  }
}

triad_code triad_status(triad_store* handle, char** json, char** error) {
  return on_store(handle, error, [&](core::Store& store) {
    auto status = store.status();
    if (!status) return fail(status.status(), error);
    return give(dump(status_json(*status)), json, error);
  });
}

}  // extern "C"
