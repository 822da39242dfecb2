// triad-desktop: parses --db, opens the store (or runs the first-run dialog), shows the window.
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QMessageBox>
#include <cstdio>

#include "credentials.h"
#include "first_run_dialog.h"
#include "main_window.h"

int main(int argc, char** argv) {
  QCommandLineParser args;
  args.setApplicationDescription(
      "Triad for teachers: observations, coaching, lesson study and journals, offline first.");
  args.addHelpOption();
  args.addOption({"db", "The store file (default: the same as the triad CLI's).", "PATH",
                  triad::desktop::default_store_path()});
  // --help before the window system is reached, so it works without a display.
  for (int i = 1; i < argc; ++i)
    if (QByteArray(argv[i]) == "--help" || QByteArray(argv[i]) == "-h")
      return std::printf("%s",
                         qPrintable(args.helpText().replace("<executable_name>", "triad-desktop"))),
             0;
  QApplication app(argc, argv);
  args.process(app);  // after QApplication took its own options (-platform ...)
  const QString path = args.value("db");
  QApplication::setApplicationName("triad");
  QApplication::setApplicationDisplayName("Triad");

  std::unique_ptr<triad::core::Store> store;
  if (QFileInfo::exists(path)) {
    auto opened = triad::core::Store::open(path.toStdString());
    if (!opened) {
      QMessageBox::critical(nullptr, "Triad", QString::fromStdString(opened.status().message()));
      return 3;
    }
    store = std::move(opened).value();
    // A store of an older version holds its device token: move it out, so copies carry none.
    if (auto moved = triad::client::move_token_out_of_store(*store); !moved)
      std::fprintf(stderr, "triad-desktop: the store still holds its device token: %s\n",
                   moved.status().message().c_str());
  } else {
    triad::desktop::FirstRunDialog first_run(path);
    if (first_run.exec() != QDialog::Accepted) return 0;
    store = first_run.take_store();
  }
  triad::desktop::MainWindow window(std::move(store), path);
  window.show();
  return app.exec();
}
