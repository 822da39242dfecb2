#include "sync_worker.h"

#include <chrono>

#include "hub_sync.h"
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
  auto fail = [this](const core::Status& status) {
    emit finished(false, static_cast<int>(status.code()), QString::fromStdString(status.message()),
                  0, 0, 0);
  };
  const std::string path = db_path_.toStdString();
  auto lock = sync::RunLock::try_acquire(path + ".sync-lock");
  if (!lock)
    return fail(core::Status(core::StatusCode::kBusy,
                             "another sync of this store is running; trying again later"));
  if (!store_) {
    auto opened = core::Store::open(path);
    if (!opened) return fail(opened.status());
    store_ = std::move(opened).value();
  }
  auto settings = client::load_sync_settings(*store_);
  if (!settings) return fail(settings.status());
  sync::ClientOptions options;
  options.token = settings->token;
  options.on_progress = [this](const sync::SyncReport& r) {
    emit progress(r.pushed, r.pulled, r.percent());
  };
  auto synced = client::sync_with_hubs(*store_, *settings, kHubTimeout, options);
  if (!synced) return fail(synced.status());
  // What the session found and repaired (a restored store, a restored hub, a wrong date), in
  // words, then the hub addresses that did not answer: the status bar shows the first line.
  std::vector<std::string> lines = client::session_notes(synced->report, store_->wall_ms());
  for (std::string& skipped : client::skipped_hub_lines(*synced))
    lines.push_back(std::move(skipped));
  QString notes;
  for (const std::string& line : lines)
    notes += (notes.isEmpty() ? "" : "\n") + QString::fromStdString(line);
  const sync::SyncReport& report = synced->report;
  emit finished(true, 0, notes, report.pushed, report.pulled, report.refused);
}

}  // namespace triad::desktop
