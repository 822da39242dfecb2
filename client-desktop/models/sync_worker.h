// One sync with the hub, run on a worker thread so the window never freezes: the worker opens
// its own Store on the same file (a Store is single-threaded; SQLite's WAL lets two connections
// share the file), reads the saved sync settings, takes the same lock file as `triad sync` (so
// the app and a cron job never sync one store at once), and reports progress after each batch.
// Lives on its worker thread: call run_sync() only through a queued connection; its signals are
// delivered to the UI thread queued.
#pragma once

#include <QObject>
#include <QString>
#include <memory>

#include "triad/core/store.h"

namespace triad::desktop {

class SyncWorker : public QObject {
  Q_OBJECT
 public:
  explicit SyncWorker(QString db_path, QObject* parent = nullptr);
  ~SyncWorker() override;

 public slots:
  void run_sync();

 signals:
  // After every batch: records sent and received so far, and how far the sync is (0-100).
  void progress(qulonglong pushed, qulonglong pulled, int percent);
  // `message` says in words for the teacher what went wrong, or, when ok, what the sync found and
  // repaired (a store restored from a backup, a wrong date...), one sentence a line ("" for none).
  // `code` is the failure's core::StatusCode (0 when ok).
  void finished(bool ok, int code, QString message, qulonglong pushed, qulonglong pulled,
                qulonglong refused);

 private:
  QString db_path_;
  std::unique_ptr<core::Store> store_;  // opened on the worker thread at the first sync
};

}  // namespace triad::desktop
