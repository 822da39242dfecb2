// triad-app's text follows the system's text-size setting (the platform's default font), at
// once when it changes while the app runs, and the layout holds: on a phone with text half as
// large again, the form still scrolls under a Save that stays in view.
#include <QDir>
#include <QFont>
#include <QGuiApplication>
#include <QTest>
#include <catch2/catch.hpp>

#include "app_fixture.h"
#include "text_size.h"

namespace triad::desktop::testing {

namespace {

QFont font_of(double points) {
  QFont f = QGuiApplication::font();
  f.setPointSizeF(points);
  return f;
}

// Sets the system font for one test, and puts the standard one back after it.
struct SystemTextSize {
  explicit SystemTextSize(double points) { QGuiApplication::setFont(font_of(points)); }
  ~SystemTextSize() { QGuiApplication::setFont(font_of(10)); }
};

int pixel_size(QQuickItem* item) { return item->property("font").value<QFont>().pixelSize(); }

}  // namespace

TEST_CASE("the text scale is the system font's size over a standard 10 pt", "[app]") {
  CHECK(TextSize::scale_of(font_of(10)) == Approx(1.0));
  CHECK(TextSize::scale_of(font_of(15)) == Approx(1.5));
  QFont pixels = QGuiApplication::font();
  pixels.setPixelSize(20);
  CHECK(TextSize::scale_of(pixels) == Approx(1.5));
  CHECK(TextSize::scale_of(font_of(4)) == Approx(0.85));  // never too small to read
  CHECK(TextSize::scale_of(font_of(60)) == Approx(3.0));
}

TEST_CASE("the app's text grows with the system's text size, and Save stays in view", "[app]") {
  AppFixture app(kScreenSizes[0].size);
  app.tap(app.item("newObservation"));
  CHECK(pixel_size(app.item("syncHeadline")) == 16);
  CHECK(pixel_size(app.item("field-focus")) == 16);

  SystemTextSize larger(15);  // the teacher's phone set to large text, while the app runs
  app.settle(200);
  CHECK(pixel_size(app.item("syncHeadline")) == 24);
  CHECK(pixel_size(app.item("field-focus")) == 24);
  CHECK(pixel_size(app.item("save")) == 24);
  CHECK(pixel_size(app.item("discard")) == 24);
  QQuickItem* save = app.item("save");
  const QRectF on_screen = save->mapRectToScene(save->boundingRect());
  CHECK(QRectF(QPointF(0, 0), app.window->size()).contains(on_screen));
  // The notes, far down the form, are reached by scrolling, and typed into.
  app.tap(app.item("field-notes"));
  app.type("Large text");
  CHECK(app.item("field-notes")->property("text").toString() == "Large text");
  app.settle(800);
  REQUIRE(app.window->grabWindow().save(
      QDir(TRIAD_SCREENSHOT_DIR).filePath("app-phone-large-text.png")));
}

}  // namespace triad::desktop::testing
