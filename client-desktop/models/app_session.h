// One open store as a Qt Quick UI sees it: the record list (filtered by the search box and the
// type picked), the form of the record open, and the sync status, kept in step with each other
// (a save or a delete reloads the list; a sync reloads the list and the open record). Owns the
// store and the sync controller. UI thread only.
#pragma once

#include <QObject>
#include <QVariantList>
#include <chrono>
#include <memory>

#include "attention_model.h"
#include "record_filter.h"
#include "record_form_model.h"
#include "record_list_model.h"
#include "sync_controller.h"
#include "sync_status.h"

namespace triad::desktop {

class AppSession : public QObject {
  Q_OBJECT
  Q_PROPERTY(QObject* records READ records CONSTANT)
  Q_PROPERTY(QObject* form READ form CONSTANT)
  Q_PROPERTY(QObject* sync READ sync_status CONSTANT)
  Q_PROPERTY(QObject* attention READ attention CONSTANT)
  Q_PROPERTY(QString person READ person CONSTANT)
  Q_PROPERTY(QString school READ school CONSTANT)
  Q_PROPERTY(int recordCount READ record_count NOTIFY recordsChanged)

 public:
  static constexpr std::chrono::minutes kDefaultSyncPeriod{5};

  AppSession(std::unique_ptr<core::Store> store, QString db_path,
             std::chrono::milliseconds sync_period = kDefaultSyncPeriod, QObject* parent = nullptr);
  ~AppSession() override;

  QObject* records() { return &filter_; }
  QObject* form() { return &form_; }
  QObject* sync_status() { return &status_; }
  QObject* attention() { return &attention_; }
  QString person() const;
  QString school() const;
  int record_count() const { return filter_.rowCount(); }
  core::Store& store() { return *store_; }
  SyncController& sync_controller() { return sync_; }

  // The record types a teacher creates, as [{name, title}], observation first.
  Q_INVOKABLE QVariantList recordTypes() const;
  Q_INVOKABLE void setSearch(const QString& words);
  // "" for all teaching records, or a type name.
  Q_INVOKABLE void setTypeFilter(const QString& type);

 signals:
  void recordsChanged();

 private:
  void reload();

  std::unique_ptr<core::Store> store_;
  RecordListModel list_;
  RecordFilter filter_;
  RecordFormModel form_;
  SyncController sync_;
  SyncStatus status_;
  AttentionModel attention_;
};

}  // namespace triad::desktop
