// One open store as a Qt Quick UI sees it: the record list (filtered by the search box and the
// type picked), the form of the record open, and the sync status, kept in step with each other
// (a save or a delete reloads the list; a sync reloads the list and the open record; the open
// record's Changes follow the form), and nothing typed is lost on the way. Owns the
// store and the sync controller. UI thread only.
#pragma once

#include <QObject>
#include <QStringList>
#include <QVariantList>
#include <chrono>
#include <memory>

#include "attention_model.h"
#include "change_history_model.h"
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
  Q_PROPERTY(QObject* history READ history CONSTANT)
  Q_PROPERTY(int filterCount READ filter_count NOTIFY recordsChanged)
  Q_PROPERTY(QString person READ person CONSTANT)
  Q_PROPERTY(QString school READ school CONSTANT)
  Q_PROPERTY(int recordCount READ record_count NOTIFY recordsChanged)
  // The record types the open record may be saved as a PDF of (none in a build without paper).
  Q_PROPERTY(QStringList paperTypes READ paper_types CONSTANT)
  // Where the open record's PDF went, or why it was not saved; "" when none was asked for.
  Q_PROPERTY(QString paperMessage READ paper_message NOTIFY paperMessageChanged)

 public:
  static constexpr std::chrono::minutes kDefaultSyncPeriod{5};

  AppSession(std::unique_ptr<core::Store> store, QString db_path,
             std::chrono::milliseconds sync_period = kDefaultSyncPeriod, QObject* parent = nullptr);
  ~AppSession() override;

  QObject* records() { return &filter_; }
  QObject* form() { return &form_; }
  QObject* sync_status() { return &status_; }
  QObject* attention() { return &attention_; }
  QObject* history() { return &history_; }
  int filter_count() const;
  QString person() const;
  QString school() const;
  int record_count() const { return filter_.rowCount(); }
  QStringList paper_types() const;
  QString paper_message() const { return paper_message_; }
  core::Store& store() { return *store_; }
  SyncController& sync_controller() { return sync_; }

  // The record types a teacher creates, as [{name, title}], observation first.
  Q_INVOKABLE QVariantList recordTypes() const;
  Q_INVOKABLE void setSearch(const QString& words);
  // "" for all teaching records, or a type name.
  Q_INVOKABLE void setTypeFilter(const QString& type);
  // "" for any; else the id of an enquiry, or of a person the record names.
  Q_INVOKABLE void setEnquiryFilter(const QString& id);
  Q_INVOKABLE void setPersonFilter(const QString& id);
  // Dates written YYYY-MM-DD; "" leaves that end open. False (nothing changed) when one is not a
  // date.
  Q_INVOKABLE bool setDateFilter(const QString& from, const QString& to);
  // The enquiries and the people to filter by, as [{id, label}], by name.
  Q_INVOKABLE QVariantList enquiries() const;
  Q_INVOKABLE QVariantList people() const;

  // Opening another record, starting a new one and closing the form keep what the teacher
  // typed: unsaved edits are saved on the way. When the store refuses them, the form stays,
  // with the reason beside the field, and these return false.
  Q_INVOKABLE bool openRecord(const QString& id);
  Q_INVOKABLE bool startRecord(const QString& type);
  Q_INVOKABLE bool startChild(const QString& type);
  Q_INVOKABLE bool closeForm();
  // Leaves a new record unsaved (its Discard button).
  Q_INVOKABLE void discardNew();
  // Saves the open record as a PDF in the Documents folder (record_paper.h), its unsaved edits
  // saved first so that the paper holds what the form shows; false, with the reason in
  // paperMessage (or beside the field the store refused), when it was not saved.
  Q_INVOKABLE bool saveAsPdf();

 signals:
  void recordsChanged();
  void paperMessageChanged();

 private:
  void reload();
  void reload_open_record();
  bool keep_edits();
  QVariantList records_of(const char* type) const;
  void set_paper_message(const QString& message, const QString& record_id);

  std::unique_ptr<core::Store> store_;
  RecordListModel list_;
  RecordFilter filter_;
  RecordFormModel form_;
  SyncController sync_;
  SyncStatus status_;
  AttentionModel attention_;
  ChangeHistoryModel history_;
  QString paper_message_;
  QString paper_record_;  // the record paper_message_ is about
};

}  // namespace triad::desktop
