// The C API's conflicts and refusals (include/triad.h).
#include "capi_guard.h"
#include "device_writers.h"
#include "record_json.h"

using namespace triad::capi;  // the C API's shared pieces (capi_guard.h)
namespace core = triad::core;

extern "C" {

triad_code triad_conflicts(triad_store* handle, char** json, char** error) {
  return on_store(handle, error, [&](core::Store& store) {
    auto conflicts = store.conflicts();
    if (!conflicts) return fail(conflicts.status(), error);
    return give(dump(conflicts_json(*conflicts, triad::client::device_writers(store))), json,
                error);
  });
}

triad_code triad_conflict_resolve(triad_store* handle, const char* id, const char* field,
                                  const char* value, char** error) {
  return on_store(handle, error, [&](core::Store& store) {
    const auto record = record_id(id, error);
    if (!record || !given(field, "the field", error)) return TRIAD_INVALID_ARGUMENT;
    return fail(store.resolve_conflict(*record, field,
                                       value ? std::optional<std::string>(value) : std::nullopt),
                error);
  });
}

triad_code triad_refusals(triad_store* handle, char** json, char** error) {
  return on_store(handle, error, [&](core::Store& store) {
    auto status = store.status();
    if (!status) return fail(status.status(), error);
    return give(dump(refusals_json(status->refusals)), json, error);
  });
}

triad_code triad_refusal_discard(triad_store* handle, const char* id, char** error) {
  return on_store(handle, error, [&](core::Store& store) {
    const auto record = record_id(id, error);
    if (!record) return TRIAD_INVALID_ARGUMENT;
    return fail(store.discard_refused(*record), error);
  });
}

}  // extern "C"
