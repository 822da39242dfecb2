#include "attention_panel.h"

#include <QDateTime>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include "qt_text.h"

namespace triad::desktop {

namespace {

QString when(uint64_t unix_ms) {
  return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(unix_ms)).toString("yyyy-MM-dd HH:mm");
}

QPlainTextEdit* text_box(const QString& text, bool read_only, QWidget* parent) {
  auto* box = new QPlainTextEdit(text, parent);
  box->setReadOnly(read_only);
  box->setMaximumHeight(90);
  box->setTabChangesFocus(true);
  return box;
}

}  // namespace

AttentionPanel::AttentionPanel(core::Store& store, QWidget* parent)
    : QWidget(parent), store_(store), summary_(new QLabel(this)) {
  auto* content = new QWidget;
  items_ = new QVBoxLayout(content);
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setWidget(content);
  summary_->setObjectName("attention_summary");
  summary_->setWordWrap(true);
  auto* column = new QVBoxLayout(this);
  column->setContentsMargins(0, 0, 0, 0);
  column->addWidget(summary_);
  column->addWidget(scroll, 1);
}

QWidget* AttentionPanel::refusal_box(const core::Refusal& refusal) {
  auto* box = new QGroupBox(
      tr("Refused by the hub: %1").arg(QString::fromStdString(store_.label(refusal.record))));
  box->setObjectName("refusal");
  auto* column = new QVBoxLayout(box);
  const QString what =
      refusal.discard
          ? tr("Your change will be dropped at the next sync, and the hub's version taken back.")
          : tr("It stays on this laptop and is offered again at each sync. Change it so the hub "
               "accepts it, "
               "or discard your change to take the hub's version back.");
  auto* reason = new QLabel(
      tr("%1 (at %2). %3").arg(QString::fromStdString(refusal.reason), when(refusal.at_ms), what),
      box);
  reason->setWordWrap(true);
  column->addWidget(reason);
  auto* buttons = new QHBoxLayout;
  auto* open = new QPushButton(tr("Open the record"), box);
  connect(open, &QPushButton::clicked, this,
          [this, id = refusal.record] { emit open_requested(id); });
  buttons->addWidget(open);
  if (!refusal.discard) {
    auto* discard = new QPushButton(tr("Discard my change"), box);
    discard->setObjectName("discard");
    connect(discard, &QPushButton::clicked, this, [this, id = refusal.record] {
      if (auto s = store_.discard_refused(id); !s.is_ok())
        summary_->setText(QString::fromStdString(s.message()));
      else
        refresh();
    });
    buttons->addWidget(discard);
  }
  buttons->addStretch(1);
  column->addLayout(buttons);
  return box;
}

QWidget* AttentionPanel::conflict_box(const core::Conflict& c, int index) {
  auto* box =
      new QGroupBox(tr("Two versions of “%1” in %2")
                        .arg(field_title(c.field), QString::fromStdString(store_.label(c.record))));
  box->setObjectName(QStringLiteral("conflict_%1").arg(index));
  auto* column = new QVBoxLayout(box);
  auto* intro = new QLabel(
      tr("Someone wrote this field on another device at the same time. Keep one version, "
         "or write the merged text below."),
      box);
  intro->setWordWrap(true);
  column->addWidget(intro);
  std::vector<core::FieldVersion> versions{c.current};
  versions.insert(versions.end(), c.overwritten.begin(), c.overwritten.end());
  for (size_t i = 0; i < versions.size(); ++i) {
    const QString value = QString::fromStdString(versions[i].value);
    column->addWidget(new QLabel(tr("Version written %1%2")
                                     .arg(when(core::hlc_millis(versions[i].stamp.hlc)),
                                          i == 0 ? tr(" (shown now)") : QString()),
                                 box));
    auto* row = new QHBoxLayout;
    row->addWidget(text_box(value, true, box), 1);
    auto* keep = new QPushButton(tr("Keep this"), box);
    keep->setObjectName(QStringLiteral("keep_%1").arg(i));
    connect(
        keep, &QPushButton::clicked, this,
        [this, id = c.record, field = c.field, v = versions[i].value] { resolve(id, field, v); });
    row->addWidget(keep, 0, Qt::AlignTop);
    column->addLayout(row);
  }
  QString merged = QString::fromStdString(c.current.value);
  for (const core::FieldVersion& v : c.overwritten)
    merged += QStringLiteral("\n\n") + QString::fromStdString(v.value);
  auto* edit = text_box(merged, false, box);
  edit->setObjectName("merged_text");
  auto* save = new QPushButton(tr("Save merged text"), box);
  save->setObjectName("save_merged");
  connect(save, &QPushButton::clicked, this, [this, id = c.record, field = c.field, edit] {
    resolve(id, field, edit->toPlainText().toStdString());
  });
  column->addWidget(new QLabel(tr("Merged text:"), box));
  column->addWidget(edit);
  column->addWidget(save, 0, Qt::AlignRight);
  return box;
}

int AttentionPanel::refresh() {
  while (QLayoutItem* item = items_->takeAt(0)) {
    if (item->widget()) item->widget()->deleteLater();
    delete item;
  }
  count_ = 0;
  if (auto status = store_.status()) {
    for (const core::Refusal& r : status->refusals) items_->addWidget(refusal_box(r)), ++count_;
  }
  if (auto conflicts = store_.conflicts()) {
    for (const core::Conflict& c : *conflicts) items_->addWidget(conflict_box(c, count_)), ++count_;
  }
  items_->addStretch(1);
  summary_->setText(
      count_ == 0 ? tr("Nothing needs your attention: no refused changes and no conflicting edits.")
      : count_ == 1 ? tr("1 item needs your attention.")
                    : tr("%1 items need your attention.").arg(count_));
  return count_;
}

bool AttentionPanel::resolve(const core::RecordId& id, const std::string& field,
                             const std::string& value) {
  if (core::Status st = store_.resolve_conflict(id, field, value); !st) {
    summary_->setText(QString::fromStdString(st.message()));
    return false;
  }
  refresh();
  emit resolved(id);
  return true;
}

}  // namespace triad::desktop
