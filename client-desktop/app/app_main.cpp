// triad-app: the teachers' app for phone, tablet and laptop (Qt Quick). Parses --db, opens the
// store, and shows app/qml/Main.qml over the C++ models of an AppSession.
#include <QCommandLineParser>
#include <QFileInfo>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <cstdio>

#include "app_ui.h"
#include "credentials.h"
#include "store_path.h"

int main(int argc, char** argv) {
  QCommandLineParser args;
  args.setApplicationDescription(
      "Triad for teachers, on a phone, a tablet or a laptop: observations, coaching, lesson study\n"
      "and journals, offline first. Keys: Ctrl+N new observation, Ctrl+S save, F5 sync,\n"
      "Ctrl+F search. Set QT_QUICK_CONTROLS_MATERIAL_THEME=Dark for the dark theme.");
  args.addHelpOption();
  args.addOption({"db", "The store file (default: the same as the triad CLI's).", "PATH",
                  QString::fromStdString(triad::client::default_store_path())});
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

  const QString path = args.value("db");
  if (!QFileInfo::exists(path)) {
    std::fprintf(stderr,
                 "triad-app: there is no store at %s; make one with: triad --db %s init --school "
                 "SCHOOL --person NAME --hub HOST:PORT --token-file FILE --ca HUB.crt\n",
                 qPrintable(path), qPrintable(path));
    return 2;
  }
  auto store = triad::core::Store::open(path.toStdString());
  if (!store) {
    std::fprintf(stderr, "triad-app: %s\n", store.status().message().c_str());
    return 3;
  }
  if (auto moved = triad::client::move_token_out_of_store(**store); !moved)
    std::fprintf(stderr, "triad-app: the store still holds its device token: %s\n",
                 moved.status().message().c_str());
  triad::desktop::AppSession session(std::move(store).value(), path);
  QQmlApplicationEngine engine;
  if (!triad::desktop::load_app_window(engine, session)) return 4;
  return app.exec();
}
