// triad-app: the teachers' app for phone, tablet and laptop (Qt Quick). Parses --db, then shows
// the first run (no store there yet) or the main window over the store (app_ui.h).
#include <QCommandLineParser>
#include <QGuiApplication>
#include <cstdio>

#include "app_ui.h"

int main(int argc, char** argv) {
  QCommandLineParser args;
  args.setApplicationDescription(
      "Triad for teachers, on a phone, a tablet or a laptop: observations, coaching, lesson study\n"
      "and journals, offline first. With no store at --db, it starts by asking for your school,\n"
      "your name and your hub's details. Keys: Ctrl+N new observation, Ctrl+S save, F5 sync,\n"
      "Ctrl+F search. Set QT_QUICK_CONTROLS_MATERIAL_THEME=Dark for the dark theme.");
  args.addHelpOption();
  args.addOption({"db", "The store file (default: the same as the triad CLI's).", "PATH",
                  triad::desktop::default_store_path()});
  for (int i = 1; i < argc; ++i)  // --help without a display
    if (QByteArray(argv[i]) == "--help" || QByteArray(argv[i]) == "-h")
      return std::printf("%s",
                         qPrintable(args.helpText().replace("<executable_name>", "triad-app"))),
             0;
  QGuiApplication app(argc, argv);
  args.process(app);
  QGuiApplication::setApplicationName("triad");
  QGuiApplication::setApplicationDisplayName("Triad");
  triad::desktop::use_app_style();

  triad::desktop::AppShell shell(args.value("db"));
  QString error;
  if (!shell.start(error)) {
    std::fprintf(stderr, "triad-app: %s: %s\n", qPrintable(args.value("db")), qPrintable(error));
    return 3;
  }
  return app.exec();
}
