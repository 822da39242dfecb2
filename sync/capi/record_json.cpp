// Records in and out of the C API as JSON (record_json.h).
#include "record_json.h"

#include "capi_guard.h"
#include "triad/core/clock.h"

namespace triad::capi {

namespace {

core::Status not_text(const std::string& field) {
  return core::invalid_argument("the field '" + field +
                                "' must be given as a string (or, for a set, an array of strings)");
}

nlohmann::json version_json(const core::FieldVersion& v, bool kept,
                            const std::map<core::SiteId, std::string>& writers) {
  const auto who = writers.find(v.stamp.site);
  return {{"value", v.value},
          {"written_at_ms", core::hlc_millis(v.stamp.hlc)},
          {"device", site_text(v.stamp.site)},
          {"who", who == writers.end() ? "" : who->second},
          {"kept", kept}};
}

}  // namespace

core::Result<nlohmann::json> parse_object(const char* text, const std::string& what) {
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded())
    return core::invalid_argument(what + " is not valid JSON (UTF-8 text, one object)");
  if (!parsed.is_object()) return core::invalid_argument(what + " must be a JSON object {...}");
  return parsed;
}

core::Result<core::FieldEdits> field_edits(const nlohmann::json& fields) {
  if (!fields.is_object())
    return core::invalid_argument("\"fields\" must be a JSON object of field names and values");
  core::FieldEdits edits;
  for (const auto& [name, value] : fields.items()) {
    if (value.is_null()) {
      edits.push_back({name, core::FieldEdit::Op::kAssign, ""});
    } else if (value.is_string()) {
      edits.push_back({name, core::FieldEdit::Op::kAssign, value.get<std::string>()});
    } else if (value.is_array()) {
      if (value.empty()) edits.push_back({name, core::FieldEdit::Op::kAssign, ""});
      for (const nlohmann::json& element : value) {
        if (!element.is_string()) return not_text(name);
        edits.push_back({name, core::FieldEdit::Op::kAssign, element.get<std::string>()});
      }
    } else {
      return not_text(name);
    }
  }
  return edits;
}

nlohmann::json conflicts_json(const std::vector<core::Conflict>& conflicts,
                              const std::map<core::SiteId, std::string>& writers) {
  nlohmann::json out = nlohmann::json::array();
  for (const core::Conflict& c : conflicts) {
    nlohmann::json versions = nlohmann::json::array({version_json(c.current, true, writers)});
    for (const core::FieldVersion& v : c.overwritten)
      versions.push_back(version_json(v, false, writers));
    out.push_back({{"record", c.record.to_string()},
                   {"type", c.type},
                   {"field", c.field},
                   {"versions", std::move(versions)}});
  }
  return out;
}

nlohmann::json refusals_json(const std::vector<core::Refusal>& refusals) {
  nlohmann::json out = nlohmann::json::array();
  for (const core::Refusal& r : refusals)
    out.push_back({{"record", r.record.to_string()},
                   {"reason", r.reason},
                   {"at_ms", r.at_ms},
                   {"discarding", r.discard}});
  return out;
}

}  // namespace triad::capi
