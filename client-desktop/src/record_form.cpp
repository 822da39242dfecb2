#include "record_form.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QTime>
#include <QTimer>
#include <QVBoxLayout>

#include "field_editor.h"
#include "field_refusal.h"
#include "field_text.h"
#include "qt_text.h"

namespace triad::desktop {

RecordForm::RecordForm(core::Store& store, QWidget* parent)
    : QWidget(parent),
      store_(store),
      title_(new QLabel(this)),
      scope_(new QComboBox(this)),
      scroll_(new QScrollArea(this)),
      entries_box_(new QWidget(this)),
      entries_(new QListWidget(entries_box_)),
      entry_buttons_(new QWidget(entries_box_)),
      message_(new QLabel(this)),
      save_(new QPushButton(tr("Save"), this)),
      delete_(new QPushButton(tr("Delete"), this)),
      disarm_delete_(new QTimer(this)) {
  title_->setObjectName("form_title");
  QFont big = title_->font();
  big.setPointSizeF(big.pointSizeF() * 1.3);
  big.setBold(true);
  title_->setFont(big);
  scope_->setObjectName("scope");
  scope_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  scope_->setToolTip(tr("Who may see this record. A scope can be widened later, never narrowed."));
  scroll_->setWidgetResizable(true);
  scroll_->setFrameShape(QFrame::NoFrame);
  message_->setObjectName("form_message");
  message_->setWordWrap(true);
  save_->setObjectName("save");
  save_->setDefault(true);
  delete_->setObjectName("delete");
  disarm_delete_->setSingleShot(true);
  disarm_delete_->setInterval(4000);
  connect(disarm_delete_, &QTimer::timeout, this, [this] { delete_->setText(tr("Delete")); });
  connect(save_, &QPushButton::clicked, this, [this] { save(); });
  connect(scope_, &QComboBox::currentIndexChanged, this,
          [this] { touched_ = touched_ || !loading_; });
  connect(delete_, &QPushButton::clicked, this, [this] {
    if (disarm_delete_->isActive())
      delete_record();
    else
      arm_delete();
  });

  auto* entries_column = new QVBoxLayout(entries_box_);
  entries_column->setContentsMargins(0, 0, 0, 0);
  entries_column->addWidget(new QLabel(tr("<b>Entries</b>"), entries_box_));
  entries_->setMaximumHeight(120);
  entries_column->addWidget(entries_);
  entries_column->addWidget(entry_buttons_);
  new QHBoxLayout(entry_buttons_);
  entry_buttons_->layout()->setContentsMargins(0, 0, 0, 0);
  connect(entries_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
    if (auto id = core::RecordId::parse(item->data(Qt::UserRole).toString().toStdString()))
      emit open_requested(*id);
  });

  auto* head = new QHBoxLayout;
  head->addWidget(title_, 1);
  head->addWidget(new QLabel(tr("Shared with:"), this));
  head->addWidget(scope_);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(message_, 1);
  buttons->addWidget(delete_);
  buttons->addWidget(save_);
  auto* column = new QVBoxLayout(this);
  column->addLayout(head);
  column->addWidget(scroll_, 1);
  column->addWidget(entries_box_);
  column->addLayout(buttons);
  entries_box_->hide();
  setEnabled(false);
}

void RecordForm::build_fields(const core::TypeSpec& type) {
  type_ = &type;
  editors_.clear();
  fields_box_ = new QWidget;
  auto* form = new QFormLayout;
  auto* column = new QVBoxLayout(fields_box_);
  column->addLayout(form);
  column->addStretch(1);  // short forms keep their rows together at the top
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->setRowWrapPolicy(QFormLayout::DontWrapRows);
  for (const core::FieldSpec& spec : type.fields) {
    auto* editor = new FieldEditor(store_, type, spec, fields_box_);
    editors_.emplace(std::string(spec.name), editor);
    connect(editor, &FieldEditor::edited, this, [this] { touched_ = touched_ || !loading_; });
    auto* label = new QLabel(field_title(spec.name) + (spec.required ? " *" : ""), fields_box_);
    label->setToolTip(to_qt(spec.help));
    label->setBuddy(editor->input());
    form->addRow(label, editor);
  }
  scroll_->setWidget(fields_box_);  // deletes the previous type's fields
  setEnabled(true);
}

void RecordForm::fill_scopes(std::optional<core::Scope> current) {
  scope_->clear();
  const bool child = !type_->parent_field.empty();
  if (!current)
    scope_->addItem(child ? tr("as its %1").arg(field_title(type_->parent_field).toLower())
                          : tr("%1 (default)").arg(core::to_string(type_->default_scope)),
                    QString());
  for (core::Scope s : {core::Scope::kPrivate, core::Scope::kParticipants, core::Scope::kSchool,
                        core::Scope::kAlliance}) {
    if (current && s < *current) continue;  // narrowing is refused: not offered
    scope_->addItem(core::to_string(s), QString(core::to_string(s)));
  }
  scope_->setCurrentIndex(0);
  loaded_scope_ = current;
}

void RecordForm::start_new(const core::TypeSpec& type, const core::RecordId& parent) {
  loading_ = true;
  touched_ = false;
  record_.reset();
  build_fields(type);
  for (auto& [name, editor] : editors_) editor->load_default();
  if (!parent.is_nil() && !type.parent_field.empty())
    editors_.at(std::string(type.parent_field))->preset(parent.to_string());
  fill_scopes(std::nullopt);
  title_->setText(tr("New %1").arg(to_qt(type.title).toLower()));
  loading_ = false;
  delete_->setEnabled(false);
  entries_box_->hide();
  clear_messages();
  if (!type.fields.empty()) editors_.at(std::string(type.fields.front().name))->input()->setFocus();
}

bool RecordForm::load(const core::RecordId& id) {
  auto got = store_.get(id);
  const core::TypeSpec* type =
      got && got->has_value() ? core::find_type((*got)->header.type) : nullptr;
  if (!type || (*got)->is_deleted()) {
    record_.reset();
    type_ = nullptr;  // nothing left to save: Ctrl+S must not make a new record from these fields
    touched_ = false;
    setEnabled(false);
    title_->setText(!got || !got->has_value() || (*got)->is_deleted()
                        ? tr("This record was deleted.")
                        : tr("A record type this version of Triad does not know: it is kept and "
                             "passed on unchanged."));
    return false;
  }
  const core::RecordState& r = **got;
  loading_ = true;
  touched_ = false;
  if (type != type_ || !record_) build_fields(*type);
  record_ = id;
  for (auto& [name, editor] : editors_) {
    editor->load(r.field(name));
    editor->set_editable(name != type->parent_field);
  }
  fill_scopes(r.scope);
  loading_ = false;
  const std::string label = store_.label(id);
  title_->setText(label.empty()
                      ? to_qt(type->title)
                      : to_qt(type->title) + QStringLiteral(" — ") + QString::fromStdString(label));
  delete_->setEnabled(true);
  delete_->setText(tr("Delete"));
  disarm_delete_->stop();
  clear_messages();
  fill_entries();
  return true;
}

void RecordForm::fill_entries() {
  entries_->clear();
  QLayout* row = entry_buttons_->layout();
  while (QLayoutItem* item = row->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  bool parent_type = false;
  for (const core::TypeSpec& child : core::record_types()) {
    if (child.parent_field.empty() || child.field(child.parent_field)->ref_type != type_->name)
      continue;
    parent_type = true;
    auto* add = new QPushButton(tr("Add %1").arg(to_qt(child.title).toLower()), entry_buttons_);
    add->setObjectName(QStringLiteral("add_") + to_qt(child.name));
    connect(add, &QPushButton::clicked, this,
            [this, name = to_qt(child.name)] { emit new_child_requested(name, *record_); });
    row->addWidget(add);
  }
  static_cast<QHBoxLayout*>(row)->addStretch();
  entries_box_->setVisible(parent_type);
  if (!parent_type) return;
  if (auto kids = store_.children(*record_)) {
    for (const core::RecordState& k : *kids) {
      const core::TypeSpec* t = core::find_type(k.header.type);
      QString line = t ? to_qt(t->title) : to_qt(k.header.type);
      for (const char* f : {"date", "number"})
        if (const core::FieldState* s = k.field(f))
          line += QStringLiteral("  ") + QString::fromStdString(s->value());
      const std::string label = store_.label(k.header.id);
      if (!label.empty()) line += QStringLiteral(" — ") + QString::fromStdString(label);
      auto* item = new QListWidgetItem(line, entries_);
      item->setData(Qt::UserRole, QString::fromStdString(k.header.id.to_string()));
    }
  }
}

FieldEditor* RecordForm::editor(std::string_view field) const {
  auto it = editors_.find(field);
  return it == editors_.end() ? nullptr : it->second;
}

core::FieldEdits RecordForm::collect_edits() const {
  core::FieldEdits edits;
  for (const core::FieldSpec& spec : type_->fields) {
    if (record_ && spec.name == type_->parent_field) continue;
    for (core::FieldEdit& e : editors_.at(std::string(spec.name))->edits())
      edits.push_back(std::move(e));
  }
  const QString scope = scope_->currentData().toString();
  if (!scope.isEmpty() && (!loaded_scope_ || scope != core::to_string(*loaded_scope_)))
    edits.push_back({"scope", core::FieldEdit::Op::kAssign, scope.toStdString()});
  return edits;
}

bool RecordForm::save() {
  if (!type_ || !isEnabled()) return false;
  clear_messages();
  const core::FieldEdits edits = collect_edits();
  if (record_) {
    if (edits.empty()) {
      message_->setText(tr("Nothing to save: no field was changed."));
      return true;
    }
    if (core::Status st = store_.update_record(*record_, edits); !st)
      return show_refusal(st), false;
    load(*record_);
    message_->setText(tr("Saved at %1").arg(QTime::currentTime().toString("HH:mm")));
    emit saved(*record_, false);
    return true;
  }
  auto created = store_.create_record(type_->name, edits);
  if (!created) return show_refusal(created.status()), false;
  load(*created);
  message_->setText(tr("Saved at %1").arg(QTime::currentTime().toString("HH:mm")));
  emit saved(*created, true);
  return true;
}

bool RecordForm::delete_record() {
  if (!record_) return false;
  const core::RecordId id = *record_;
  if (core::Status st = store_.delete_record(id); !st) return show_refusal(st), false;
  record_.reset();
  type_ = nullptr;
  touched_ = false;
  scroll_->setWidget(new QWidget);
  editors_.clear();
  title_->setText(tr("Deleted. It will be deleted on every device it reaches at the next sync."));
  entries_box_->hide();
  setEnabled(false);
  emit deleted(id);
  return true;
}

void RecordForm::arm_delete() {
  delete_->setText(tr("Click again to delete"));
  disarm_delete_->start();
}

void RecordForm::show_refusal(const core::Status& status) {
  const FieldRefusal refusal = field_refusal(*type_, status);
  const std::string& field = refusal.field;
  if (field.empty()) {
    message_->setStyleSheet("color: #b00020;");
    message_->setText(QString::fromStdString(status.message()));
    return;
  }
  FieldEditor* editor = editors_.at(field);
  editor->show_error(refusal.missing ? tr("Required: %1.").arg(to_qt(editor->spec().help))
                                     : to_qt(refusal.beside));
  editor->input()->setFocus();
  scroll_->ensureWidgetVisible(editor);
  message_->setStyleSheet("color: #b00020;");
  message_->setText(tr("Not saved: see %1.").arg(field_title(field).toLower()));
}

void RecordForm::clear_messages() {
  message_->setStyleSheet(QString());
  message_->clear();
  for (auto& [name, editor] : editors_) editor->clear_error();
}

}  // namespace triad::desktop
