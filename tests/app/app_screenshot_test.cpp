// Pictures of triad-app at the four sizes it is laid out for, written to this build folder
// (TRIAD_SCREENSHOT_DIR) for docs/: the list with an observation open (a phone shows the form
// alone, and the list in a second picture), and the banner of a device whose hub is down.
#include <QDir>
#include <QTest>
#include <catch2/catch.hpp>

#include "app_fixture.h"
#include "sync_settings.h"

namespace triad::desktop::testing {

namespace {

using Op = core::FieldEdit::Op;

core::RecordId observation_id;

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
  REQUIRE(store
              .create_record("learning_log", {{"title", Op::kAssign, "Reflective journal"},
                                              {"kind", Op::kAssign, "reflective-journal"}})
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

}  // namespace triad::desktop::testing
