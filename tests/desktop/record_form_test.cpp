// The record form driven as a teacher would: keys into the fields, Ctrl+N, Ctrl+S, the Save and
// Delete buttons; the store is then checked through the core API.
#include "record_form.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>
#include <catch2/catch.hpp>

#include "desktop_fixture.h"
#include "field_editor.h"
#include "record_browser.h"
#include "record_list_model.h"

namespace triad::desktop::testing {
namespace {

std::vector<core::RecordState> live(core::Store& store, const std::string& type) {
  auto records = store.list(type);
  REQUIRE(records.is_ok());
  return std::move(records).value();
}

std::string field_value(const core::RecordState& r, const std::string& field) {
  const core::FieldState* f = r.field(field);
  return f ? f->value() : std::string();
}

}  // namespace

TEST_CASE("an observation is created through the form, edited and deleted", "[desktop]") {
  DesktopFixture app;
  RecordForm* form = app.window->form();
  app.press(QKeySequence::New);  // with every teaching record listed, Ctrl+N starts an observation
  REQUIRE(form->type() != nullptr);
  REQUIRE(form->type()->name == "observation");

  type_into(form->editor("observed_teacher"), "Ben Lee");
  type_into(form->editor("observers"), "Ana Diaz");
  type_into(form->editor("focus"), "Questioning");
  clear_field(form->editor("date"));
  type_into(form->editor("date"), "2014-03-21");
  type_into(form->editor("purpose"), "lesson-study");
  type_into(form->editor("tags"), "wait-time");
  type_into(form->editor("notes"), "Wait time of 3-5 s after open questions.");
  app.press(QKeySequence::Save);

  auto observations = live(app.store(), "observation");
  REQUIRE(observations.size() == 1);
  const core::RecordState& saved = observations.front();
  const std::string ben =
      core::RecordId::derive(
          "person", core::RecordId::derive("school", "Fortismere").to_string() + ":Ben Lee")
          .to_string();
  CHECK(field_value(saved, "observed_teacher") == ben);
  CHECK(field_value(saved, "focus") == "Questioning");
  CHECK(field_value(saved, "date") == "2014-03-21");
  CHECK(field_value(saved, "purpose") == "lesson-study");
  CHECK(field_value(saved, "notes") == "Wait time of 3-5 s after open questions.");
  CHECK(saved.field("observers")->elements().size() == 1);
  CHECK(saved.field("tags")->elements() == std::vector<std::string>{"wait-time"});
  CHECK(saved.scope == core::Scope::kParticipants);  // the type's default
  CHECK(form->record() == saved.header.id);
  CHECK(form->message_label()->text().startsWith("Saved at"));
  CHECK(app.window->browser()->model()->row_of(saved.header.id) >= 0);

  SECTION("edited: a new focus, one more observer, a wider scope") {
    clear_field(form->editor("focus"));
    type_into(form->editor("focus"), "Engagement, questioning and assessment");
    type_into(form->editor("observers"), "Cara Wu");
    form->scope_box()->setCurrentIndex(form->scope_box()->findText("school"));
    QTest::mouseClick(form->save_button(), Qt::LeftButton);
    auto after = live(app.store(), "observation");
    REQUIRE(after.size() == 1);
    CHECK(field_value(after.front(), "focus") == "Engagement, questioning and assessment");
    CHECK(after.front().field("observers")->elements().size() == 2);
    CHECK(field_value(after.front(), "notes") == "Wait time of 3-5 s after open questions.");
    CHECK(after.front().scope == core::Scope::kSchool);
    // A scope narrower than the record's is not offered: it could not be taken back.
    CHECK(form->scope_box()->findText("participants") < 0);
  }
  SECTION("deleted with two clicks on Delete") {
    QTest::mouseClick(form->delete_button(), Qt::LeftButton);
    CHECK(live(app.store(), "observation").size() == 1);  // the first click only asks
    CHECK(form->delete_button()->text() == "Click again to delete");
    QTest::mouseClick(form->delete_button(), Qt::LeftButton);
    CHECK(live(app.store(), "observation").empty());
    CHECK(app.window->browser()->model()->row_of(saved.header.id) < 0);
    CHECK_FALSE(form->isEnabled());
  }
}

TEST_CASE("validation messages appear beside the field they concern", "[desktop]") {
  DesktopFixture app;
  RecordForm* form = app.window->form();

  SECTION("a pupil's name in targeted pupils is refused beside that field") {
    app.window->new_record("lesson_study");
    type_into(form->editor("members"), "Ana Diaz, Ben Lee");
    type_into(form->editor("targeted_pupils"), "Y4-07, Amy Smith");
    QTest::mouseClick(form->save_button(), Qt::LeftButton);
    CHECK(live(app.store(), "lesson_study").empty());
    QLabel* beside = form->editor("targeted_pupils")->error_label();
    CHECK(beside->isVisible());
    CHECK(beside->text().contains("'Amy Smith' looks like a name"));
    CHECK(form->message_label()->text().contains("targeted pupils"));
    CHECK_FALSE(form->editor("members")->error_label()->isVisible());

    // Removing the name clears the message at the next save, which then succeeds.
    ChipEditor* chips = form->editor("targeted_pupils")->chips();
    chips->remove_chip(1);
    QTest::mouseClick(form->save_button(), Qt::LeftButton);
    CHECK_FALSE(form->editor("targeted_pupils")->error_label()->isVisible());
    CHECK(live(app.store(), "lesson_study").size() == 1);
  }
  SECTION("a missing required field is named beside it") {
    app.window->new_record("observation");
    type_into(form->editor("focus"), "Questioning");
    QTest::mouseClick(form->save_button(), Qt::LeftButton);
    CHECK(live(app.store(), "observation").empty());
    QLabel* beside = form->editor("observed_teacher")->error_label();
    CHECK(beside->isVisible());
    CHECK(beside->text() == "Required: whose lesson it was.");
  }
  SECTION("a date that is not a date") {
    app.window->new_record("coaching_session");
    type_into(form->editor("coach"), "Ana Diaz");
    type_into(form->editor("coachee"), "Ben Lee");
    clear_field(form->editor("date"));
    type_into(form->editor("date"), "21/03/2014");
    QTest::mouseClick(form->save_button(), Qt::LeftButton);
    CHECK(live(app.store(), "coaching_session").empty());
    CHECK(form->editor("date")->error().startsWith("Must be a date written YYYY-MM-DD"));
  }
  SECTION("a person nobody knows") {
    app.window->new_record("coaching_session");
    type_into(form->editor("coach"), "Ana Diaz");
    type_into(form->editor("coachee"), "Dan Okafor");
    QTest::mouseClick(form->save_button(), Qt::LeftButton);
    CHECK(form->editor("coachee")->error_label()->isVisible());
    CHECK(form->editor("coachee")->error().contains("Dan Okafor"));
  }
}

TEST_CASE("every record type gets a form with a field editor per schema field", "[desktop]") {
  DesktopFixture app;
  for (const core::TypeSpec& type : core::record_types()) {
    app.window->new_record(QString::fromUtf8(type.name.data(), static_cast<int>(type.name.size())));
    REQUIRE(app.window->form()->type() == &type);
    for (const core::FieldSpec& field : type.fields)
      CHECK(app.window->form()->editor(field.name) != nullptr);
  }
}

TEST_CASE("a learning log's entries are added from the log's form", "[desktop]") {
  DesktopFixture app;
  RecordForm* form = app.window->form();
  app.window->new_record("learning_log");
  type_into(form->editor("title"), "Reflective journal");
  type_into(form->editor("kind"), "reflective-journal");
  REQUIRE(form->save());
  const core::RecordId log = *form->record();
  CHECK(app.store().get(log)->value().scope == core::Scope::kPrivate);

  auto* add_entry = form->findChild<QPushButton*>("add_log_entry");
  REQUIRE(add_entry != nullptr);
  QTest::mouseClick(add_entry, Qt::LeftButton);
  REQUIRE(form->type()->name == "log_entry");
  type_into(form->editor("text"), "The research lesson surprised me.");
  REQUIRE(form->save());
  auto entries = app.store().children(log);
  REQUIRE(entries.is_ok());
  REQUIRE(entries->size() == 1);
  CHECK(field_value(entries->front(), "text") == "The research lesson surprised me.");
  CHECK(entries->front().scope == core::Scope::kPrivate);  // follows its log
}

}  // namespace triad::desktop::testing

namespace triad::desktop::testing {

TEST_CASE("edits are saved, not lost, when the teacher opens another record", "[desktop]") {
  core::RecordId first, second;
  DesktopFixture app([&](core::Store& s) {
    first = *s.create_record("observation",
                             {{"observed_teacher", core::FieldEdit::Op::kAssign, "Ben Lee"},
                              {"focus", core::FieldEdit::Op::kAssign, "Questioning"}});
    second = *s.create_record("observation",
                              {{"observed_teacher", core::FieldEdit::Op::kAssign, "Cara Wu"},
                               {"focus", core::FieldEdit::Op::kAssign, "Phonics"}});
  });
  RecordForm* form = app.window->form();
  app.window->open_record(first);
  CHECK_FALSE(form->has_unsaved_edits());  // filling the form is not an edit

  SECTION("a valid edit is saved on the way") {
    type_into(form->editor("focus"), " and wait time");
    app.window->open_record(second);
    CHECK(form->record() == second);
    CHECK(field_value(app.store().get(first)->value(), "focus") == "Questioning and wait time");
  }
  SECTION("a refused edit keeps the form open with the reason beside the field") {
    clear_field(form->editor("observed_teacher"));
    app.window->open_record(second);
    CHECK(form->record() == first);
    CHECK(form->editor("observed_teacher")->error_label()->isVisible());
    CHECK(field_value(app.store().get(first)->value(), "observed_teacher") != "");
  }
}

TEST_CASE("a record deleted elsewhere while shown cannot be saved back into existence",
          "[desktop]") {
  core::RecordId shown;
  DesktopFixture app([&](core::Store& s) {
    shown = *s.create_record("observation",
                             {{"observed_teacher", core::FieldEdit::Op::kAssign, "Ben Lee"},
                              {"focus", core::FieldEdit::Op::kAssign, "Questioning"}});
  });
  app.window->open_record(shown);
  REQUIRE(app.store().delete_record(shown).is_ok());  // as a sync bringing Ben's delete would
  app.window->open_record(shown);                     // what the window does after a sync
  CHECK(app.window->form()->message_label()->text().isEmpty());
  app.press(QKeySequence::Save);
  CHECK(live(app.store(), "observation").empty());
  CHECK(app.window->form()->message_label()->text().isEmpty());  // no attempt, so no refusal
  CHECK_FALSE(app.window->form()->isEnabled());
}

}  // namespace triad::desktop::testing
