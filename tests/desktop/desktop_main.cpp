// The desktop tests' main: one QApplication for every test case, then Catch2. Without a display
// the tests use Qt's offscreen platform (ctest also sets QT_QPA_PLATFORM=offscreen). Device tokens
// saved by the app (and by the `triad` processes the tests run, which inherit this environment)
// go to a credentials file in a temp folder, never the real ~/.config.
#define CATCH_CONFIG_RUNNER
#include <QApplication>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>

#include "test_support.h"

namespace {

QtMessageHandler g_standard_handler = nullptr;

// The offscreen platform warns about every window feature it lacks (raise, keyboard grabs);
// those lines would bury a real failure's output.
void quiet_platform_warnings(QtMsgType type, const QMessageLogContext& context,
                             const QString& message) {
  if (message.startsWith(QLatin1String("This plugin does not support"))) return;
  if (g_standard_handler)
    g_standard_handler(type, context, message);
  else
    fprintf(stderr, "%s\n", qPrintable(qFormatLogMessage(type, context, message)));
}

}  // namespace

int main(int argc, char** argv) {
  triad::testing::TempDir config;
  ::setenv("XDG_CONFIG_HOME", config.path().c_str(), 1);
  ::unsetenv("TRIAD_TOKEN");
  g_standard_handler = qInstallMessageHandler(quiet_platform_warnings);
  if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  QApplication::setApplicationName("triad");
  return Catch::Session().run(argc, argv);
}
