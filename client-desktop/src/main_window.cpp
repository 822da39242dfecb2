#include "main_window.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSplitter>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>

#include "attention_panel.h"
#include "change_history.h"
#include "qt_text.h"
#include "record_browser.h"
#include "record_form.h"
#include "sync_controller.h"
#include "sync_status_bar.h"

namespace triad::desktop {

MainWindow::MainWindow(std::unique_ptr<core::Store> store, QString db_path,
                       std::chrono::milliseconds sync_period, QWidget* parent)
    : QMainWindow(parent),
      store_(std::move(store)),
      browser_(new RecordBrowser(*store_)),
      form_(new RecordForm(*store_)),
      history_(new ChangeHistory(*store_)),
      attention_(new AttentionPanel(*store_)),
      left_tabs_(new QTabWidget),
      right_tabs_(new QTabWidget),
      sync_(new SyncController(*store_, std::move(db_path), sync_period, this)),
      status_(new SyncStatusBar(*store_, *sync_, this)) {
  const core::Identity& me = store_->identity();
  setWindowTitle(
      tr("Triad — %1, %2")
          .arg(QString::fromStdString(me.person_name), QString::fromStdString(me.school_name)));
  left_tabs_->addTab(browser_, tr("Records"));
  left_tabs_->addTab(attention_, tr("Needs attention"));
  right_tabs_->addTab(form_, tr("Record"));
  right_tabs_->addTab(history_, tr("Changes"));
  auto* splitter = new QSplitter(Qt::Horizontal, this);
  splitter->addWidget(left_tabs_);
  splitter->addWidget(right_tabs_);
  splitter->setStretchFactor(0, 5);
  splitter->setStretchFactor(1, 6);
  splitter->setChildrenCollapsible(false);
  left_tabs_->setMinimumWidth(360);
  right_tabs_->setMinimumWidth(420);
  setCentralWidget(splitter);
  setStatusBar(status_);
  build_actions();

  connect(browser_, &RecordBrowser::record_chosen, this, &MainWindow::open_record);
  connect(form_, &RecordForm::open_requested, this, &MainWindow::open_record);
  connect(attention_, &AttentionPanel::open_requested, this, &MainWindow::open_record);
  connect(form_, &RecordForm::new_child_requested, this,
          [this](const QString& type, const core::RecordId& parent) {
            const core::TypeSpec* t = core::find_type(type.toStdString());
            if (t && keep_unsaved_edits()) form_->start_new(*t, parent);
            right_tabs_->setCurrentWidget(form_);
          });
  connect(form_, &RecordForm::saved, this, [this](const core::RecordId& id) {
    after_store_changed();
    browser_->select(id);
    history_->show_record(id);
  });
  connect(form_, &RecordForm::deleted, this, [this] {
    after_store_changed();
    history_->clear();
  });
  connect(attention_, &AttentionPanel::resolved, this, [this](const core::RecordId& id) {
    after_store_changed();
    if (form_->record() == id) open_record(id);
  });
  connect(status_, &SyncStatusBar::attention_requested, this,
          [this] { left_tabs_->setCurrentWidget(attention_); });
  connect(sync_, &SyncController::store_changed, this, &MainWindow::after_sync);
  connect(sync_, &SyncController::state_changed, this,
          [this] { sync_action_->setEnabled(sync_->state() != SyncController::State::kSyncing); });

  after_store_changed();
  resize(1280, 800);
}

MainWindow::~MainWindow() {
  delete sync_;  // stops the sync thread before the store the views read goes away
}

void MainWindow::build_actions() {
  auto* bar = addToolBar(tr("Main"));
  bar->setObjectName("main_toolbar");
  bar->setMovable(false);
  bar->setToolButtonStyle(Qt::ToolButtonTextOnly);

  auto* new_menu = new QMenu(this);
  for (const core::TypeSpec& t : core::record_types())
    new_menu->addAction(to_qt(t.title), this, [this, name = to_qt(t.name)] { new_record(name); });
  new_action_ = new QAction(tr("New"), this);
  new_action_->setShortcut(QKeySequence::New);
  new_action_->setToolTip(tr("New record (Ctrl+N): of the type listed, else an observation"));
  new_action_->setMenu(new_menu);
  connect(new_action_, &QAction::triggered, this, [this] {
    const QString listed = browser_->type_box()->currentData().toString();
    const bool roster_or_all = listed.isEmpty() || listed == QStringLiteral("*");
    new_record(roster_or_all
                   ? (form_->type() ? to_qt(form_->type()->name) : QStringLiteral("observation"))
                   : listed);
  });
  bar->addAction(new_action_);
  static_cast<QToolButton*>(bar->widgetForAction(new_action_))
      ->setPopupMode(QToolButton::MenuButtonPopup);

  save_action_ = bar->addAction(tr("Save"), form_, [this] { form_->save(); });
  save_action_->setShortcut(QKeySequence::Save);
  save_action_->setToolTip(tr("Save the record (Ctrl+S)"));

  sync_action_ = bar->addAction(tr("Sync"), this, [this] { sync_->sync_now(); });
  sync_action_->setShortcuts({QKeySequence(Qt::Key_F5), QKeySequence(Qt::CTRL | Qt::Key_R)});
  sync_action_->setToolTip(tr("Send your changes to the hub and receive the alliance's (F5)"));

  auto* find = new QAction(tr("Search"), this);
  find->setShortcut(QKeySequence::Find);
  connect(find, &QAction::triggered, this, [this] {
    left_tabs_->setCurrentWidget(browser_);
    browser_->search_box()->setFocus();
    browser_->search_box()->selectAll();
  });
  addAction(find);
}

bool MainWindow::keep_unsaved_edits() { return !form_->has_unsaved_edits() || form_->save(); }

void MainWindow::closeEvent(QCloseEvent* event) {
  if (discard_on_close_ || keep_unsaved_edits()) return QMainWindow::closeEvent(event);
  discard_on_close_ = true;
  form_->message_label()->setText(form_->message_label()->text() +
                                  tr(" Fix it and save, or close again to leave without saving."));
  event->ignore();
}

void MainWindow::open_record(const core::RecordId& id) {
  if (form_->record() != id && !keep_unsaved_edits()) {
    if (auto shown = form_->record()) browser_->select(*shown);
    return;
  }
  if (form_->load(id)) {
    history_->show_record(id);
    browser_->select(id);
  }
  right_tabs_->setCurrentWidget(form_);
}

void MainWindow::new_record(const QString& type) {
  const core::TypeSpec* t = core::find_type(type.toStdString());
  if (!t || !keep_unsaved_edits()) return;
  form_->start_new(*t);
  history_->clear();
  right_tabs_->setCurrentWidget(form_);
}

void MainWindow::after_store_changed() {
  browser_->reload();
  const int attention = attention_->refresh();
  left_tabs_->setTabText(
      left_tabs_->indexOf(attention_),
      attention ? tr("Needs attention (%1)").arg(attention) : tr("Needs attention"));
  status_->refresh();
}

void MainWindow::after_sync() {
  after_store_changed();
  if (auto id = form_->record(); id && !form_->has_unsaved_edits()) {
    if (form_->load(*id)) history_->show_record(*id);
  }
}

}  // namespace triad::desktop
