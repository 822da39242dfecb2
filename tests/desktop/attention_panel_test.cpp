// A text conflict made by two laptops writing the same notes offline, merged as files, then
// resolved by the teacher in the "Needs attention" panel.
#include "attention_panel.h"

#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>
#include <QToolButton>
#include <catch2/catch.hpp>

#include "desktop_fixture.h"
#include "field_editor.h"
#include "record_form.h"
#include "sync_status_bar.h"

namespace triad::desktop::testing {

namespace {

using Op = core::FieldEdit::Op;

// Ana's observation of Ben, whose notes Ana and Ben both rewrote offline; Ana's store then
// merges Ben's. Returns the observation's id.
core::RecordId make_conflict(core::Store& ana, const std::string& ben_path) {
  auto obs = ana.create_record("observation", {{"observed_teacher", Op::kAssign, "Ben Lee"},
                                               {"focus", Op::kAssign, "Questioning"},
                                               {"notes", Op::kAssign, "First notes."}});
  REQUIRE(obs.is_ok());
  make_text_conflict(ana, *obs, "notes", "Ana: wait time worked.", "Ben: pupils answered in pairs.",
                     ben_path);
  return *obs;
}

}  // namespace

TEST_CASE("a text conflict is shown in Needs attention and resolved there", "[desktop]") {
  triad::testing::TempDir other;
  core::RecordId obs;
  DesktopFixture app([&](core::Store& ana) { obs = make_conflict(ana, other.file("ben.db")); });
  AttentionPanel* panel = app.window->attention();
  REQUIRE(panel->count() == 1);
  CHECK(app.window->sync_status()->attention_button()->isVisibleTo(app.window.get()));
  app.window->open_record(obs);
  CHECK(app.window->form()->editor("notes")->conflict_label()->isVisibleTo(app.window.get()));
  CHECK_FALSE(app.window->form()->editor("focus")->conflict_label()->isVisibleTo(app.window.get()));

  SECTION("keeping one version") {
    QWidget* box = panel->findChild<QWidget*>("conflict_0");
    REQUIRE(box != nullptr);
    auto* keep_other = box->findChild<QPushButton*>("keep_1");
    REQUIRE(keep_other != nullptr);
    QTest::mouseClick(keep_other, Qt::LeftButton);
    auto conflicts = app.store().conflicts();
    REQUIRE(conflicts.is_ok());
    CHECK(conflicts->empty());
    const std::string notes = app.store().get(obs)->value().field("notes")->value();
    CHECK((notes == "Ana: wait time worked." || notes == "Ben: pupils answered in pairs."));
    CHECK(panel->count() == 0);
    CHECK_FALSE(
        app.window->form()->editor("notes")->conflict_label()->isVisibleTo(app.window.get()));
  }
  SECTION("writing a merged text") {
    auto* merged = panel->findChild<QPlainTextEdit*>("merged_text");
    REQUIRE(merged != nullptr);
    CHECK(merged->toPlainText().contains("Ana: wait time worked."));
    CHECK(merged->toPlainText().contains("Ben: pupils answered in pairs."));
    merged->selectAll();
    QTest::keyClicks(merged, "Wait time worked; pupils answered in pairs.");
    QTest::mouseClick(panel->findChild<QPushButton*>("save_merged"), Qt::LeftButton);
    CHECK(app.store().get(obs)->value().field("notes")->value() ==
          "Wait time worked; pupils answered in pairs.");
    CHECK(app.store().conflicts()->empty());
  }
}

}  // namespace triad::desktop::testing
