// triad-desktop: parses --db, opens the store (or runs the first-run dialog), shows the window.
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QMessageBox>

#include "first_run_dialog.h"
#include "main_window.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("triad");
  QApplication::setApplicationDisplayName("Triad");
  QCommandLineParser args;
  args.setApplicationDescription("Triad for teachers: observations, coaching, lesson study and journals, offline first.");
  args.addHelpOption();
  args.addOption({"db", "The store file (default: the same as the triad CLI's).", "PATH",
                  triad::desktop::default_store_path()});
  args.process(app);
  const QString path = args.value("db");

  std::unique_ptr<triad::core::Store> store;
  if (QFileInfo::exists(path)) {
    auto opened = triad::core::Store::open(path.toStdString());
    if (!opened) {
      QMessageBox::critical(nullptr, "Triad", QString::fromStdString(opened.status().message()));
      return 3;
    }
    store = std::move(opened).value();
  } else {
    triad::desktop::FirstRunDialog first_run(path);
    if (first_run.exec() != QDialog::Accepted) return 0;
    store = first_run.take_store();
  }
  triad::desktop::MainWindow window(std::move(store), path);
  window.show();
  return app.exec();
}
