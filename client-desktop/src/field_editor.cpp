#include "field_editor.h"

#include <QComboBox>
#include <QCompleter>
#include <QDate>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>
#include <set>

#include "field_text.h"
#include "qt_text.h"

namespace triad::desktop {

namespace {

using core::FieldEdit;
using core::ValueType;

std::string_view referenced_type(const core::FieldSpec& spec) {
  if (spec.type == ValueType::kPerson) return "person";
  if (spec.type == ValueType::kSchool) return "school";
  return spec.ref_type;
}

}  // namespace

FieldEditor::FieldEditor(core::Store& store, const core::TypeSpec& type,
                         const core::FieldSpec& spec, QWidget* parent)
    : QWidget(parent),
      store_(store),
      type_(type),
      spec_(spec),
      error_(new QLabel(this)),
      conflict_(new QLabel(this)) {
  auto* column = new QVBoxLayout(this);
  column->setContentsMargins(0, 0, 0, 0);
  column->setSpacing(2);
  QWidget* input = make_input();
  input->setObjectName(to_qt(spec.name));
  input->setToolTip(to_qt(spec.help));
  column->addWidget(input);
  error_->setObjectName(to_qt(spec.name) + "_error");
  error_->setWordWrap(true);
  error_->setStyleSheet("color: #b00020;");
  error_->hide();
  column->addWidget(error_);
  conflict_->setObjectName(to_qt(spec.name) + "_conflict");
  conflict_->setWordWrap(true);
  conflict_->setStyleSheet("color: #9a4a00;");
  conflict_->setText(
      tr("Also changed on another device at the same time: both versions are under "
         "Needs attention. Saving this field keeps what you see here."));
  conflict_->hide();
  column->addWidget(conflict_);
}

QWidget* FieldEditor::make_input() {
  if (spec_.kind == core::FieldKind::kSet) {
    chips_ = new ChipEditor(this);
    if (spec_.type == ValueType::kPupilCode)
      chips_->entry()->setPlaceholderText(tr("Add a pupil code, e.g. Y4-07"));
    else if (spec_.type == ValueType::kPerson)
      chips_->entry()->setPlaceholderText(tr("Add a person…"));
    connect(chips_, &ChipEditor::changed, this, &FieldEditor::edited);
    return chips_;
  }
  if (spec_.type == ValueType::kLongText) {
    text_ = new QPlainTextEdit(this);
    text_->setTabChangesFocus(true);
    text_->setMinimumHeight(56);
    text_->setMaximumHeight(96);
    text_->setPlaceholderText(to_qt(spec_.help));
    connect(text_, &QPlainTextEdit::textChanged, this, &FieldEditor::edited);
    return text_;
  }
  if (spec_.type == ValueType::kChoice || client::is_reference(&spec_)) {
    combo_ = new QComboBox(this);
    combo_->setEditable(spec_.type != ValueType::kChoice);
    if (combo_->isEditable()) {
      combo_->setInsertPolicy(QComboBox::NoInsert);
      combo_->completer()->setFilterMode(Qt::MatchContains);
      combo_->completer()->setCompletionMode(QCompleter::PopupCompletion);
      combo_->lineEdit()->setPlaceholderText(to_qt(spec_.help));
    }
    connect(combo_, &QComboBox::currentTextChanged, this, &FieldEditor::edited);
    return combo_;
  }
  line_ = new QLineEdit(this);
  line_->setPlaceholderText(spec_.type == ValueType::kDate ? tr("YYYY-MM-DD") : to_qt(spec_.help));
  connect(line_, &QLineEdit::textEdited, this, &FieldEditor::edited);
  return line_;
}

QWidget* FieldEditor::input() const {
  if (chips_) return chips_->entry();
  if (text_) return text_;
  if (combo_) return combo_;
  return line_;
}

void FieldEditor::refresh_candidates() {
  if (combo_) {
    const QString shown = combo_->currentText();
    const QSignalBlocker quiet(combo_);
    combo_->clear();
    combo_->addItem(QString(), QString());
    if (spec_.type == ValueType::kChoice) {
      for (std::string_view c : spec_.choices) combo_->addItem(to_qt(c), to_qt(c));
    } else if (auto records = store_.list(referenced_type(spec_))) {
      for (const core::RecordState& r : *records)
        combo_->addItem(to_qt(store_.label(r.header.id)), to_qt(r.header.id.to_string()));
    }
    combo_->setCurrentText(shown);
    return;
  }
  if (!chips_) return;
  QList<Chip> candidates;
  if (spec_.type == ValueType::kChoice) {
    for (std::string_view c : spec_.choices) candidates.append({to_qt(c), to_qt(c)});
  } else if (client::is_reference(&spec_)) {
    if (auto records = store_.list(referenced_type(spec_)))
      for (const core::RecordState& r : *records)
        candidates.append({to_qt(r.header.id.to_string()), to_qt(store_.label(r.header.id))});
  } else if (auto records = store_.list(type_.name)) {  // values already used in this field
    std::set<std::string> known;
    for (const core::RecordState& r : *records)
      if (const core::FieldState* f = r.field(std::string(spec_.name)))
        for (const std::string& e : f->elements()) known.insert(e);
    for (const std::string& e : known) candidates.append({to_qt(e), to_qt(e)});
  }
  chips_->set_candidates(candidates);
}

void FieldEditor::show_value(const std::string& stored) {
  loaded_ = stored;
  loaded_shown_ = to_qt(client::display_value(store_, &spec_, stored));
  if (line_) line_->setText(loaded_shown_);
  if (text_) text_->setPlainText(loaded_shown_);
  if (combo_) {
    const int index = combo_->findData(to_qt(stored));
    if (index >= 0)
      combo_->setCurrentIndex(index);
    else
      combo_->setCurrentText(loaded_shown_);
  }
}

void FieldEditor::load(const core::FieldState* state) {
  clear_error();
  conflict_->setVisible(state && state->has_conflict());
  refresh_candidates();
  if (!chips_) return show_value(state ? state->value() : std::string());
  loaded_chips_.clear();
  if (state)
    for (const std::string& e : state->elements())
      loaded_chips_.append({to_qt(e), to_qt(client::display_value(store_, &spec_, e))});
  chips_->set_chips(loaded_chips_);
}

void FieldEditor::load_default() {
  load(nullptr);
  if (line_ && spec_.type == ValueType::kDate)
    line_->setText(QDate::currentDate().toString(Qt::ISODate));
}

void FieldEditor::preset(const std::string& stored) {
  load(nullptr);
  show_value(stored);
  loaded_.clear();
  loaded_shown_.clear();
}

std::string FieldEditor::current_value() const {
  if (line_) return line_->text().trimmed().toStdString();
  if (text_) return text_->toPlainText().toStdString();
  if (!combo_->isEditable()) return combo_->currentData().toString().toStdString();
  const QString shown = combo_->currentText().trimmed();
  if (shown == loaded_shown_) return loaded_;
  const int index = combo_->findText(shown, Qt::MatchFixedString);
  // An exact pick from the list is its id; anything else is resolved by the store, by name.
  return index >= 0 ? combo_->itemData(index).toString().toStdString() : shown.toStdString();
}

core::FieldEdits FieldEditor::edits() const {
  const std::string field(spec_.name);
  if (!chips_) {
    const std::string now = current_value();
    if (now == loaded_) return {};
    return {{field, FieldEdit::Op::kAssign, now}};
  }
  core::FieldEdits out;
  const QList<Chip>& now = chips_->chips();
  for (const Chip& c : loaded_chips_)
    if (!now.contains(c)) out.push_back({field, FieldEdit::Op::kRemove, c.value.toStdString()});
  for (const Chip& c : now)
    if (!loaded_chips_.contains(c))
      out.push_back({field, FieldEdit::Op::kAdd, c.value.toStdString()});
  return out;
}

void FieldEditor::set_editable(bool editable) {
  if (line_) line_->setReadOnly(!editable);
  if (text_) text_->setReadOnly(!editable);
  if (combo_) combo_->setEnabled(editable);
  if (chips_) chips_->setEnabled(editable);
}

void FieldEditor::show_error(const QString& message) {
  error_->setText(message);
  error_->show();
}

void FieldEditor::clear_error() {
  error_->clear();
  error_->hide();
}

}  // namespace triad::desktop
