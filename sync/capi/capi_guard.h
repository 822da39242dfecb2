// What every function of the C API (include/triad.h) shares: the opaque store handle, Status to
// triad_code, strings handed to the caller (malloc'd, freed by triad_free), and the guard that
// keeps every C++ exception from crossing into C. Internal to libtriad; thread-safe (values only).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "triad.h"
#include "triad/core/record_id.h"
#include "triad/core/status.h"
#include "triad/core/store.h"

struct triad_store {
  std::unique_ptr<triad::core::Store> store;
};

namespace triad::capi {

// A copy of `text` the caller owns (malloc'd, NUL-terminated); nullptr when out of memory.
char* copy_out(std::string_view text);

// Returns the status's code, after handing its message to the caller through `error` (an ok
// status: TRIAD_OK, `error` untouched).
triad_code fail(const core::Status& status, char** error);
inline triad_code invalid(std::string message, char** error) {
  return fail(core::invalid_argument(std::move(message)), error);
}

// Sets *out (when out is not null) to a copy of `text`: TRIAD_OK, or TRIAD_OUT_OF_MEMORY.
triad_code give(std::string_view text, char** out, char** error);
// JSON text for the caller; text that is not UTF-8 is replaced, never thrown over.
std::string dump(const nlohmann::json& json);

// Runs `body`, returning its code; an exception it throws becomes TRIAD_OUT_OF_MEMORY or
// TRIAD_INTERNAL with its message, so none crosses the C API.
template <typename Body>
triad_code guarded(char** error, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    if (error) *error = copy_out("out of memory");
    return TRIAD_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    fail(core::Status(core::StatusCode::kStoreError,
                      std::string("an internal error in Triad (please report it): ") + e.what()),
         error);
    return TRIAD_INTERNAL;
  } catch (...) {
    fail(core::Status(core::StatusCode::kStoreError,
                      "an internal error in Triad (please report it)"),
         error);
    return TRIAD_INTERNAL;
  }
}

// The store behind a handle, or nullptr after setting `error` (a NULL handle is invalid input).
core::Store* store_of(triad_store* handle, char** error);

// guarded(), with the store behind `handle` given to `body`; a NULL handle is invalid input.
template <typename Body>
triad_code on_store(triad_store* handle, char** error, Body&& body) noexcept {
  return guarded(error, [&] {
    core::Store* store = store_of(handle, error);
    return store ? body(*store) : TRIAD_INVALID_ARGUMENT;
  });
}
// A device's site id as 16 hex digits, as the CLI prints it.
std::string site_text(core::SiteId site);
// True when `text` is not NULL; false after setting `error` naming `what` (invalid input).
bool given(const char* text, const char* what, char** error);

// The record id `text` names, or nullopt after setting `error` (NULL or not an id).
std::optional<core::RecordId> record_id(const char* text, char** error);

}  // namespace triad::capi
