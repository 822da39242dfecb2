// The main window: the record list with its filters and the "Needs attention" panel on the left,
// the record's form and its Changes on the right, the sync status at the bottom; New (Ctrl+N),
// Save (Ctrl+S), Sync (F5 / Ctrl+R) and Search (Ctrl+F) from the keyboard. Owns the UI thread's
// store and the sync controller. UI thread only.
#pragma once

#include <QMainWindow>
#include <chrono>
#include <memory>

#include "triad/core/record_id.h"
#include "triad/core/store.h"

class QAction;
class QTabWidget;

namespace triad::desktop {

class AttentionPanel;
class ChangeHistory;
class RecordBrowser;
class RecordForm;
class SyncController;
class SyncStatusBar;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  static constexpr std::chrono::minutes kDefaultSyncPeriod{5};

  MainWindow(std::unique_ptr<core::Store> store, QString db_path,
             std::chrono::milliseconds sync_period = kDefaultSyncPeriod, QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens a record in the form (and its changes), selecting it in the list.
  void open_record(const core::RecordId& id);
  // Starts a new record of `type` ("observation", ...).
  void new_record(const QString& type);

  core::Store& store() { return *store_; }
  RecordBrowser* browser() const { return browser_; }
  RecordForm* form() const { return form_; }
  ChangeHistory* history() const { return history_; }
  AttentionPanel* attention() const { return attention_; }
  SyncStatusBar* sync_status() const { return status_; }
  SyncController* sync() const { return sync_; }
  QAction* sync_action() const { return sync_action_; }
  QAction* save_action() const { return save_action_; }
  QAction* new_action() const { return new_action_; }

 private:
  void closeEvent(QCloseEvent* event) override;
  void build_actions();
  // Saves what the teacher changed in the form before it shows something else (no "save
  // changes?" dialog); false when the store refused it: the form stays, the reason beside the
  // field.
  bool keep_unsaved_edits();
  void after_store_changed();
  void after_sync();

  std::unique_ptr<core::Store> store_;
  RecordBrowser* browser_;
  RecordForm* form_;
  ChangeHistory* history_;
  AttentionPanel* attention_;
  QTabWidget* left_tabs_;
  QTabWidget* right_tabs_;
  SyncController* sync_;
  SyncStatusBar* status_;
  QAction* new_action_ = nullptr;
  QAction* save_action_ = nullptr;
  QAction* sync_action_ = nullptr;
  bool discard_on_close_ = false;  // a second close after a refused save discards the edits
};

}  // namespace triad::desktop
