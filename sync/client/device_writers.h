// Who writes on which device: each person record lists the site ids of the devices its person
// records on (schema: person.devices), so a version stamped by a site can be put to a name, as
// conflicts are shown. Used by the app's Needs attention list and the C API's conflicts. Not
// thread-safe (reads through the given store).
#pragma once

#include <map>
#include <string>

#include "triad/core/store.h"

namespace triad::client {

// Site id -> the name of the person whose record lists it; sites no record lists are absent.
std::map<core::SiteId, std::string> device_writers(core::Store& store);

}  // namespace triad::client
