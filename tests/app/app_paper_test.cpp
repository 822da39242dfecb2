// "Save as PDF" on an observation's and a lesson study's form, tapped as a teacher taps it on a
// phone: the PDF lands in the Documents folder under a clear name, the form says where, a second
// copy never replaces the first, edits not yet saved are saved first, and records with no paper
// form (or not yet saved) have no such button. The PDFs are read back with poppler's pdftotext.
#include <QDir>
#include <QStandardPaths>
#include <catch2/catch.hpp>
#include <filesystem>

#include "app_fixture.h"
#include "process.h"

namespace triad::desktop::testing {

namespace {

using Op = core::FieldEdit::Op;

// $HOME is a temp folder while a test runs, so Documents is one too (XDG_CONFIG_HOME, set by the
// tests' main, holds no user-dirs.dirs naming another).
struct TempHome {
  triad::testing::TempDir dir;
  QByteArray saved = qgetenv("HOME");
  TempHome() { qputenv("HOME", QByteArray::fromStdString(dir.path().string())); }
  ~TempHome() { qputenv("HOME", saved); }
  std::string documents() const { return dir.file("Documents"); }
};

std::string pdf_text(const std::string& pdf) {
  const triad::testing::ProcessResult r =
      triad::testing::run_process(TRIAD_PDFTOTEXT_PATH, {"-enc", "UTF-8", pdf, "-"}, {});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

core::RecordId add(core::Store& store, const char* type, const core::FieldEdits& edits) {
  auto id = store.create_record(type, edits);
  INFO(id.status().message());
  REQUIRE(id.is_ok());
  return *id;
}

core::RecordId study, observation, coaching;

void add_records(core::Store& store) {
  add(store, "person", {{"name", Op::kAssign, "Zoë Evans"}, {"school", Op::kAssign, "Fortismere"}});
  study = add(store, "lesson_study",
              {{"members", Op::kAdd, "Ana Diaz"},
               {"members", Op::kAdd, "Zoë Evans"},
               {"focus", Op::kAssign, "Reasoning"}});
  observation = add(store, "observation",
                    {{"observed_teacher", Op::kAssign, "Zoë Evans"},
                     {"lesson_study", Op::kAssign, study.to_string()},
                     {"date", Op::kAssign, "2014-03-21"},
                     {"focus", Op::kAssign, "Questioning"},
                     {"notes", Op::kAssign, "Pupils explained their answers."}});
  coaching = add(store, "coaching_session",
                 {{"coach", Op::kAssign, "Ana Diaz"}, {"coachee", Op::kAssign, "Zoë Evans"}});
}

}  // namespace

TEST_CASE("Save as PDF puts an observation in Documents and says where", "[app][paper]") {
  TempHome home;
  AppFixture app(kScreenSizes[0].size, add_records);  // a phone: the button is scrolled to
  app.open(observation);
  app.tap(app.item("saveAsPdf"));
  const std::string first =
      home.documents() + "/Observation 2014-03-21 Zoë Evans - Questioning.pdf";
  REQUIRE(std::filesystem::exists(first));
  const QString message = app.text_of("paperMessage");
  CHECK(message == "Saved as a PDF (1 page of A4): " + QString::fromStdString(first));
  const std::string text = pdf_text(first);
  CHECK(text.find("Zoë Evans") != std::string::npos);
  CHECK(text.find("Pupils explained their answers.") != std::string::npos);

  // An edit not yet saved is saved first, and the second paper is kept beside the first.
  app.tap(app.item("field-focus"));
  app.press(QKeySequence::SelectAll);
  app.type("Wait time");
  app.tap(app.item("saveAsPdf"));
  CHECK(app.store().get(observation)->value().field("focus")->value() == "Wait time");
  const std::string second = home.documents() + "/Observation 2014-03-21 Zoë Evans - Wait time.pdf";
  REQUIRE(std::filesystem::exists(second));
  CHECK(pdf_text(second).find("Wait time") != std::string::npos);
  app.tap(app.item("saveAsPdf"));
  CHECK(std::filesystem::exists(home.documents() +
                                "/Observation 2014-03-21 Zoë Evans - Wait time (2).pdf"));
  CHECK(pdf_text(first).find("Questioning") != std::string::npos);  // the first left as it was

  // Another record opened: the message was about the one before.
  app.open(coaching);
  CHECK_FALSE(app.find("saveAsPdf"));  // a coaching session has no paper form
  CHECK_FALSE(app.find("paperMessage"));
  REQUIRE(app.session->startRecord("observation"));
  app.settle();
  CHECK_FALSE(app.find("saveAsPdf"));  // nothing to print until it is saved
}

TEST_CASE("Save as PDF on a lesson study prints its observations with it", "[app][paper]") {
  TempHome home;
  AppFixture app(kScreenSizes[2].size, add_records);
  app.open(study);
  app.tap(app.item("saveAsPdf"));
  const std::string pdf = home.documents() + "/Lesson study - Reasoning.pdf";
  REQUIRE(std::filesystem::exists(pdf));
  CHECK(app.text_of("paperMessage").endsWith(QString::fromStdString(pdf)));
  const std::string text = pdf_text(pdf);
  CHECK(text.find("Observation 1 of 1: Zoë Evans, 2014-03-21") != std::string::npos);
  CHECK(text.find("Pupils explained their answers.") != std::string::npos);
}

}  // namespace triad::desktop::testing
