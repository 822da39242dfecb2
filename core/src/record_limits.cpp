#include "triad/core/record_limits.h"

namespace triad::core {

Status check_record_limits(const RecordState& r) {
  const std::string what = "record " + r.header.id.to_string();
  if (r.fields.size() > kMaxFields) return invalid_argument(what + " has more than " + std::to_string(kMaxFields) + " fields");
  size_t bytes = r.header.type.size() + 128;
  for (const auto& [name, f] : r.fields) {
    bytes += name.size() + 8;
    if (f.versions.size() > kMaxTextVersions)
      return invalid_argument(what + ": field " + name + " holds more than " + std::to_string(kMaxTextVersions) + " versions");
    if (f.dots.size() > kMaxSetDots)
      return invalid_argument(what + ": field " + name + " holds more than " + std::to_string(kMaxSetDots) + " elements");
    for (const FieldVersion& v : f.versions) {
      if (v.seen.size() > kMaxSeenEntries) return invalid_argument(what + ": field " + name + " names too many writers");
      bytes += v.value.size() + 24 + 24 * v.seen.size();
    }
    for (const SetDot& d : f.dots) bytes += d.element.size() + 24;
    if (bytes > kMaxRecordBytes)
      return invalid_argument(what + " would be larger than " + std::to_string(kMaxRecordBytes / 1024) +
                              " KiB, more than one record can carry: split it, or put the material in files");
  }
  return Status::ok();
}

}  // namespace triad::core
