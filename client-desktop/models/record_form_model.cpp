#include "record_form_model.h"

#include <QDate>
#include <QTime>
#include <QVariantMap>
#include <algorithm>
#include <set>

#include "audience.h"
#include "field_refusal.h"
#include "field_text.h"
#include "qt_text.h"
#include "record_list_model.h"

namespace triad::desktop {

namespace {

using core::ValueType;

QString editor_of(const core::FieldSpec& spec) {
  if (spec.kind == core::FieldKind::kSet) return QStringLiteral("chips");
  switch (spec.type) {
    case ValueType::kLongText:
      return QStringLiteral("long");
    case ValueType::kDate:
      return QStringLiteral("date");
    case ValueType::kChoice:
      return QStringLiteral("choice");
    case ValueType::kPerson:
    case ValueType::kSchool:
    case ValueType::kRecord:
      return QStringLiteral("reference");
    case ValueType::kNumber:
      return QStringLiteral("number");
    default:
      return QStringLiteral("line");
  }
}

std::string_view referenced_type(const core::FieldSpec& spec) {
  if (spec.type == ValueType::kPerson) return "person";
  if (spec.type == ValueType::kSchool) return "school";
  return spec.ref_type;
}

// A person's devices (their site ids) are written by the store itself (core's Store::create and
// sessions), never typed, so no form shows them.
bool typed_by_people(const core::TypeSpec& type, const core::FieldSpec& spec) {
  return !(type.name == "person" && spec.name == "devices");
}

constexpr core::Scope kScopes[] = {core::Scope::kPrivate, core::Scope::kParticipants,
                                   core::Scope::kSchool, core::Scope::kAlliance};

}  // namespace

RecordFormModel::RecordFormModel(core::Store& store, QObject* parent)
    : QAbstractListModel(parent), store_(store) {}

QString RecordFormModel::record_id() const {
  return record_ ? to_qt(record_->to_string()) : QString();
}

QString RecordFormModel::type() const { return type_ ? to_qt(type_->name) : QString(); }

QString RecordFormModel::title() const {
  if (!type_) return {};
  return record_ ? to_qt(type_->title) : tr("New %1").arg(to_qt(type_->title).toLower());
}

QStringList RecordFormModel::audiences() const {
  QStringList out;
  if (is_new_child()) {
    // Its parent's audience, or a wider one: the store never shares a child more narrowly.
    out << tr("As its %1").arg(field_title(type_->parent_field).toLower());
    for (core::Scope s : kScopes)
      if (s > parent_scope_) out << audience_words(s);
    return out;
  }
  for (core::Scope s : kScopes)
    if (!record_ || s >= loaded_scope_) out << audience_words(s);
  return out;
}

void RecordFormModel::set_audience(int index) {
  if (index == audience_ || index < 0 || index >= audiences().size()) return;
  audience_ = index;
  emit audienceChanged();
}

std::optional<core::Scope> RecordFormModel::chosen_scope() const {
  if (!type_) return std::nullopt;
  if (is_new_child())  // the first choice is its parent's audience, which the store applies
    return audience_ == 0 ? std::nullopt
                          : std::optional(kScopes[static_cast<int>(parent_scope_) + audience_]);
  const int first = record_ ? static_cast<int>(loaded_scope_) : 0;
  return static_cast<core::Scope>(first + audience_);
}

int RecordFormModel::initial_audience() const {
  return record_ || is_new_child() ? 0 : static_cast<int>(type_->default_scope);
}

void RecordFormModel::newRecord(const QString& type, const QString& parent_id) {
  const core::TypeSpec* spec = core::find_type(type.toStdString());
  if (!spec) return set_message(tr("There is no record type called %1.").arg(type));
  core::RecordId parent;
  if (!spec->parent_field.empty()) {
    auto id = core::RecordId::parse(parent_id.toStdString());
    std::optional<core::RecordState> parent_record;
    if (id)
      if (auto got = store_.get(*id); got && got->has_value()) parent_record = std::move(**got);
    if (!parent_record || parent_record->is_deleted())
      return set_message(tr("A %1 is added from the form of the record it belongs to.")
                             .arg(to_qt(spec->title).toLower()));
    parent = *id;
    parent_scope_ = parent_record->scope;
  }
  record_.reset();
  parent_ = parent;
  loaded_scope_ = spec->default_scope;
  build(*spec, nullptr);
  audience_ = initial_audience();
  set_message({});
  emit loaded();
  emit audienceChanged();
}

void RecordFormModel::newChild(const QString& type) {
  if (!record_) return;
  newRecord(type, to_qt(record_->to_string()));
}

bool RecordFormModel::hasUnsavedEdits() const {
  if (!type_) return false;
  if (audience_ != initial_audience()) return true;
  return std::any_of(fields_.begin(), fields_.end(), [](const Field& f) {
    return f.value != f.initial || f.values != f.loaded_values;
  });
}

QVariantList RecordFormModel::child_types() const {
  QVariantList out;
  if (!record_) return out;
  for (const core::TypeSpec& child : core::record_types())
    if (!child.parent_field.empty() && child.field(child.parent_field)->ref_type == type_->name)
      out.append(QVariantMap{{"name", to_qt(child.name)}, {"title", to_qt(child.title)}});
  return out;
}

QVariantList RecordFormModel::children() const {
  QVariantList out;
  if (!record_) return out;
  auto kids = store_.children(*record_);
  if (!kids) return out;
  const bool several_types = child_types().size() > 1;
  for (const core::RecordState& k : *kids) {
    // "2026-11-17 · Tried five seconds of wait time: fewer hands, …": its date, its name when
    // that is not the date, else the start of its first long text.
    const core::TypeSpec* t = core::find_type(k.header.type);
    QStringList parts;
    if (several_types || !t) parts << (t ? to_qt(t->title) : to_qt(k.header.type));
    const core::FieldState* date = k.field("date");
    if (date && !date->value().empty()) parts << to_qt(date->value());
    const QString label = to_qt(store_.label(k.header.id));
    if (!label.isEmpty() && !parts.contains(label)) {
      parts << label;
    } else if (const QString words = t ? opening_words(*t, k) : QString(); !words.isEmpty()) {
      parts << words;
    }
    out.append(QVariantMap{{"id", to_qt(k.header.id.to_string())},
                           {"text", parts.join(QStringLiteral(" · "))}});
  }
  return out;
}

bool RecordFormModel::load(const QString& id) {
  const auto parsed = core::RecordId::parse(id.toStdString());
  if (!parsed) return false;
  auto found = store_.get(*parsed);
  if (!found || !found->has_value() || (*found)->is_deleted()) return false;
  const core::RecordState& record = **found;
  const core::TypeSpec* spec = core::find_type(record.header.type);
  if (!spec) return false;
  record_ = *parsed;
  parent_ = core::RecordId();
  loaded_scope_ = record.scope;
  build(*spec, &record);
  audience_ = 0;
  set_message({});
  emit loaded();
  emit audienceChanged();
  return true;
}

void RecordFormModel::close() {
  beginResetModel();
  type_ = nullptr;
  record_.reset();
  parent_ = core::RecordId();
  fields_.clear();
  endResetModel();
  emit loaded();
}

void RecordFormModel::build(const core::TypeSpec& type, const core::RecordState* record) {
  beginResetModel();
  type_ = &type;
  fields_.clear();
  // Required fields first (an observation starts with whose lesson it was), then the schema's
  // order.
  std::vector<const core::FieldSpec*> order;
  for (const core::FieldSpec& spec : type.fields)
    if (spec.required) order.push_back(&spec);
  for (const core::FieldSpec& spec : type.fields)
    if (!spec.required && typed_by_people(type, spec)) order.push_back(&spec);
  for (const core::FieldSpec* ordered : order) {
    const core::FieldSpec& spec = *ordered;
    Field f;
    f.spec = &spec;
    f.editor = editor_of(spec);
    const core::FieldState* state = record ? record->field(std::string(spec.name)) : nullptr;
    if (state && spec.kind == core::FieldKind::kSet) {
      f.loaded_elements = state->elements();
      for (const std::string& e : f.loaded_elements)
        f.loaded_values << to_qt(client::display_value(store_, &spec, e));
    } else if (state) {
      f.loaded_stored = state->value();
      f.loaded = to_qt(client::display_value(store_, &spec, f.loaded_stored));
      if (state->has_conflict())
        f.conflict =
            tr("Changed at the same time on another device: keep one version in Needs "
               "attention, or write the merged text here.");
    }
    if (!record && spec.name == type.parent_field) {  // a new child record's parent
      f.loaded_stored = parent_.to_string();
      f.loaded = to_qt(client::display_value(store_, &spec, f.loaded_stored));
    }
    f.value = f.loaded;
    f.values = f.loaded_values;
    if (!record && spec.type == ValueType::kDate)
      f.value = QDate::currentDate().toString(Qt::ISODate);
    f.initial = f.value;
    fields_.push_back(std::move(f));
  }
  endResetModel();
}

int RecordFormModel::row_of(const QString& field) const {
  for (size_t i = 0; i < fields_.size(); ++i)
    if (to_qt(fields_[i].spec->name) == field) return static_cast<int>(i);
  return -1;
}

void RecordFormModel::setValue(const QString& field, const QString& value) {
  const int row = row_of(field);
  if (row < 0 || fields_[row].value == value) return;
  fields_[row].value = value;
  fields_[row].error.clear();
  emit dataChanged(index(row), index(row), {kValueRole, kErrorRole});
}

void RecordFormModel::setValues(const QString& field, const QStringList& values) {
  const int row = row_of(field);
  if (row < 0 || fields_[row].values == values) return;
  fields_[row].values = values;
  fields_[row].error.clear();
  emit dataChanged(index(row), index(row), {kValuesRole, kErrorRole});
}

QStringList RecordFormModel::suggestions(const QString& field, const QString& typed) const {
  const int row = row_of(field);
  if (row < 0) return {};
  const core::FieldSpec& spec = *fields_[row].spec;
  QStringList all;
  if (spec.type == ValueType::kChoice) {
    for (std::string_view c : spec.choices) all << to_qt(c);
  } else if (client::is_reference(&spec)) {
    if (auto records = store_.list(referenced_type(spec)))
      for (const core::RecordState& r : *records) all << to_qt(store_.label(r.header.id));
  } else if (auto records = store_.list(type_->name)) {  // elements already used in this field
    std::set<std::string> known;
    for (const core::RecordState& r : *records)
      if (const core::FieldState* f = r.field(std::string(spec.name)))
        for (const std::string& e : f->elements()) known.insert(e);
    for (const std::string& e : known) all << to_qt(e);
  }
  QStringList starting, containing;
  for (const QString& c : all) {
    if (fields_[row].values.contains(c)) continue;
    if (c.startsWith(typed, Qt::CaseInsensitive))
      starting << c;
    else if (c.contains(typed, Qt::CaseInsensitive))
      containing << c;
  }
  return (starting + containing).mid(0, 8);
}

core::FieldEdits RecordFormModel::edits() const {
  core::FieldEdits out;
  for (const Field& f : fields_) {
    const std::string name(f.spec->name);
    if (f.spec->kind == core::FieldKind::kSet) {
      if (f.values == f.loaded_values) continue;
      if (f.values.isEmpty()) out.push_back({name, core::FieldEdit::Op::kAssign, ""});
      for (const QString& v : f.values) {
        const qsizetype was = f.loaded_values.indexOf(v);
        out.push_back({name, core::FieldEdit::Op::kAssign,
                       was >= 0 ? f.loaded_elements[was] : v.trimmed().toStdString()});
      }
      continue;
    }
    if (record_ ? f.value == f.loaded : f.value.trimmed().isEmpty()) continue;
    // A new child record's parent is given by its stored id.
    out.push_back({name, core::FieldEdit::Op::kAssign,
                   f.value == f.loaded ? f.loaded_stored : f.value.toStdString()});
  }
  return out;
}

bool RecordFormModel::save() {
  if (!type_) return false;
  for (size_t i = 0; i < fields_.size(); ++i)
    if (!fields_[i].error.isEmpty()) {
      fields_[i].error.clear();
      emit dataChanged(index(static_cast<int>(i)), index(static_cast<int>(i)), {kErrorRole});
    }
  core::FieldEdits edits = this->edits();
  const bool created = !record_;
  core::RecordId id;
  if (created) {
    auto made = store_.create_record(type_->name, edits, chosen_scope());
    if (!made) return show_refusal(made.status()), false;
    id = *made;
  } else {
    id = *record_;
    if (chosen_scope() > loaded_scope_)
      edits.push_back({"scope", core::FieldEdit::Op::kAssign, core::to_string(*chosen_scope())});
    if (edits.empty()) return set_message(tr("Nothing to save.")), true;
    if (core::Status st = store_.update_record(id, edits); !st) return show_refusal(st), false;
  }
  load(to_qt(id.to_string()));
  set_message(tr("Saved at %1").arg(QTime::currentTime().toString(QStringLiteral("HH:mm"))));
  emit saved(to_qt(id.to_string()), created);
  return true;
}

bool RecordFormModel::remove() {
  if (!record_) return false;
  const QString id = to_qt(record_->to_string());
  if (core::Status st = store_.delete_record(*record_); !st) {
    set_message(to_qt(st.message()));
    return false;
  }
  close();
  set_message(tr("Deleted. It is deleted on every device it reaches at the next sync."));
  emit removed(id);
  return true;
}

void RecordFormModel::show_refusal(const core::Status& status) {
  const FieldRefusal refusal = field_refusal(*type_, status);
  const int row = row_of(to_qt(refusal.field));
  if (row < 0) return set_message(to_qt(status.message()));
  Field& f = fields_[row];
  f.error = refusal.missing ? tr("Required: %1.").arg(to_qt(f.spec->help)) : to_qt(refusal.beside);
  emit dataChanged(index(row), index(row), {kErrorRole});
  set_message(tr("Not saved: see %1.").arg(field_title(f.spec->name).toLower()));
}

void RecordFormModel::set_message(const QString& message) {
  if (message_ == message) return;
  message_ = message;
  emit messageChanged();
}

int RecordFormModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(fields_.size());
}

QVariant RecordFormModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const Field& f = fields_[index.row()];
  switch (role) {
    case Qt::DisplayRole:
    case kLabelRole:
      return field_title(f.spec->name);
    case kNameRole:
      return to_qt(f.spec->name);
    case kEditorRole:
      return f.editor;
    case kValueRole:
      return f.value;
    case kValuesRole:
      return f.values;
    case kChoicesRole: {
      QStringList choices;
      if (!f.spec->required) choices << QString();
      for (std::string_view c : f.spec->choices) choices << to_qt(c);
      return choices;
    }
    case kRequiredRole:
      return f.spec->required;
    case kHelpRole:
      return to_qt(f.spec->help);
    case kErrorRole:
      return f.error;
    case kConflictRole:
      return f.conflict;
    case kFixedRole:
      return type_ && f.spec->name == type_->parent_field;
  }
  return {};
}

QHash<int, QByteArray> RecordFormModel::roleNames() const {
  return {{kNameRole, "name"},         {kLabelRole, "label"},   {kEditorRole, "editor"},
          {kValueRole, "value"},       {kValuesRole, "values"}, {kChoicesRole, "choices"},
          {kRequiredRole, "required"}, {kHelpRole, "help"},     {kErrorRole, "error"},
          {kConflictRole, "conflict"}, {kFixedRole, "fixed"}};
}

}  // namespace triad::desktop
