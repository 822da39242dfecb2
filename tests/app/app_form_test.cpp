// triad-app driven as a teacher drives it, at each of the four sizes: an observation recorded
// with taps and keys, edited, and deleted; a date the store refuses shown under the date field,
// nothing saved; the list beside the form where there is room, one at a time where there is not.
#include <QRegularExpression>
#include <QTest>
#include <catch2/catch.hpp>

#include "app_fixture.h"
#include "triad/core/store.h"

namespace triad::desktop::testing {

namespace {

size_t observations(core::Store& store) { return store.list("observation")->size(); }

// Taps the field and types into it, as a finger and an on-screen keyboard would.
void fill(AppFixture& app, const QString& field, const QString& text) {
  app.tap(app.item("field-" + field));
  app.press(QKeySequence::SelectAll);
  app.type(text);
}

}  // namespace

TEST_CASE("an observation is recorded with taps and keys, edited and deleted, at every size",
          "[app]") {
  for (const ScreenSize& screen : kScreenSizes) {
    INFO("screen " << screen.name);
    AppFixture app(screen.size);
    const bool wide = screen.size.width() >= 900;
    CHECK(app.find("emptyState") != nullptr);  // "No records here yet. Tap + ..."

    app.tap(app.item("newObservation"));
    CHECK((app.find("recordList") != nullptr) == wide);  // a phone shows the form alone
    fill(app, "observed_teacher", "Be");                 // then picked from the suggestions
    app.tap(app.item("suggestion-Ben Lee"));
    CHECK(app.item("field-observed_teacher")->property("text").toString() == "Ben Lee");
    fill(app, "focus", "Questioning");
    fill(app, "notes", "Wait time after questions was short.");
    app.tap(app.item("save"));
    INFO("message: " << app.text_of("formMessage").toStdString());
    REQUIRE(observations(app.store()) == 1);
    const core::RecordState saved = app.store().list("observation")->front();
    CHECK(saved.field("focus")->value() == "Questioning");
    CHECK(saved.field("notes")->value() == "Wait time after questions was short.");
    CHECK(app.text_of("formMessage").startsWith("Saved at"));

    // Edited with the keyboard's save.
    fill(app, "focus", "Wait time");
    app.press(QKeySequence::Save);
    CHECK(app.store().get(saved.header.id)->value().field("focus")->value() == "Wait time");

    if (!wide) {  // back to the list, where the record is listed
      app.tap(app.item("back"));
      REQUIRE(app.find("recordList"));
      CHECK_FALSE(app.find("recordForm"));
    }
    app.tap(app.item("record-" + QString::fromStdString(saved.header.id.to_string())));
    app.tap(app.item("delete"));
    QObject* confirm = app.window->findChild<QObject*>("confirmDelete");
    REQUIRE(confirm);
    REQUIRE(wait_until([&] { return confirm->property("opened").toBool(); }, 2000));
    QMetaObject::invokeMethod(confirm, "accept");  // its Yes
    app.settle();
    CHECK(observations(app.store()) == 0);
  }
}

TEST_CASE("a date the store refuses is shown under the date field, and nothing is saved", "[app]") {
  AppFixture app(kScreenSizes[0].size);
  app.tap(app.item("newObservation"));
  fill(app, "observed_teacher", "Ben Lee");
  fill(app, "date", "30/11/2026");
  app.tap(app.item("save"));
  CHECK(observations(app.store()) == 0);
  const QString error = app.text_of("error-date");
  CHECK(error.contains("YYYY-MM-DD"));
  CHECK(app.text_of("formMessage") == "Not saved: see date.");
  // Picked from the calendar instead: a day in the middle of the month shown.
  app.tap(app.item("pickDate-date"));
  QQuickItem* grid = app.item("monthGrid");
  app.settle(300);  // the popup's opening transition
  const QPointF day = grid->mapToScene({grid->width() * 3.5 / 7, grid->height() * 2.5 / 6});
  QTest::mouseClick(app.window, Qt::LeftButton, {}, day.toPoint());
  app.settle(300);
  CHECK_FALSE(app.find("monthGrid"));
  const QString picked = app.item("field-date")->property("text").toString();
  CHECK(QRegularExpression("^\\d{4}-\\d{2}-\\d{2}$").match(picked).hasMatch());
  CHECK_FALSE(app.find("error-date"));  // the error goes with the edit
  app.tap(app.item("save"));
  CHECK(observations(app.store()) == 1);
  CHECK(app.store().list("observation")->front().field("date")->value() == picked.toStdString());
}

TEST_CASE("validation messages appear beside the field they concern", "[app]") {
  AppFixture app(kScreenSizes[2].size);

  SECTION("a pupil's name in targeted pupils is refused beside that field") {
    REQUIRE(app.session->startRecord("lesson_study"));
    app.settle();
    fill(app, "members", "Ana Diaz\n");
    app.type("Ben Lee\n");
    fill(app, "targeted_pupils", "Y4-07,");
    app.type("Amy Smith\n");
    app.tap(app.item("save"));
    CHECK(app.store().list("lesson_study")->empty());
    CHECK(app.text_of("error-targeted_pupils").contains("'Amy Smith' looks like a name"));
    CHECK(app.text_of("formMessage").contains("targeted pupils"));
    CHECK_FALSE(app.find("error-members"));
    // Removing the name (its chip's button) clears the message; the save then succeeds.
    app.tap(app.item("remove-Amy Smith"));
    CHECK_FALSE(app.find("error-targeted_pupils"));
    app.tap(app.item("save"));
    CHECK(app.store().list("lesson_study")->size() == 1);
  }
  SECTION("a missing required field is named beside it") {
    app.tap(app.item("newObservation"));
    fill(app, "focus", "Questioning");
    app.tap(app.item("save"));
    CHECK(observations(app.store()) == 0);
    CHECK(app.text_of("error-observed_teacher") == "Required: whose lesson it was.");
  }
  SECTION("a person nobody knows") {
    REQUIRE(app.session->startRecord("coaching_session"));
    app.settle();
    fill(app, "coach", "Ana Diaz");
    fill(app, "coachee", "Dan Okafor");
    app.tap(app.item("save"));
    CHECK(app.store().list("coaching_session")->empty());
    const QString error = app.text_of("error-coachee");
    CHECK(error.contains("Dan Okafor"));
    CHECK(error.contains("Check the spelling"));
    CHECK_FALSE(error.contains("triad add"));  // the CLI's advice is not the app's
  }
}

TEST_CASE("chips are added by Enter and comma, matched to known names and removed by their button",
          "[app]") {
  AppFixture app(kScreenSizes[0].size);
  app.tap(app.item("newObservation"));
  auto observers = [&] { return app.item("editor-observers")->property("values").toStringList(); };
  fill(app, "observers", "ben lee\n");  // as typed, matched to the person
  app.type("Cara Wu,");
  CHECK(observers() == QStringList{"Ben Lee", "Cara Wu"});
  app.type("Ben Lee\n");  // already there
  CHECK(observers().size() == 2);
  app.tap(app.item("remove-Ben Lee"));
  CHECK(observers() == QStringList{"Cara Wu"});
}

}  // namespace triad::desktop::testing
