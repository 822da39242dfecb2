#include "device_writers.h"

#include <charconv>

namespace triad::client {

std::map<core::SiteId, std::string> device_writers(core::Store& store) {
  std::map<core::SiteId, std::string> out;
  auto people = store.list("person");
  if (!people) return out;
  for (const core::RecordState& p : *people) {
    const core::FieldState* devices = p.field("devices");
    const core::FieldState* name = p.field("name");
    if (!devices || !name) continue;
    for (const std::string& site : devices->elements()) {
      core::SiteId id = 0;
      const char* end = site.data() + site.size();
      const auto [stop, error] = std::from_chars(site.data(), end, id, 16);
      if (error == std::errc() && stop == end) out[id] = name->value();  // else not a site id
    }
  }
  return out;
}

}  // namespace triad::client
