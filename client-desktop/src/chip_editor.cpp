#include "chip_editor.h"

#include <QCompleter>
#include <QHBoxLayout>
#include <QLabel>
#include <QStringListModel>
#include <QToolButton>

#include "flow_layout.h"

namespace triad::desktop {

namespace {

QWidget* make_chip_widget(const Chip& chip, QWidget* parent) {
  auto* frame = new QFrame(parent);
  frame->setObjectName("chip");
  frame->setStyleSheet(
      "#chip { background: #e3ecf7; border: 1px solid #b5c8e0; border-radius: 10px; }");
  auto* row = new QHBoxLayout(frame);
  row->setContentsMargins(8, 1, 2, 1);
  row->setSpacing(2);
  row->addWidget(new QLabel(chip.label, frame));
  auto* remove = new QToolButton(frame);
  remove->setObjectName("remove");
  remove->setText(QStringLiteral("×"));
  remove->setAutoRaise(true);
  remove->setToolTip(QObject::tr("Remove %1").arg(chip.label));
  row->addWidget(remove);
  return frame;
}

}  // namespace

ChipEditor::ChipEditor(QWidget* parent)
    : QWidget(parent),
      flow_(new FlowLayout(this)),
      entry_(new QLineEdit(this)),
      completion_model_(new QStringListModel(this)) {
  entry_->setMinimumWidth(160);
  entry_->setPlaceholderText(tr("Add…"));
  auto* completer = new QCompleter(completion_model_, this);
  completer->setCaseSensitivity(Qt::CaseInsensitive);
  completer->setFilterMode(Qt::MatchContains);
  entry_->setCompleter(completer);
  connect(entry_, &QLineEdit::returnPressed, this, [this] { add_text(entry_->text()); });
  connect(entry_, &QLineEdit::textEdited, this, [this](const QString& text) {
    if (text.endsWith(',')) add_text(text);
  });
  connect(completer, qOverload<const QString&>(&QCompleter::activated), this,
          [this](const QString& text) { add_text(text); });
  flow_->addWidget(entry_);
}

void ChipEditor::set_candidates(const QList<Chip>& candidates) {
  candidates_ = candidates;
  QStringList labels;
  for (const Chip& c : candidates) labels << c.label;
  completion_model_->setStringList(labels);
}

void ChipEditor::set_chips(const QList<Chip>& chips) {
  chips_ = chips;
  rebuild();
}

Chip ChipEditor::chip_for(const QString& typed) const {
  for (const Chip& c : candidates_)
    if (c.label.compare(typed, Qt::CaseInsensitive) == 0) return c;
  return {typed, typed};
}

void ChipEditor::add_text(const QString& text) {
  bool added = false;
  for (const QString& part : text.split(',')) {
    const QString typed = part.trimmed();
    if (typed.isEmpty()) continue;
    const Chip chip = chip_for(typed);
    const bool present = std::any_of(chips_.begin(), chips_.end(),
                                     [&](const Chip& c) { return c.value == chip.value; });
    if (present) continue;
    chips_.append(chip);
    added = true;
  }
  // Deferred: the completer may still be delivering the text it just put in the line edit.
  QMetaObject::invokeMethod(entry_, &QLineEdit::clear, Qt::QueuedConnection);
  entry_->clear();
  if (!added) return;
  rebuild();
  emit changed();
}

void ChipEditor::remove_chip(int index) {
  if (index < 0 || index >= chips_.size()) return;
  chips_.removeAt(index);
  rebuild();
  emit changed();
}

void ChipEditor::rebuild() {
  while (flow_->count() > 1) {  // the entry stays last
    QLayoutItem* item = flow_->takeAt(0);
    item->widget()->hide();
    item->widget()->deleteLater();
    delete item;
  }
  flow_->removeWidget(entry_);
  for (int i = 0; i < chips_.size(); ++i) {
    QWidget* chip = make_chip_widget(chips_[i], this);
    connect(chip->findChild<QToolButton*>("remove"), &QToolButton::clicked, this,
            [this, value = chips_[i].value] {
              for (int k = 0; k < chips_.size(); ++k)
                if (chips_[k].value == value) return remove_chip(k);
            });
    flow_->addWidget(chip);
    chip->show();
  }
  flow_->addWidget(entry_);
  updateGeometry();
}

}  // namespace triad::desktop
