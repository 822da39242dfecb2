#include "sync_worker.h"

#include <chrono>

#include "session_notes.h"
#include "sync_settings.h"
#include "triad/sync/run_lock.h"
#include "triad/sync/transport.h"

namespace triad::desktop {

namespace {

constexpr std::chrono::seconds kHubTimeout{20};

}  // namespace

SyncWorker::SyncWorker(QString db_path, QObject* parent)
    : QObject(parent), db_path_(std::move(db_path)) {}

SyncWorker::~SyncWorker() = default;

void SyncWorker::run_sync() {
  auto fail = [this](const std::string& message) {
    emit finished(false, QString::fromStdString(message), 0, 0, 0);
  };
  const std::string path = db_path_.toStdString();
  auto lock = sync::RunLock::try_acquire(path + ".sync-lock");
  if (!lock) return fail("another sync of this store is running; trying again later");
  if (!store_) {
    auto opened = core::Store::open(path);
    if (!opened) return fail(opened.status().message());
    store_ = std::move(opened).value();
  }
  auto settings = client::load_sync_settings(*store_);
  if (!settings) return fail(settings.status().message());
  auto address = client::hub_address(*settings, kHubTimeout);
  if (!address) return fail(address.status().message());
  sync::ClientOptions options;
  options.token = settings->token;
  options.on_progress = [this](const sync::SyncReport& r) { emit progress(r.pushed, r.pulled); };
  auto report = sync::sync_with_hub(*store_, *address, options);
  if (!report) return fail(report.status().message());
  // What the session found and repaired (a restored store, a restored hub, a wrong date), in words.
  QString notes;
  for (const std::string& note : client::session_notes(*report, store_->wall_ms()))
    notes += (notes.isEmpty() ? "" : "\n") + QString::fromStdString(note);
  emit finished(true, notes, report->pushed, report->pulled, report->refused);
}

}  // namespace triad::desktop
