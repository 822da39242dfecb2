#include "triad/sync/codec.h"

namespace triad::sync {

namespace {

void put_stamp(const core::Stamp& s, v1::Stamp& out) {
  out.set_hlc(s.hlc);
  out.set_site(s.site);
}

core::Stamp get_stamp(const v1::Stamp& s) { return {s.hlc(), s.site()}; }

// Compact stamps (sync.proto): a stamp equal to the record's created stamp is left absent.
template <class SetStamp>
void put_compact(const core::Stamp& s, const core::Stamp& created, SetStamp&& mutable_stamp) {
  if (s != created) put_stamp(s, *mutable_stamp());
}

// Kinds 1-3 carry a version's value in `value` (a string, as every version of Triad has sent
// it); kinds added later carry it as opaque bytes in `payload` (sync.proto, FIELD KINDS), whether
// or not this version knows them.
bool has_payload(core::FieldKind kind) { return static_cast<uint32_t>(kind) > 3; }

bool get_id(const std::string& bytes, core::RecordId& out, bool allow_empty) {
  if (bytes.empty() && allow_empty) return true;
  auto id = core::RecordId::from_bytes(bytes);
  if (!id) return false;
  out = *id;
  return true;
}

}  // namespace

void to_proto(const core::RecordState& r, v1::Record& out) {
  out.set_id(std::string(r.header.id.bytes()));
  out.set_type(r.header.type);
  if (!r.header.parent.is_nil()) out.set_parent(std::string(r.header.parent.bytes()));
  out.set_school(std::string(r.header.school.bytes()));
  out.set_author(std::string(r.header.author.bytes()));
  put_stamp(r.header.created, *out.mutable_created());
  out.set_scope(static_cast<uint32_t>(r.scope));
  if (r.deleted) put_stamp(*r.deleted, *out.mutable_deleted());
  for (const auto& [name, f] : r.fields) {
    v1::Field* field = out.add_fields();
    field->set_name(name);
    field->set_kind(static_cast<uint32_t>(f.kind));
    for (const core::FieldVersion& v : f.versions) {
      v1::Version* version = field->add_versions();
      if (has_payload(f.kind))
        version->set_payload(v.value);
      else
        version->set_value(v.value);
      put_compact(v.stamp, r.header.created, [&] { return version->mutable_stamp(); });
      for (size_t i = 0; i < v.seen.size(); ++i) {
        const auto& [site, hlc] = v.seen[i];
        if (site == v.stamp.site && hlc == v.stamp.hlc && version->seen_own_at() == 0) {
          version->set_seen_own_at(static_cast<uint32_t>(i + 1));
          continue;
        }
        v1::Seen* seen = version->add_seen();
        seen->set_site(site);
        seen->set_hlc(hlc);
      }
    }
    for (const core::SetDot& d : f.dots) {
      v1::Dot* dot = field->add_dots();
      dot->set_element(d.element);
      put_compact(d.added, r.header.created, [&] { return dot->mutable_added(); });
      dot->set_removed(d.removed);
    }
  }
}

core::Result<core::RecordState> from_proto(const v1::Record& in) {
  core::RecordState r;
  if (!get_id(in.id(), r.header.id, false) || !get_id(in.parent(), r.header.parent, true) ||
      !get_id(in.school(), r.header.school, false) || !get_id(in.author(), r.header.author, false))
    return core::invalid_argument("a record in the batch has an id that is not 16 bytes");
  if (in.type().empty()) return core::invalid_argument("a record in the batch has no type");
  if (in.scope() > 3)
    return core::invalid_argument("record " + r.header.id.to_string() + " has an unknown scope");
  r.header.type = in.type();
  r.header.created = get_stamp(in.created());
  r.scope = static_cast<core::Scope>(in.scope());
  if (in.has_deleted()) r.deleted = get_stamp(in.deleted());
  for (const v1::Field& f : in.fields()) {
    if (f.kind() < 1 || f.kind() > 255)
      return core::invalid_argument("record " + r.header.id.to_string() + " has a field of kind " +
                                    std::to_string(f.kind()) + ", which no version of Triad has");
    core::FieldState state;
    state.kind = static_cast<core::FieldKind>(f.kind());
    for (const v1::Version& v : f.versions()) {
      if (!(has_payload(state.kind) ? v.value() : v.payload()).empty())
        return core::invalid_argument("record " + r.header.id.to_string() + " has a version of " +
                                      f.name() + " in the wrong place for its kind");
      core::FieldVersion version{has_payload(state.kind) ? v.payload() : v.value(),
                                 v.has_stamp() ? get_stamp(v.stamp()) : r.header.created,
                                 {}};
      for (const v1::Seen& s : v.seen()) version.seen.emplace_back(s.site(), s.hlc());
      if (v.seen_own_at() > 0) {  // back in its place
        if (v.seen_own_at() > version.seen.size() + 1)
          return core::invalid_argument("record " + r.header.id.to_string() +
                                        " has a seen list out of bounds");
        version.seen.emplace(version.seen.begin() + (v.seen_own_at() - 1), version.stamp.site,
                             version.stamp.hlc);
      }
      state.versions.push_back(std::move(version));
    }
    for (const v1::Dot& d : f.dots())
      state.dots.push_back(
          {d.element(), d.has_added() ? get_stamp(d.added()) : r.header.created, d.removed()});
    if (!r.fields.emplace(f.name(), std::move(state)).second)
      return core::invalid_argument("record " + r.header.id.to_string() + " names field '" +
                                    f.name() + "' twice");
  }
  return r;
}

v1::ErrorCode to_error_code(core::StatusCode code) {
  switch (code) {
    case core::StatusCode::kClockAhead:
      return v1::CLOCK_AHEAD;
    case core::StatusCode::kFailedPrecondition:
      return v1::PERMISSION_DENIED;
    case core::StatusCode::kUnauthenticated:
      return v1::UNAUTHENTICATED;
    case core::StatusCode::kInvalidArgument:
    case core::StatusCode::kNotFound:
      return v1::INVALID_RECORD;
    default:
      return v1::INTERNAL;
  }
}

core::StatusCode to_status_code(v1::ErrorCode code) {
  switch (code) {
    case v1::CLOCK_AHEAD:
      return core::StatusCode::kClockAhead;
    case v1::PERMISSION_DENIED:
      return core::StatusCode::kFailedPrecondition;
    case v1::UNAUTHENTICATED:
      return core::StatusCode::kUnauthenticated;  // `sync --every` stops on it
    case v1::INVALID_RECORD:
    case v1::BAD_FRAME:
    case v1::FRAME_TOO_LARGE:
    case v1::UNEXPECTED_MESSAGE:
    case v1::UNSUPPORTED_VERSION:
      return core::StatusCode::kInvalidArgument;
    case v1::SHUTTING_DOWN:
    case v1::SUPERSEDED:
    case v1::TIMEOUT:
      return core::StatusCode::kUnavailable;
    default:
      return core::StatusCode::kStoreError;
  }
}

}  // namespace triad::sync
