#include "record_list_model.h"

#include <QDateTime>

#include "audience.h"
#include "field_text.h"
#include "qt_text.h"

namespace triad::desktop {

QString opening_words(const core::TypeSpec& type, const core::RecordState& record) {
  for (const core::FieldSpec& f : type.fields) {
    const core::FieldState* text =
        f.type == core::ValueType::kLongText ? record.field(std::string(f.name)) : nullptr;
    if (!text || text->value().empty()) continue;
    const QString words = to_qt(text->value()).simplified();
    return words.size() > 70 ? words.left(67) + QStringLiteral("…") : words;
  }
  return {};
}

RecordListModel::RecordListModel(core::Store& store, QObject* parent)
    : QAbstractTableModel(parent), store_(store) {}

RecordRow RecordListModel::make_row(const core::RecordState& r) {
  const core::TypeSpec* type = core::find_type(r.header.type);
  RecordRow row;
  row.id = r.header.id;
  row.type = to_qt(r.header.type);
  row.type_title = type ? to_qt(type->title) : row.type;
  row.label = to_qt(store_.label(r.header.id));
  row.scope = core::to_string(r.scope);
  row.scope_value = r.scope;
  row.date =
      QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(core::hlc_millis(r.header.created.hlc)))
          .date();
  if (r.header.type == "enquiry") row.enquiry_id = to_qt(r.header.id.to_string());
  QStringList searchable{row.label};
  for (const auto& [name, field] : r.fields) {
    const core::FieldSpec* spec = type ? type->field(name) : nullptr;
    if (!spec) continue;
    const QString shown = to_qt(client::display_field(store_, spec, field));
    searchable << shown;
    if ((name == "date" || name == "lesson_date") && !field.value().empty())
      row.date = QDate::fromString(to_qt(field.value()), Qt::ISODate);
    if (spec->type == core::ValueType::kRecord && spec->ref_type == "enquiry")
      row.enquiry_id = to_qt(field.value());
    if (spec->type == core::ValueType::kPerson) {
      const auto ids = field.kind == core::FieldKind::kSet
                           ? field.elements()
                           : std::vector<std::string>{field.value()};
      for (const std::string& id : ids) {
        if (id.empty() || row.person_ids.contains(to_qt(id))) continue;
        row.person_ids << to_qt(id);
        row.people << to_qt(client::display_value(store_, spec, id));
      }
    }
  }
  row.search_text = searchable.join(' ').toLower();
  // A record named by its date (a log entry) is listed by the start of its text.
  if (type && (row.label.isEmpty() || row.label == row.date.toString(Qt::ISODate))) {
    const QString words = opening_words(*type, r);
    if (!words.isEmpty()) row.label = words;
  }
  return row;
}

void RecordListModel::reload() {
  beginResetModel();
  rows_.clear();
  if (auto records = store_.list(""))
    for (const core::RecordState& r : *records) rows_.append(make_row(r));
  std::stable_sort(rows_.begin(), rows_.end(),
                   [](const RecordRow& a, const RecordRow& b) { return a.date > b.date; });
  endResetModel();
}

int RecordListModel::row_of(const core::RecordId& id) const {
  for (int i = 0; i < rows_.size(); ++i)
    if (rows_[i].id == id) return i;
  return -1;
}

int RecordListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int RecordListModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kColumnCount;
}

QVariant RecordListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rows_.size()) return {};
  const RecordRow& r = rows_[index.row()];
  switch (role) {
    case Qt::DisplayRole:
      switch (index.column()) {
        case kTypeColumn:
          return r.type_title;
        case kLabelColumn:
          return r.label;
        case kDateColumn:
          return r.date.toString(Qt::ISODate);
        case kPeopleColumn:
          return r.people.join(QStringLiteral(", "));
        case kScopeColumn:
          return r.scope;
      }
      return {};
    case Qt::ToolTipRole:
      return r.people.join(QStringLiteral(", "));
    case kIdRole:
      return to_qt(r.id.to_string());
    case kTypeRole:
      return r.type;
    case kEnquiryRole:
      return r.enquiry_id;
    case kPersonIdsRole:
      return r.person_ids;
    case kDateRole:
      return r.date;
    case kSearchRole:
      return r.search_text;
    case kTypeTitleRole:
      return r.type_title;
    case kLabelRole:
      return r.label;
    case kDateTextRole:
      return r.date.toString(Qt::ISODate);
    case kPeopleTextRole:
      return r.people.join(QStringLiteral(", "));
    case kAudienceRole:
      return audience_words(r.scope_value);
  }
  return {};
}

QHash<int, QByteArray> RecordListModel::roleNames() const {
  return {{kIdRole, "recordId"},      {kTypeRole, "type"},         {kTypeTitleRole, "typeTitle"},
          {kLabelRole, "label"},      {kDateTextRole, "dateText"}, {kPeopleTextRole, "people"},
          {kAudienceRole, "audience"}};
}

QVariant RecordListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case kTypeColumn:
      return tr("Type");
    case kLabelColumn:
      return tr("Title / focus");
    case kDateColumn:
      return tr("Date");
    case kPeopleColumn:
      return tr("People");
    case kScopeColumn:
      return tr("Shared with");
  }
  return {};
}

}  // namespace triad::desktop
