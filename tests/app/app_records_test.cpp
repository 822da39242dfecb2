// triad-app's list and forms beyond one observation: the list narrowed by search words, type,
// enquiry, person and dates; Ctrl+F; every record type's form; a learning log's entries added
// from the log's form; edits kept when the teacher moves on (saved on the way, or the form stays
// with the reason); a record deleted elsewhere not saved back into existence.
#include <QTest>
#include <catch2/catch.hpp>

#include "app_fixture.h"
#include "triad/core/schema.h"

namespace triad::desktop::testing {

namespace {

using Op = core::FieldEdit::Op;

constexpr QSize kTabletLandscape = kScreenSizes[2].size;  // list and form side by side

void add_records(core::Store& store) {
  auto enquiry =
      store.create_record("enquiry", {{"title", Op::kAssign, "Does wait time deepen answers?"}});
  REQUIRE(enquiry.is_ok());
  REQUIRE(store
              .create_record("observation", {{"observed_teacher", Op::kAssign, "Ben Lee"},
                                             {"focus", Op::kAssign, "Questioning"},
                                             {"date", Op::kAssign, "2014-03-21"},
                                             {"enquiry", Op::kAssign, enquiry->to_string()}})
              .is_ok());
  REQUIRE(store
              .create_record("observation", {{"observed_teacher", Op::kAssign, "Cara Wu"},
                                             {"focus", Op::kAssign, "Phonics"},
                                             {"date", Op::kAssign, "2015-01-12"}})
              .is_ok());
  REQUIRE(store
              .create_record("coaching_session", {{"coach", Op::kAssign, "Ana Diaz"},
                                                  {"coachee", Op::kAssign, "Ben Lee"},
                                                  {"focus", Op::kAssign, "Low-level disruption"},
                                                  {"date", Op::kAssign, "2014-03-20"}})
              .is_ok());
}

int listed(AppFixture& app) { return app.session->record_count(); }

std::string field_value(core::Store& store, const core::RecordId& id, const char* field) {
  const core::RecordState record = store.get(id)->value();
  const core::FieldState* f = record.field(field);
  return f ? f->value() : std::string();
}

void fill(AppFixture& app, const QString& field, const QString& text) {
  app.tap(app.item("field-" + field));
  app.press(QKeySequence::SelectAll);
  app.type(text);
}

}  // namespace

TEST_CASE("the record list narrows by search words, type, enquiry, person and date", "[app]") {
  for (const ScreenSize& screen : {kScreenSizes[0], kScreenSizes[2]}) {
    INFO("screen " << screen.name);
    AppFixture app(screen.size, add_records);
    CHECK(listed(app) == 4);  // the teaching records; schools and people are not listed

    app.tap(app.item("search"));
    app.type("phonics");
    CHECK(listed(app) == 1);
    app.press(QKeySequence::SelectAll);
    app.press(QKeySequence(Qt::Key_Backspace));
    CHECK(listed(app) == 4);

    app.choose("typeFilter", "Lesson observation");
    CHECK(listed(app) == 2);
    app.choose("typeFilter", "All records");

    app.tap(app.item("moreFilters"));
    app.choose("enquiryFilter", "Does wait time deepen answers?");
    CHECK(listed(app) == 2);  // the enquiry and the observation made for it
    CHECK(app.session->filter_count() == 1);
    app.choose("enquiryFilter", "Any enquiry");

    app.choose("personFilter", "Ben Lee");
    CHECK(listed(app) == 2);  // observed in one, coached in the other
    app.choose("personFilter", "Anyone");

    app.tap(app.item("fromDate"));
    app.type("2015-01-01");
    CHECK(listed(app) == 2);  // the phonics observation, and the enquiry recorded today
    app.tap(app.item("toDate"));
    app.type("2015-13-01");
    CHECK(app.find("datesError") != nullptr);  // said, and the list as it was
    CHECK(listed(app) == 2);
    app.press(QKeySequence::SelectAll);
    app.type("2015-06-30");
    CHECK_FALSE(app.find("datesError"));
    CHECK(listed(app) == 1);
    CHECK(app.session->filter_count() == 2);
    app.tap(app.item("clearFilters"));
    CHECK(listed(app) == 4);
    CHECK(app.session->filter_count() == 0);
  }
}

TEST_CASE("Ctrl+F goes to the search box, and tapping a record opens it", "[app]") {
  AppFixture app(kTabletLandscape, add_records);
  app.session->startRecord("observation");
  app.settle();
  QQuickItem* search = app.item("search");
  CHECK_FALSE(search->hasActiveFocus());
  app.press(QKeySequence::Find);
  CHECK(search->hasActiveFocus());
  app.type("low-level");
  REQUIRE(listed(app) == 1);
  auto coaching = app.store().list("coaching_session");
  REQUIRE(coaching->size() == 1);
  app.tap(app.item("record-" + QString::fromStdString(coaching->front().header.id.to_string())));
  CHECK(app.session->form()->property("type").toString() == "coaching_session");
  CHECK(app.text_of("field-focus") == "Low-level disruption");
}

TEST_CASE("every record type gets a form with an editor per schema field", "[app]") {
  AppFixture app(kTabletLandscape);
  for (const core::TypeSpec& type : core::record_types()) {
    const QString name = QString::fromUtf8(type.name.data(), static_cast<int>(type.name.size()));
    INFO("type " << type.name);
    if (type.parent_field.empty()) {
      REQUIRE(app.session->startRecord(name));
    } else {  // a child record starts from its parent's form
      const core::FieldSpec* parent = type.field(type.parent_field);
      REQUIRE(parent != nullptr);
      const core::FieldEdits edits = parent->ref_type == "coaching_session"
                                         ? core::FieldEdits{{"coach", Op::kAssign, "Ana Diaz"},
                                                            {"coachee", Op::kAssign, "Ben Lee"}}
                                         : core::FieldEdits{{"title", Op::kAssign, "A parent"}};
      auto made = app.store().create_record(std::string(parent->ref_type), edits);
      INFO(made.status().message());
      REQUIRE(made.is_ok());
      app.open(*made);
      app.tap(app.item("add-" + name));
    }
    app.settle();
    CHECK(app.session->form()->property("type").toString() == name);
    for (const core::FieldSpec& field : type.fields) {
      INFO("field " << field.name);
      const bool shown = app.find(
          "editor-" + QString::fromUtf8(field.name.data(), static_cast<int>(field.name.size())));
      // A person's devices are written by the store, not typed.
      CHECK(shown == !(type.name == "person" && field.name == "devices"));
    }
    app.session->discardNew();
  }
}

TEST_CASE("a learning log's entries are added from the log's form", "[app]") {
  AppFixture app(kScreenSizes[0].size);  // on a phone
  REQUIRE(app.session->startRecord("learning_log"));
  app.settle();
  fill(app, "title", "Reflective journal");
  app.choose("field-kind", "reflective-journal");
  app.tap(app.item("save"));
  const QString log_id = app.session->form()->property("recordId").toString();
  REQUIRE_FALSE(log_id.isEmpty());
  const core::RecordId log = *core::RecordId::parse(log_id.toStdString());
  CHECK(app.store().get(log)->value().scope == core::Scope::kPrivate);

  app.tap(app.item("add-log_entry"));
  CHECK(app.session->form()->property("type").toString() == "log_entry");
  CHECK(app.text_of("field-log") == "Reflective journal");  // its log, shown, not editable
  CHECK_FALSE(app.item("field-log")->isEnabled());
  fill(app, "text", "The research lesson surprised me.");
  app.tap(app.item("save"));
  auto entries = app.store().children(log);
  REQUIRE(entries.is_ok());
  REQUIRE(entries->size() == 1);
  CHECK(entries->front().field("text")->value() == "The research lesson surprised me.");
  CHECK(entries->front().scope == core::Scope::kPrivate);  // follows its log
  // Listed by its words, not by its date twice.
  app.tap(app.item("back"));
  const QString entry_row =
      "record-" + QString::fromStdString(entries->front().header.id.to_string());
  CHECK(app.item(entry_row)->property("label").toString() == "The research lesson surprised me.");

  // Back in the log's form, the entry is listed and opens.
  app.open(log);
  const QString entry = "child-" + QString::fromStdString(entries->front().header.id.to_string());
  app.tap(app.item(entry));
  CHECK(app.session->form()->property("type").toString() == "log_entry");
}

TEST_CASE("edits are kept when the teacher opens another record", "[app]") {
  core::RecordId first, second;
  AppFixture app(kTabletLandscape, [&](core::Store& s) {
    first = *s.create_record("observation", {{"observed_teacher", Op::kAssign, "Ben Lee"},
                                             {"focus", Op::kAssign, "Questioning"}});
    second = *s.create_record("observation", {{"observed_teacher", Op::kAssign, "Cara Wu"},
                                              {"focus", Op::kAssign, "Phonics"}});
  });
  app.open(first);
  auto* form = qobject_cast<RecordFormModel*>(app.session->form());
  CHECK_FALSE(form->hasUnsavedEdits());  // filling the form is not an edit
  const QString second_row = "record-" + QString::fromStdString(second.to_string());

  SECTION("a valid edit is saved on the way") {
    app.tap(app.item("field-focus"));
    app.press(QKeySequence(Qt::Key_End));
    app.type(" and wait time");
    CHECK(form->hasUnsavedEdits());
    app.tap(app.item(second_row));
    CHECK(form->record_id() == QString::fromStdString(second.to_string()));
    CHECK(field_value(app.store(), first, "focus") == "Questioning and wait time");
  }
  SECTION("a refused edit keeps the form open with the reason beside the field") {
    fill(app, "observed_teacher", "");
    app.press(QKeySequence(Qt::Key_Backspace));
    app.tap(app.item(second_row));
    CHECK(form->record_id() == QString::fromStdString(first.to_string()));
    CHECK(app.text_of("error-observed_teacher") == "Is required and cannot be cleared");
    CHECK(field_value(app.store(), first, "observed_teacher") != "");
  }
  SECTION("a sync that ends while the teacher types leaves what was typed") {
    app.tap(app.item("field-focus"));
    app.press(QKeySequence(Qt::Key_End));
    app.type(" and pairs");
    emit app.session->sync_controller().store_changed();  // the background sync ends
    app.settle();
    CHECK(app.text_of("field-focus") == "Questioning and pairs");
    CHECK(form->hasUnsavedEdits());
    app.press(QKeySequence::Save);
    CHECK(field_value(app.store(), first, "focus") == "Questioning and pairs");
  }
  SECTION("closing the app saves what was typed, or stays open with the reason") {
    app.tap(app.item("field-focus"));
    app.press(QKeySequence(Qt::Key_End));
    app.type(" at the end");
    fill(app, "observed_teacher", "Nobody Known");
    app.window->close();
    app.settle();
    CHECK(app.window->isVisible());  // refused: the app stays, with the reason beside the field
    CHECK(app.text_of("error-observed_teacher").contains("Nobody Known"));
    fill(app, "observed_teacher", "Cara Wu");
    app.window->close();
    app.settle();
    CHECK_FALSE(app.window->isVisible());
    CHECK(field_value(app.store(), first, "focus") == "Questioning at the end");
  }
  SECTION("a new record can be discarded") {
    app.tap(app.item("newObservation"));
    fill(app, "focus", "Not this one");
    app.tap(app.item("discard"));
    CHECK_FALSE(form->active());
    CHECK(app.store().list("observation")->size() == 2);
  }
}

TEST_CASE("a record deleted elsewhere while shown cannot be saved back into existence", "[app]") {
  core::RecordId shown;
  AppFixture app(kTabletLandscape, [&](core::Store& s) {
    shown = *s.create_record("observation", {{"observed_teacher", Op::kAssign, "Ben Lee"},
                                             {"focus", Op::kAssign, "Questioning"}});
  });
  app.open(shown);
  REQUIRE(app.store().delete_record(shown).is_ok());    // as a sync bringing Ben's delete would
  emit app.session->sync_controller().store_changed();  // what the app hears after that sync
  app.settle();
  app.press(QKeySequence::Save);
  CHECK(app.store().list("observation")->empty());
  CHECK_FALSE(app.session->form()->property("active").toBool());
  CHECK(app.find("formEmptyState") != nullptr);
}

TEST_CASE("a child record is seen by whoever sees its parent, or by more people if chosen",
          "[app]") {
  core::RecordId log;
  AppFixture app(kTabletLandscape, [&](core::Store& s) {
    log = *s.create_record("learning_log", {{"title", Op::kAssign, "Department journal"}},
                           core::Scope::kSchool);
  });
  app.open(log);
  app.tap(app.item("add-log_entry"));
  auto* form = qobject_cast<RecordFormModel*>(app.session->form());
  // Nothing narrower than the log's audience is offered: the store would share it anyway.
  CHECK(form->audiences() == QStringList{"As its log", "The whole alliance"});
  fill(app, "text", "Shared with the school, as the journal is.");
  app.tap(app.item("save"));
  app.open(log);
  app.tap(app.item("add-log_entry"));
  fill(app, "text", "Shared with the whole alliance.");
  app.choose("audience", "The whole alliance");
  app.tap(app.item("save"));
  auto entries = app.store().children(log);
  REQUIRE(entries->size() == 2);
  std::map<std::string, core::Scope> scope_of;
  for (const core::RecordState& e : *entries) scope_of[e.field("text")->value()] = e.scope;
  CHECK(scope_of["Shared with the school, as the journal is."] == core::Scope::kSchool);
  CHECK(scope_of["Shared with the whole alliance."] == core::Scope::kAlliance);
}

}  // namespace triad::desktop::testing
