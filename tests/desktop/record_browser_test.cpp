// The record list's search box and filters (type, enquiry, person, dates) over realistic records.
#include "record_browser.h"

#include <QApplication>
#include <QComboBox>
#include <QDateEdit>
#include <QLineEdit>
#include <QTableView>
#include <QTest>
#include <catch2/catch.hpp>

#include "desktop_fixture.h"
#include "record_form.h"

namespace triad::desktop::testing {

namespace {

using Op = core::FieldEdit::Op;

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

}  // namespace

TEST_CASE("the record list narrows by search words, type, enquiry, person and date", "[desktop]") {
  DesktopFixture app(add_records);
  RecordBrowser* list = app.window->browser();
  CHECK(list->visible_count() == 4);  // the teaching records; schools and people are not listed

  QTest::keyClicks(list->search_box(), "phonics");
  CHECK(list->visible_count() == 1);
  list->search_box()->clear();

  list->type_box()->setCurrentIndex(list->type_box()->findData("observation"));
  CHECK(list->visible_count() == 2);
  list->type_box()->setCurrentIndex(list->type_box()->findData("person"));
  CHECK(list->visible_count() == 3);
  list->type_box()->setCurrentIndex(0);

  list->enquiry_box()->setCurrentIndex(
      list->enquiry_box()->findText("Does wait time deepen answers?"));
  CHECK(list->visible_count() == 2);  // the enquiry and the observation made for it
  list->enquiry_box()->setCurrentIndex(0);

  list->person_box()->setCurrentIndex(list->person_box()->findText("Ben Lee"));
  CHECK(list->visible_count() == 2);  // observed in one, coached in the other
  list->person_box()->setCurrentIndex(0);

  auto* from = list->findChildren<QDateEdit*>().value(0);
  REQUIRE(from != nullptr);
  from->setDate(QDate(2015, 1, 1));
  CHECK(list->visible_count() == 2);  // the phonics observation, and the enquiry recorded today
}

TEST_CASE("Ctrl+F goes to the search box from anywhere in the window", "[desktop]") {
  DesktopFixture app(add_records);
  app.window->new_record("observation");
  REQUIRE(app.window->browser()->search_box() != QApplication::focusWidget());
  app.press(QKeySequence::Find);
  CHECK(app.window->browser()->search_box() == QApplication::focusWidget());
}

TEST_CASE("choosing a row opens the record in the form", "[desktop]") {
  DesktopFixture app(add_records);
  RecordBrowser* list = app.window->browser();
  QTest::keyClicks(list->search_box(), "low-level");
  REQUIRE(list->visible_count() == 1);
  list->view()->setFocus();
  QTest::keyClick(list->view(), Qt::Key_Down);
  REQUIRE(app.window->form()->type() != nullptr);
  CHECK(app.window->form()->type()->name == "coaching_session");
}

}  // namespace triad::desktop::testing
