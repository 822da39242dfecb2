// Screenshots of the main window (1280×800 and 1024×600), the observation form and the sync
// status, with demo data from DOMAIN.md, written to the build folder (the README's images are
// copies of them in docs/). Also checks that at 1024×600 the form's Save button and the status
// bar are on screen.
#include <QDir>
#include <QPainter>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <catch2/catch.hpp>

#include "attention_panel.h"
#include "change_history.h"
#include "desktop_fixture.h"
#include "field_editor.h"
#include "hub_process.h"
#include "record_browser.h"
#include "record_form.h"
#include "sync_settings.h"
#include "sync_status_bar.h"

namespace triad::desktop::testing {

namespace {

using Op = core::FieldEdit::Op;

core::RecordId add_demo_records(core::Store& s) {
  auto must = [](core::Result<core::RecordId> r) {
    REQUIRE(r.is_ok());
    return *r;
  };
  const auto enquiry =
      must(s.create_record("enquiry", {{"title", Op::kAssign, "Does wait time deepen answers?"},
                                       {"theme", Op::kAssign, "pedagogy"},
                                       {"phase", Op::kAssign, "baseline"},
                                       {"interventions", Op::kAdd, "lesson study"},
                                       {"research_question", Op::kAssign,
                                        "What is the impact of different lesson observation and "
                                        "feedback systems in developing teachers' pedagogy?"}}));
  must(s.create_record("lesson_study", {{"members", Op::kAdd, "Ana Diaz"},
                                        {"members", Op::kAdd, "Ben Lee"},
                                        {"focus", Op::kAssign, "Writing paragraphs in Year 4"},
                                        {"targeted_pupils", Op::kAdd, "Y4-07"},
                                        {"targeted_pupils", Op::kAdd, "Y4-12"},
                                        {"lesson_date", Op::kAssign, "2014-03-18"},
                                        {"enquiry", Op::kAssign, enquiry.to_string()}}));
  must(s.create_record("coaching_session", {{"coach", Op::kAssign, "Ana Diaz"},
                                            {"coachee", Op::kAssign, "Ben Lee"},
                                            {"mode", Op::kAssign, "in-class"},
                                            {"date", Op::kAssign, "2014-03-20"},
                                            {"focus", Op::kAssign, "Low-level disruption"}}));
  must(s.create_record("observation", {{"observed_teacher", Op::kAssign, "Cara Wu"},
                                       {"focus", Op::kAssign, "Phonics"},
                                       {"date", Op::kAssign, "2014-03-14"},
                                       {"observers", Op::kAdd, "Ana Diaz"},
                                       {"purpose", Op::kAssign, "peer"}}));
  must(s.create_record("learning_log", {{"title", Op::kAssign, "Reflective journal"},
                                        {"kind", Op::kAssign, "reflective-journal"}}));
  return must(s.create_record(
      "observation",
      {{"observed_teacher", Op::kAssign, "Ben Lee"},
       {"observers", Op::kAdd, "Ana Diaz"},
       {"focus", Op::kAssign, "Questioning"},
       {"date", Op::kAssign, "2014-03-21"},
       {"purpose", Op::kAssign, "lesson-study"},
       {"enquiry", Op::kAssign, enquiry.to_string()},
       {"tags", Op::kAdd, "wait-time"},
       {"notes", Op::kAssign,
        "Wait time of 3-5 s after open questions. Most pupils answered in full sentences."},
       {"pupil_responses", Op::kAssign,
        "Y4-07 answered twice; Y4-12 explained her method to a partner."},
       {"feedback", Op::kAssign, "Try think-pair-share before taking answers."}}));
}

// What Ana recorded since, offline: it waits to be sent.
void add_todays_work(core::Store& s) {
  REQUIRE(
      s.create_record("coaching_session", {{"coach", Op::kAssign, "Ana Diaz"},
                                           {"coachee", Op::kAssign, "Cara Wu"},
                                           {"mode", Op::kAssign, "real-time"},
                                           {"date", Op::kAssign, "2014-03-24"},
                                           {"focus", Op::kAssign, "Growth mindset in mathematics"}})
          .is_ok());
  REQUIRE(s.create_record("observation", {{"observed_teacher", Op::kAssign, "Ben Lee"},
                                          {"observers", Op::kAdd, "Ana Diaz"},
                                          {"date", Op::kAssign, "2014-03-25"},
                                          {"focus", Op::kAssign, "Times tables and mental maths"}})
              .is_ok());
}

void save_png(QWidget* widget, const QString& name) {
  const QString path = QStringLiteral(TRIAD_SCREENSHOT_DIR) + "/" + name;
  REQUIRE(widget->grab().save(path));
  INFO(path.toStdString());
  CHECK(QImage(path).width() == widget->width());
}

// The status bar in each state it went through, stacked into one picture.
void save_stacked_png(const QList<QPixmap>& states, const QString& name) {
  int height = 0;
  for (const QPixmap& p : states) height += p.height() + 1;
  QImage out(states.front().width(), height, QImage::Format_RGB32);
  out.fill(Qt::darkGray);
  QPainter paint(&out);
  int y = 0;
  for (const QPixmap& p : states) {
    paint.drawPixmap(0, y, p);
    y += p.height() + 1;
  }
  paint.end();
  REQUIRE(out.save(QStringLiteral(TRIAD_SCREENSHOT_DIR) + "/" + name));
}

bool on_screen(QWidget* child, QWidget* window) {
  const QRect r(child->mapTo(window, QPoint(0, 0)), child->size());
  return child->isVisible() && window->rect().contains(r);
}

}  // namespace

TEST_CASE("screenshots of the main window, the observation form and the sync status",
          "[desktop][screenshot]") {
  integration::HubProcess hub;
  const std::string token = hub.enroll("Fortismere", "Ana Diaz");
  hub.start();
  core::RecordId observation;
  triad::testing::TempDir other;
  DesktopFixture app([&](core::Store& s) {
    REQUIRE(client::save_sync_settings(s, {{hub.address()}, token, hub.cert(), false}).is_ok());
    observation = add_demo_records(s);
    // Ben, observed, rewrote the feedback on his laptop while Ana rewrote it on hers.
    make_text_conflict(
        s, observation, "feedback", "Try think-pair-share before taking answers; count to five.",
        "Agreed: pairs first, then three named pupils answer.", other.file("ben.db"));
    add_todays_work(s);
  });
  MainWindow* w = app.window.get();
  w->resize(1024, 600);
  QList<QPixmap> status_states{w->sync_status()->grab()};
  app.press(QKeySequence(Qt::Key_F5));
  status_states << w->sync_status()->grab();  // syncing
  REQUIRE(wait_until([&] { return w->sync_status()->sync_text().startsWith("Synced at"); }, 20000));
  status_states << w->sync_status()->grab();
  w->open_record(observation);
  type_into(w->form()->editor("tags"), "questioning");
  app.press(QKeySequence::Save);
  status_states << w->sync_status()->grab();
  save_stacked_png(status_states, "desktop-sync.png");

  w->resize(1280, 800);
  QTest::qWait(50);
  save_png(w, "desktop-main.png");
  save_png(w->form(), "desktop-observation.png");

  // For reviewers, not the README: the Changes tab and the Needs attention panel.
  for (QTabWidget* tabs : w->findChildren<QTabWidget*>()) {
    if (tabs->indexOf(w->history()) >= 0) tabs->setCurrentWidget(w->history());
    if (tabs->indexOf(w->attention()) >= 0) tabs->setCurrentWidget(w->attention());
  }
  QTest::qWait(50);
  save_png(w, "desktop-changes-and-attention.png");
  for (QTabWidget* tabs : w->findChildren<QTabWidget*>())
    if (tabs->indexOf(w->browser()) >= 0) tabs->setCurrentWidget(w->browser());
  w->open_record(observation);

  w->resize(1024, 600);
  QTest::qWait(50);
  CHECK(on_screen(w->form()->save_button(), w));
  CHECK(on_screen(w->sync_status(), w));
  CHECK(on_screen(w->browser()->view(), w));
  save_png(w, "desktop-main-1024x600.png");
}

}  // namespace triad::desktop::testing
