// The Changes tab: derived from the clocks the store keeps for merging, read-only.
#include "change_history.h"

#include <QLabel>
#include <QTreeWidget>
#include <catch2/catch.hpp>

#include "desktop_fixture.h"
#include "triad/core/field_kind.h"

namespace triad::desktop::testing {

namespace {

using Op = core::FieldEdit::Op;

QTreeWidgetItem* row_named(QTreeWidget* tree, const QString& field) {
  const auto found = tree->findItems(field, Qt::MatchExactly, 0);
  return found.isEmpty() ? nullptr : found.front();
}

}  // namespace

TEST_CASE("the Changes tab shows who created a record and each field's last change and device",
          "[desktop]") {
  triad::testing::TempDir other;
  core::RecordId obs;
  DesktopFixture app([&](core::Store& ana) {
    auto id = ana.create_record("observation", {{"observed_teacher", Op::kAssign, "Ben Lee"},
                                                {"focus", Op::kAssign, "Questioning"},
                                                {"tags", Op::kAdd, "draft"},
                                                {"notes", Op::kAssign, "First notes."}});
    REQUIRE(id.is_ok());
    obs = *id;
    REQUIRE(
        ana.update_record(obs, {{"tags", Op::kRemove, "draft"}, {"tags", Op::kAdd, "wait-time"}})
            .is_ok());
    make_text_conflict(ana, obs, "notes", "Ana's notes.", "Ben's notes.", other.file("ben.db"));
  });
  app.window->open_record(obs);
  ChangeHistory* history = app.window->history();
  CHECK(history->findChild<QLabel*>("created")->text().contains(
      "by Ana Diaz of Fortismere, on this laptop"));

  QTreeWidgetItem* focus = row_named(history->tree(), "Focus");
  REQUIRE(focus != nullptr);
  CHECK(focus->text(2) == "this laptop");
  CHECK(focus->text(3) == "Questioning");

  QTreeWidgetItem* tags = row_named(history->tree(), "Tags");
  REQUIRE(tags != nullptr);
  REQUIRE(tags->childCount() == 2);
  CHECK(tags->text(3) == "wait-time");
  CHECK(tags->child(0)->text(0) == "added, since removed");
  CHECK(tags->child(0)->text(3) == "draft");

  QTreeWidgetItem* notes = row_named(history->tree(), "Notes");
  REQUIRE(notes != nullptr);
  REQUIRE(notes->childCount() == 1);  // the concurrent version kept as a conflict
  CHECK(notes->child(0)->text(0) == "concurrent version");
  const QStringList devices{notes->text(2), notes->child(0)->text(2)};
  CHECK(devices.contains("this laptop"));
  INFO(devices.join(" | ").toStdString());
  CHECK(devices.contains(
      "Fortismere / Ben Lee"));  // the peer Ben's laptop, named since the stores merged
}

}  // namespace triad::desktop::testing

namespace triad::desktop::testing {

TEST_CASE("the Changes tab shows a field of a kind from a newer Triad as unknown", "[desktop]") {
  core::RecordId obs;
  DesktopFixture app([&](core::Store& ana) {
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
  app.window->open_record(obs);
  QTreeWidgetItem* sketch = row_named(app.window->history()->tree(), "Sketch");
  REQUIRE(sketch != nullptr);
  CHECK(sketch->text(3).toStdString() == core::kUnknownKindText);
  CHECK(sketch->childCount() == 0);  // its versions' bytes are not shown as text
  QTreeWidgetItem* focus = row_named(app.window->history()->tree(), "Focus");
  REQUIRE(focus != nullptr);
  CHECK(focus->text(3) == "Sketching");
}

}  // namespace triad::desktop::testing
