#include "sync_controller.h"

#include <QThread>
#include <QTimer>
#include <random>

#include "sync_settings.h"
#include "sync_worker.h"
#include "triad/sync/session.h"

namespace triad::desktop {

namespace {

constexpr std::chrono::seconds kFirstRetry{30};

}  // namespace

SyncController::SyncController(core::Store& store, QString db_path,
                               std::chrono::milliseconds period, QObject* parent)
    : QObject(parent),
      store_(store),
      thread_(new QThread(this)),
      worker_(new SyncWorker(std::move(db_path))),
      timer_(new QTimer(this)),
      schedule_(period, kFirstRetry, std::random_device{}()) {
  worker_->moveToThread(thread_);
  connect(thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(worker_, &SyncWorker::progress, this, &SyncController::on_progress);
  connect(worker_, &SyncWorker::finished, this, &SyncController::on_finished);
  thread_->setObjectName("triad-sync");
  thread_->start();
  timer_->setSingleShot(true);
  connect(timer_, &QTimer::timeout, this, [this] { sync_now(); });
  reload_settings();
}

SyncController::~SyncController() {
  thread_->quit();  // a sync in progress finishes first (it is bounded by the hub timeout)
  thread_->wait();
}

void SyncController::reload_settings() {
  auto settings = client::load_sync_settings(store_);
  configured_ = settings && settings->configured();
  if (auto status = store_.status(); status)
    for (const core::PeerState& p : status->peers)  // the hub's, not a store merged as a file
      if (sync::is_hub_peer(p) && p.last_sync_ms > 0 &&
          (!last_synced_.isValid() ||
           static_cast<qint64>(p.last_sync_ms) > last_synced_.toMSecsSinceEpoch()))
        last_synced_ = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(p.last_sync_ms));
  if (state_ == State::kSyncing) return;
  set_state(!configured_             ? State::kOfflineOnly
            : last_synced_.isValid() ? State::kSynced
                                     : State::kNotYet);
  if (configured_ && !timer_->isActive())
    timer_->start(std::chrono::seconds(2));  // soon after opening
}

bool SyncController::sync_now() {
  if (!configured_) reload_settings();  // a hub saved since (`triad config hub ...`) is used
  if (!configured_ || state_ == State::kSyncing) return false;
  timer_->stop();
  pushed_ = pulled_ = refused_ = 0;
  percent_ = 0;
  set_state(State::kSyncing);
  QMetaObject::invokeMethod(worker_, &SyncWorker::run_sync, Qt::QueuedConnection);
  return true;
}

void SyncController::on_progress(qulonglong pushed, qulonglong pulled, int percent) {
  pushed_ = pushed;
  pulled_ = pulled;
  percent_ = percent;
  emit state_changed();
}

void SyncController::on_finished(bool ok, int code, QString message, qulonglong pushed,
                                 qulonglong pulled, qulonglong refused) {
  pushed_ = pushed;
  pulled_ = pulled;
  refused_ = refused;
  last_error_ = message;
  if (ok) percent_ = 100;
  problem_ = ok ? client::SyncProblem{}
                : client::describe_sync_failure(
                      core::Status(static_cast<core::StatusCode>(code), message.toStdString()));
  if (ok) last_synced_ = QDateTime::currentDateTime();
  timer_->start(schedule_.next_delay(ok));
  set_state(ok ? State::kSynced : State::kOffline);
  emit store_changed();
}

void SyncController::set_state(State state) {
  state_ = state;
  emit state_changed();
}

qint64 SyncController::next_sync_in_ms() const {
  return timer_->isActive() ? timer_->remainingTime() : -1;
}

}  // namespace triad::desktop
