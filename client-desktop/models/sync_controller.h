// When the app syncs and what it tells the teacher about it: runs SyncWorker on its own thread,
// on request (the Sync button, F5) and periodically in the background, with the same schedule as
// `triad sync --every` (the period with jitter after a success, back-off from 30 s after
// failures). Never runs two syncs at once. Offline-only stores (no hub saved) never sync.
// Lives on the UI thread; the worker's signals arrive queued.
#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>
#include <chrono>

#include "sync_problem.h"
#include "triad/core/store.h"
#include "triad/sync/schedule.h"

class QThread;
class QTimer;

namespace triad::desktop {

class SyncWorker;

class SyncController : public QObject {
  Q_OBJECT
 public:
  enum class State {
    kOfflineOnly,  // no hub saved: this laptop works alone
    kNotYet,       // a hub is saved but this run has not synced yet
    kSyncing,
    kSynced,
    kOffline,  // the last attempt failed (no network, hub down): retrying later
  };

  // `store` is the UI thread's store (to read settings and the last sync); `db_path` is opened
  // again by the worker.
  SyncController(core::Store& store, QString db_path, std::chrono::milliseconds period,
                 QObject* parent = nullptr);
  ~SyncController() override;

  // Starts a sync now unless one is running or no hub is saved (the settings are read again
  // first, so a hub saved by `triad config` meanwhile is used); false if it did not start.
  bool sync_now();
  // Reads the saved settings again (after the first-run dialog or a settings change).
  void reload_settings();

  State state() const { return state_; }
  QDateTime last_synced() const { return last_synced_; }
  // The last sync's words for the teacher: why it failed, or what it found and repaired.
  QString last_error() const { return last_error_; }
  qulonglong pushed() const { return pushed_; }
  qulonglong pulled() const { return pulled_; }
  qulonglong refused() const { return refused_; }
  // How far the running sync is, 0-100 (100 after a sync that ended well).
  int percent() const { return percent_; }
  // Why the last sync failed, in words (sync_problem.h); meaningful in State::kOffline.
  const client::SyncProblem& problem() const { return problem_; }
  // Milliseconds until the next background sync (-1 when none is planned).
  qint64 next_sync_in_ms() const;

 signals:
  void state_changed();
  // A sync finished and may have changed the store: views should read it again.
  void store_changed();

 private:
  void on_progress(qulonglong pushed, qulonglong pulled, int percent);
  void on_finished(bool ok, int code, QString message, qulonglong pushed, qulonglong pulled,
                   qulonglong refused);
  void set_state(State state);

  core::Store& store_;
  QThread* thread_;
  SyncWorker* worker_;
  QTimer* timer_;
  sync::SyncSchedule schedule_;
  bool configured_ = false;
  State state_ = State::kOfflineOnly;
  QDateTime last_synced_;
  QString last_error_;
  qulonglong pushed_ = 0, pulled_ = 0, refused_ = 0;
  int percent_ = 0;
  client::SyncProblem problem_;
};

}  // namespace triad::desktop
