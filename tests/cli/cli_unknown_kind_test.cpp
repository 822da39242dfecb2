// Fields of a kind, and records of a type, that this version does not know (written by a newer
// Triad and merged into the store): `triad get`, `list` and `export` show them as unknown, never
// their bytes, and `triad set` refuses to edit them with the reason.
#include <catch2/catch.hpp>

#include "cli_scenarios.h"
#include "triad/core/store.h"

using namespace triad::testing;
using namespace triad;
using nlohmann::json;

namespace {

constexpr auto kNewKind = static_cast<core::FieldKind>(9);  // a kind of some later version
constexpr const char* kUnknown =
    "unknown (a kind of field from a newer version of Triad, kept and passed on unchanged)";
const std::string kStrokes("\x00\xff\x01 strokes", 10);

core::FieldState sketch_field(core::Stamp stamp) {
  return {kNewKind, {{kStrokes, stamp, {{stamp.site, stamp.hlc}}}}, {}};
}

// Merges into the store at `db` what Ana's newer tablet holds: the observation `id` with a sketch
// field added, and a record of a new type. Returns the new record's id.
std::string merge_from_newer_tablet(const std::string& db, const std::string& id) {
  auto store = core::Store::open(db);
  REQUIRE(store);
  auto obs = (*store)->get(core::RecordId::parse(id).value());
  REQUIRE(obs);
  core::RecordState observation = obs->value();
  const core::Stamp later{observation.max_hlc() + 1, 0xfeed};
  observation.fields["sketch"] = sketch_field(later);
  core::RecordState drawing;
  drawing.header = observation.header;
  drawing.header.id = core::RecordId::generate(core::hlc_millis(later.hlc));
  drawing.header.type = "lesson_sketch";
  drawing.header.created = later;
  drawing.scope = core::Scope::kAlliance;
  drawing.fields["canvas"] = sketch_field(later);
  auto applied = (*store)->apply({observation, drawing}, 0xfeed, "Ana's new tablet", std::nullopt);
  REQUIRE(applied);
  REQUIRE(applied->refused.empty());
  return drawing.header.id.to_string();
}

}  // namespace

TEST_CASE("fields of a kind from a newer Triad are shown as unknown and not edited",
          "[cli][records]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string id = ws.add("observation", {"observed_teacher=Ana Diaz", "focus=Sketching"});
  const std::string drawing = merge_from_newer_tablet(ws.db(), id);

  const std::string shown = ws.ok({"get", id});
  CHECK(contains(shown, "focus: Sketching"));
  CHECK(contains(shown, std::string("sketch: ") + kUnknown));
  CHECK_FALSE(contains(shown, "strokes"));
  CHECK(get_json(ws, ws.db(), id)["unknown_fields"]["sketch"] == kUnknown);

  const std::string other = ws.ok({"get", drawing});
  CHECK(contains(other, "a record type this version of Triad does not know"));
  CHECK(contains(other, std::string("canvas: ") + kUnknown));
  CHECK(contains(ws.ok({"list"}), drawing + "  lesson_sketch"));

  const json all = json::parse(ws.ok({"export", "--format", "json"}));
  int unknown = 0;
  for (const json& r : all) {
    if (r["id"] == id) {
      CHECK(r["unknown_fields"]["sketch"] == kUnknown);
      ++unknown;
    }
    if (r["id"] == drawing) {
      CHECK(r["unknown_fields"]["canvas"] == kUnknown);
      ++unknown;
    }
  }
  CHECK(unknown == 2);
  CHECK_FALSE(contains(ws.ok({"export", "--format", "csv"}), "strokes"));

  for (const char* edit : {"sketch=lines", "sketch+=lines", "sketch-=lines"}) {
    const CliResult set = ws.run({"set", id, edit});
    CHECK(set.exit_code == 2);
    CHECK(contains(set.err, "observation.sketch"));
    CHECK(contains(set.err, "newer version of Triad"));
  }
  CHECK(ws.run({"resolve", id, "sketch"}).exit_code == 2);
  ws.ok({"set", id, "focus=Ink"});  // the rest of the record stays editable
  CHECK(contains(ws.ok({"get", id}), std::string("sketch: ") + kUnknown));
}
