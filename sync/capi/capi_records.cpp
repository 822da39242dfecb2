// The C API's records: create, update, delete, get and list (include/triad.h).
#include "capi_guard.h"
#include "record_json.h"
#include "triad/core/export.h"

using namespace triad::capi;  // the C API's shared pieces (capi_guard.h)
namespace core = triad::core;

namespace {

// Scope and fields of a new record: {"type": ..., "scope": ..., "fields": {...}}.
triad_code create(core::Store& store, const nlohmann::json& record, char** id, char** error) {
  const auto type = record.find("type");
  if (type == record.end() || !type->is_string())
    return invalid("the record has no \"type\" (observation, coaching, ... as `triad types` lists)",
                   error);
  std::optional<core::Scope> scope;
  if (const auto s = record.find("scope"); s != record.end()) {
    if (!s->is_string())
      return invalid("\"scope\" must be one of private, participants, school, alliance", error);
    auto parsed = core::parse_scope(s->get<std::string>());
    if (!parsed) return fail(parsed.status(), error);
    scope = *parsed;
  }
  const auto fields = record.find("fields");
  auto edits = field_edits(fields == record.end() ? nlohmann::json::object() : *fields);
  if (!edits) return fail(edits.status(), error);
  auto created = store.create_record(type->get<std::string>(), *edits, scope);
  if (!created) return fail(created.status(), error);
  return give(created->to_string(), id, error);
}

}  // namespace

extern "C" {

triad_code triad_record_create(triad_store* handle, const char* record_json, char** id,
                               char** error) {
  return on_store(handle, error, [&](core::Store& store) {
    if (!given(record_json, "the record's JSON", error)) return TRIAD_INVALID_ARGUMENT;
    auto record = parse_object(record_json, "the record");
    if (!record) return fail(record.status(), error);
    return create(store, *record, id, error);
  });
}

triad_code triad_record_update(triad_store* handle, const char* id, const char* fields_json,
                               char** error) {
  return on_store(handle, error, [&](core::Store& store) {
    const auto record = record_id(id, error);
    if (!record || !given(fields_json, "the fields' JSON", error)) return TRIAD_INVALID_ARGUMENT;
    auto fields = parse_object(fields_json, "the fields to change");
    if (!fields) return fail(fields.status(), error);
    auto edits = field_edits(*fields);
    if (!edits) return fail(edits.status(), error);
    return fail(store.update_record(*record, *edits), error);
  });
}

triad_code triad_record_delete(triad_store* handle, const char* id, char** error) {
  return on_store(handle, error, [&](core::Store& store) {
    const auto record = record_id(id, error);
    if (!record) return TRIAD_INVALID_ARGUMENT;
    return fail(store.delete_record(*record), error);
  });
}

triad_code triad_record_get(triad_store* handle, const char* id, char** json, char** error) {
  return on_store(handle, error, [&](core::Store& store) {
    const auto record = record_id(id, error);
    if (!record) return TRIAD_INVALID_ARGUMENT;
    auto found = store.get(*record);
    if (!found) return fail(found.status(), error);
    if (!found->has_value() || (*found)->is_deleted())
      return fail(core::not_found("no record " + std::string(id) + " in this store"), error);
    return give(core::record_to_json(**found), json, error);
  });
}

triad_code triad_records_list(triad_store* handle, const char* type, char** json, char** error) {
  return on_store(handle, error, [&](core::Store& store) {
    const std::string wanted = type ? type : "";
    if (!wanted.empty() && !core::find_type(wanted))
      return invalid("'" + wanted + "' is not a record type (`triad types` lists them)", error);
    auto records = store.list(wanted);
    if (!records) return fail(records.status(), error);
    std::string out = "[";
    for (size_t i = 0; i < records->size(); ++i) {
      if (i > 0) out += ',';
      out += core::record_to_json((*records)[i]);
    }
    return give(out + "]", json, error);
  });
}

}  // extern "C"
