// triad-app's Changes tab, derived from the clocks the store keeps for merging: who created a
// record, each field's last change and device, a set's adds and removals, a text's concurrent
// versions with both devices named; and a field of a kind from a newer Triad shown as unknown.
#include <QAbstractItemModel>
#include <QTest>
#include <catch2/catch.hpp>

#include "app_fixture.h"
#include "older_triad.h"
#include "triad/core/exchange.h"
#include "triad/core/field_kind.h"

namespace triad::desktop::testing {

namespace {

using Op = core::FieldEdit::Op;

struct ChangeRow {
  QString title, when, device, value;
  int depth;
};

// The Changes tab's rows as shown, after tapping it.
std::vector<ChangeRow> changes_shown(AppFixture& app) {
  app.tap(app.item("changesTab"));
  REQUIRE(app.find("changeList") != nullptr);
  CHECK_FALSE(app.find("formScroll"));  // the tab replaces the fields
  auto* model = qobject_cast<QAbstractItemModel*>(app.session->history());
  std::vector<ChangeRow> rows;
  const auto roles = model->roleNames();
  auto role = [&](const char* name) { return roles.key(name); };
  for (int i = 0; i < model->rowCount(); ++i) {
    const QModelIndex at = model->index(i, 0);
    rows.push_back({at.data(role("title")).toString(), at.data(role("when")).toString(),
                    at.data(role("device")).toString(), at.data(role("value")).toString(),
                    at.data(role("depth")).toInt()});
  }
  return rows;
}

size_t row_named(const std::vector<ChangeRow>& rows, const QString& title) {
  for (size_t i = 0; i < rows.size(); ++i)
    if (rows[i].title == title && rows[i].depth == 0) return i;
  FAIL("no row " << title.toStdString());
  return 0;
}

}  // namespace

TEST_CASE("the Changes tab shows who created a record and each field's last change and device",
          "[app]") {
  triad::testing::TempDir other;
  core::RecordId obs;
  AppFixture app(kScreenSizes[0].size, [&](core::Store& ana) {
    auto id = ana.create_record("observation", {{"observed_teacher", Op::kAssign, "Ben Lee"},
                                                {"focus", Op::kAssign, "Questioning"},
                                                {"tags", Op::kAdd, "draft"},
                                                {"notes", Op::kAssign, "First notes."}});
    REQUIRE(id.is_ok());
    obs = *id;
    REQUIRE(
        ana.update_record(obs, {{"tags", Op::kRemove, "draft"}, {"tags", Op::kAdd, "wait-time"}})
            .is_ok());
    auto ben = core::Store::create(other.file("ben.db"), "Fortismere", "Ben Lee");
    REQUIRE(ben.is_ok());
    REQUIRE(core::merge_stores(ana, **ben).is_ok());
    REQUIRE(ana.update_record(obs, {{"notes", Op::kAssign, "Ana's notes."}}).is_ok());
    // Ben's laptop still runs a Triad from before text merged: its write overwrites the text.
    REQUIRE(triad::testing::write_as_older_triad(**ben, obs, "notes", "Ben's notes.").is_ok());
    REQUIRE(core::merge_stores(ana, **ben).is_ok());
  });
  app.open(obs);
  const std::vector<ChangeRow> rows = changes_shown(app);
  CHECK(app.text_of("created").contains("by Ana Diaz of Fortismere, on this device"));

  const ChangeRow& focus = rows[row_named(rows, "Focus")];
  CHECK(focus.device == "this device");
  CHECK(focus.value == "Questioning");

  const size_t tags = row_named(rows, "Tags");
  CHECK(rows[tags].value == "wait-time");
  REQUIRE(rows.size() > tags + 2);
  CHECK(rows[tags + 1].depth == 1);
  CHECK(rows[tags + 1].title == "added, since removed");
  CHECK(rows[tags + 1].value == "draft");
  CHECK(rows[tags + 2].title == "added");
  CHECK(rows[tags + 2].value == "wait-time");

  const size_t notes = row_named(rows, "Notes");
  REQUIRE(rows.size() > notes + 1);
  CHECK(rows[notes + 1].title == "concurrent version");  // kept as a conflict
  const QStringList devices{rows[notes].device, rows[notes + 1].device};
  INFO(devices.join(" | ").toStdString());
  CHECK(devices.contains("this device"));
  CHECK(devices.contains("Ben Lee's device"));  // named by the person record that lists it

  // A sync reads the record again: the Changes tab stays in view.
  emit app.session->sync_controller().store_changed();
  app.settle();
  CHECK(app.find("changeList") != nullptr);
  // Back to the fields.
  app.tap(app.item("detailsTab"));
  CHECK(app.find("formScroll") != nullptr);
}

TEST_CASE("the Changes tab shows a field of a kind from a newer Triad as unknown", "[app]") {
  core::RecordId obs;
  AppFixture app(kScreenSizes[2].size, [&](core::Store& ana) {
    auto id = ana.create_record("observation", {{"observed_teacher", Op::kAssign, "Ben Lee"},
                                                {"focus", Op::kAssign, "Sketching"}});
    REQUIRE(id.is_ok());
    obs = *id;
    // Ana's newer tablet added a field of a kind this version does not know, twice concurrently.
    core::RecordState from_tablet = ana.get(obs).value().value();
    const uint64_t hlc = from_tablet.max_hlc();
    from_tablet.fields["sketch"] = {
        static_cast<core::FieldKind>(9),
        {{std::string("\xfe\x00", 2), {hlc + 2, 0xbeef}, {{0xbeef, hlc + 2}}},
         {"strokes", {hlc + 1, 0xfeed}, {{0xfeed, hlc + 1}}}},
        {}};
    REQUIRE(ana.apply({from_tablet}, 0xfeed, "Ana's tablet", std::nullopt));
  });
  app.open(obs);
  const std::vector<ChangeRow> rows = changes_shown(app);
  const size_t sketch = row_named(rows, "Sketch");
  CHECK(rows[sketch].value.toStdString() == core::kUnknownKindText);
  CHECK((sketch + 1 == rows.size() || rows[sketch + 1].depth == 0));  // no versions' bytes shown
  CHECK(rows[row_named(rows, "Focus")].value == "Sketching");
}

}  // namespace triad::desktop::testing
