// The app tests' main: one QGuiApplication (offscreen, software rendering) for every test case,
// then Catch2. Device tokens go to a credentials file in a temp folder, never ~/.config.
#define CATCH_CONFIG_RUNNER
#include <QFont>
#include <QGuiApplication>
#include <catch2/catch.hpp>
#include <cstdlib>

#include "app_ui.h"
#include "test_support.h"

int main(int argc, char** argv) {
  triad::testing::TempDir config;
  ::setenv("XDG_CONFIG_HOME", config.path().c_str(), 1);
  ::unsetenv("TRIAD_TOKEN");
  if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  if (!qEnvironmentVariableIsSet("QT_QUICK_BACKEND")) qputenv("QT_QUICK_BACKEND", "software");
  QGuiApplication app(argc, argv);
  QGuiApplication::setApplicationName("triad");
  // A standard desktop's system font (10 pt), whatever this machine's is: the app's text sizes
  // follow it (text_size.h), and the screenshots in docs/ are taken at it.
  QFont standard = QGuiApplication::font();
  standard.setPointSizeF(10);
  QGuiApplication::setFont(standard);
  triad::desktop::use_app_style();
  return Catch::Session().run(argc, argv);
}
