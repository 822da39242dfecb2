// Pictures of triad-app at the four sizes it is laid out for, written to this build folder
// (TRIAD_SCREENSHOT_DIR) for docs/: the list with an observation open (a phone shows the form
// alone, and the list in a second picture), the banner of a device whose hub is down, the first
// run, the list's filters, a record's Changes and a learning log with its entries.
#include <QDir>
#include <QTest>
#include <catch2/catch.hpp>

#include "app_fixture.h"
#include "app_ui.h"
#include "sync_settings.h"

namespace triad::desktop::testing {

namespace {

using Op = core::FieldEdit::Op;

core::RecordId observation_id;
core::RecordId log_id;

void a_teachers_term(core::Store& store) {
  auto observation = store.create_record(
      "observation",
      {{"observed_teacher", Op::kAssign, "Ben Lee"},
       {"observers", Op::kAssign, "Ana Diaz"},
       {"date", Op::kAssign, "2026-11-24"},
       {"purpose", Op::kAssign, "lesson-study"},
       {"focus", Op::kAssign, "Questioning"},
       {"notes", Op::kAssign,
        "Wait time after open questions was about three seconds. Y4-07 answered twice, in full "
        "sentences; the pairs at the back waited for the teacher to repeat the question."},
       {"feedback", Op::kAssign, "Try five seconds of wait time before taking answers."},
       {"tags", Op::kAssign, "wait-time"}});
  REQUIRE(observation.is_ok());
  observation_id = *observation;
  REQUIRE(store
              .create_record("lesson_study", {{"members", Op::kAssign, "Ana Diaz"},
                                              {"members", Op::kAssign, "Ben Lee"},
                                              {"focus", Op::kAssign, "Fractions: reasoning"},
                                              {"lesson_date", Op::kAssign, "2026-12-03"}})
              .is_ok());
  REQUIRE(store
              .create_record("coaching_session", {{"coach", Op::kAssign, "Ana Diaz"},
                                                  {"coachee", Op::kAssign, "Ben Lee"},
                                                  {"mode", Op::kAssign, "in-class"},
                                                  {"date", Op::kAssign, "2026-11-18"},
                                                  {"focus", Op::kAssign, "Low-level disruption"}})
              .is_ok());
  auto log = store.create_record("learning_log", {{"title", Op::kAssign, "Reflective journal"},
                                                  {"kind", Op::kAssign, "reflective-journal"}});
  REQUIRE(log.is_ok());
  log_id = *log;
  for (const auto& [date, text] :
       {std::pair{"2026-11-17", "Tried five seconds of wait time: fewer hands, longer answers."},
        {"2026-11-24", "Ben's class: the pairs at the back need the question on the board."}})
    REQUIRE(store
                .create_record("log_entry", {{"log", Op::kAssign, log->to_string()},
                                             {"date", Op::kAssign, date},
                                             {"text", Op::kAssign, text}})
                .is_ok());
  REQUIRE(store.update_record(observation_id, {{"focus", Op::kAssign, "Questioning: wait time"}})
              .is_ok());
}

void save(QQuickWindow* window, const QString& name) {
  QTest::qWait(800);  // a tap's ripple fades
  const QImage shot = window->grabWindow();
  REQUIRE_FALSE(shot.isNull());
  REQUIRE(shot.save(QDir(TRIAD_SCREENSHOT_DIR).filePath(name)));
}

}  // namespace

TEST_CASE("screenshots of the app at a phone's, a tablet's and a laptop's sizes", "[app]") {
  for (const ScreenSize& screen : kScreenSizes) {
    INFO("screen " << screen.name);
    AppFixture app(screen.size, a_teachers_term);
    if (std::string(screen.name) == "phone") save(app.window, "app-phone-list.png");
    app.tap(app.item("record-" + QString::fromStdString(observation_id.to_string())));
    app.settle(200);
    save(app.window, QString("app-%1.png").arg(screen.name));
  }
}

TEST_CASE("a screenshot of the banner when the hub does not answer", "[app]") {
  AppFixture app(kScreenSizes[0].size, [](core::Store& store) {
    a_teachers_term(store);
    REQUIRE(client::save_sync_settings(
                store, {{"127.0.0.1:9"}, "abcd1234.0123456789abcdef0123456789abcdef", "", true})
                .is_ok());
  });
  auto* status = qobject_cast<SyncStatus*>(app.session->sync_status());
  REQUIRE(wait_until([&] { return status->state() == "offline"; }, 30000));
  app.settle(200);
  save(app.window, "app-phone-offline.png");
}

TEST_CASE("screenshots of the first run, the filters, a record's changes and a log's entries",
          "[app]") {
  {
    triad::testing::TempDir dir;
    AppShell shell(QString::fromStdString(dir.file("triad.db")));
    QString error;
    REQUIRE(shell.start(error));
    WindowDriver first_run{shell.window()};
    first_run.show(kScreenSizes[0].size);
    first_run.tap(first_run.item("joinFile"));
    first_run.type("/media/usb/ana-diaz.join");
    save(first_run.window, "app-first-run.png");
    first_run.tap(first_run.item("typeDetails"));
    first_run.tap(first_run.item("school"));
    first_run.type("Fortismere");
    first_run.tap(first_run.item("person"));
    first_run.type("Ana Diaz");
    first_run.tap(first_run.item("hub"));
    first_run.type("hub.themead.org:7400");
    save(first_run.window, "app-first-run-typed.png");
  }
  AppFixture app(kScreenSizes[0].size, a_teachers_term);
  app.tap(app.item("moreFilters"));
  app.choose("personFilter", "Ben Lee");
  app.tap(app.item("fromDate"));
  app.type("2026-11-01");
  save(app.window, "app-phone-filters.png");

  AppFixture tablet(kScreenSizes[2].size, a_teachers_term);
  tablet.open(observation_id);
  tablet.tap(tablet.item("changesTab"));
  save(tablet.window, "app-changes.png");

  AppFixture portrait(kScreenSizes[1].size, a_teachers_term);
  portrait.open(log_id);
  portrait.reveal(portrait.item("add-log_entry"));
  save(portrait.window, "app-log.png");
}

}  // namespace triad::desktop::testing
