#include "triad/core/record_limits.h"

namespace triad::core {

namespace {

// Says how to get out. A record grows past the limit mostly when a merge brought together several
// long versions of one text field written concurrently (a conflict): resolving that conflict keeps
// one text and brings the record back under the limit. A field whose concurrent edits merged into
// one long text is shortened by writing it again. Else the text itself is too long.
Status too_large(const RecordState& r) {
  const std::string id = r.header.id.to_string();
  const std::string what = "record " + id + " would be larger than " +
                           std::to_string(kMaxRecordBytes / 1024) +
                           " KiB, more than one record can carry";
  const std::pair<const std::string, FieldState>* widest = nullptr;
  for (const auto& field : r.fields)
    if (field.second.versions.size() > 1 &&
        (!widest || field.second.versions.size() > widest->second.versions.size()))
      widest = &field;
  if (!widest) {
    const std::pair<const std::string, FieldState>* longest = nullptr;
    for (const auto& field : r.fields)
      if (field.second.kind == FieldKind::kMergingText && !field.second.versions.empty() &&
          (!longest || field.second.versions.front().value.size() >
                           longest->second.versions.front().value.size()))
        longest = &field;
    if (!longest || longest->second.versions.front().value.size() < kMaxRecordBytes / 2)
      return invalid_argument(what + ": split it, or put the material in files");
    return invalid_argument(what + ": its field " + longest->first +
                            " holds concurrent edits merged into one long text. Shorten it with: "
                            "triad set " +
                            id + " " + longest->first +
                            "=@FILE (the text you keep), then sync or merge again");
  }
  const std::string& name = widest->first;
  return invalid_argument(
      what + ": its field " + name + " holds " + std::to_string(widest->second.versions.size()) +
      " concurrent versions (a conflict). Keep one with: triad resolve " + id + " " + name +
      " (or write a merged text with --value \"...\"), then sync or merge again");
}

}  // namespace

Status check_record_limits(const RecordState& r) {
  const std::string what = "record " + r.header.id.to_string();
  if (r.fields.size() > kMaxFields)
    return invalid_argument(what + " has more than " + std::to_string(kMaxFields) + " fields");
  size_t bytes = r.header.type.size() + 128;
  for (const auto& [name, f] : r.fields) {
    bytes += name.size() + 8;
    if (f.versions.size() > kMaxTextVersions)
      return invalid_argument(what + ": field " + name + " holds more than " +
                              std::to_string(kMaxTextVersions) +
                              " concurrent versions (a conflict). Keep one with: triad resolve " +
                              r.header.id.to_string() + " " + name + ", then sync or merge again");
    if (f.dots.size() > kMaxSetDots)
      return invalid_argument(what + ": field " + name + " holds more than " +
                              std::to_string(kMaxSetDots) + " elements");
    for (const FieldVersion& v : f.versions) {
      if (v.seen.size() > kMaxSeenEntries)
        return invalid_argument(what + ": field " + name + " names too many writers");
      bytes += v.value.size() + 24 + 24 * v.seen.size();
    }
    for (const SetDot& d : f.dots) bytes += d.element.size() + 24;
    if (bytes > kMaxRecordBytes) return too_large(r);
  }
  return Status::ok();
}

}  // namespace triad::core
