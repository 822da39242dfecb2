// The C API's shared pieces (capi_guard.h), and the functions that take no store.
#include "capi_guard.h"

#include <fmt/core.h>

#include <cstdlib>
#include <cstring>

#include "triad/sync/session.h"

namespace triad::capi {

namespace {

triad_code code_of(core::StatusCode code) {
  switch (code) {
    case core::StatusCode::kOk:
      return TRIAD_OK;
    case core::StatusCode::kInvalidArgument:
      return TRIAD_INVALID_ARGUMENT;
    case core::StatusCode::kNotFound:
      return TRIAD_NOT_FOUND;
    case core::StatusCode::kFailedPrecondition:
      return TRIAD_FAILED_PRECONDITION;
    case core::StatusCode::kClockAhead:
      return TRIAD_CLOCK_AHEAD;
    case core::StatusCode::kBusy:
      return TRIAD_BUSY;
    case core::StatusCode::kStoreError:
      return TRIAD_STORE_ERROR;
    case core::StatusCode::kCorrupt:
      return TRIAD_CORRUPT;
    case core::StatusCode::kUnavailable:
      return TRIAD_UNAVAILABLE;
    case core::StatusCode::kUnauthenticated:
      return TRIAD_UNAUTHENTICATED;
  }
  return TRIAD_INTERNAL;  // defensive: a code added to core and not here
}

}  // namespace

char* copy_out(std::string_view text) {
  char* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (!out) return nullptr;
  std::memcpy(out, text.data(), text.size());
  out[text.size()] = '\0';
  return out;
}

triad_code fail(const core::Status& status, char** error) {
  if (status.is_ok()) return TRIAD_OK;
  if (error) *error = copy_out(status.message());
  return code_of(status.code());
}

triad_code give(std::string_view text, char** out, char** error) {
  if (!out) return TRIAD_OK;
  char* copy = copy_out(text);
  if (!copy) {
    if (error) *error = copy_out("out of memory");
    return TRIAD_OUT_OF_MEMORY;
  }
  *out = copy;
  return TRIAD_OK;
}

std::string dump(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string site_text(core::SiteId site) { return fmt::format("{:016x}", site); }

core::Store* store_of(triad_store* handle, char** error) {
  if (handle && handle->store) return handle->store.get();
  invalid("the store handle is NULL: open or create a store first", error);
  return nullptr;
}

bool given(const char* text, const char* what, char** error) {
  if (text) return true;
  invalid(std::string(what) + " is NULL", error);
  return false;
}

std::optional<core::RecordId> record_id(const char* text, char** error) {
  if (!given(text, "the record id", error)) return std::nullopt;
  auto id = core::RecordId::parse(text);
  if (!id) invalid("'" + std::string(text) + "' is not a record id", error);
  return id;
}

}  // namespace triad::capi

extern "C" {

int triad_api_version(void) { return TRIAD_API_VERSION; }

const char* triad_version(void) { return triad::sync::kAppVersion; }

const char* triad_code_name(triad_code code) {
  switch (code) {
    case TRIAD_OK:
      return "ok";
    case TRIAD_INVALID_ARGUMENT:
      return "invalid argument";
    case TRIAD_NOT_FOUND:
      return "not found";
    case TRIAD_FAILED_PRECONDITION:
      return "failed precondition";
    case TRIAD_CLOCK_AHEAD:
      return "clock ahead";
    case TRIAD_BUSY:
      return "busy";
    case TRIAD_STORE_ERROR:
      return "store error";
    case TRIAD_CORRUPT:
      return "corrupt";
    case TRIAD_UNAVAILABLE:
      return "unavailable";
    case TRIAD_UNAUTHENTICATED:
      return "unauthenticated";
    case TRIAD_OUT_OF_MEMORY:
      return "out of memory";
    case TRIAD_INTERNAL:
      return "internal error";
  }
  return "unknown code";
}

void triad_free(void* pointer) { std::free(pointer); }

}  // extern "C"
