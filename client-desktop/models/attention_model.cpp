#include "attention_model.h"

#include <QDateTime>

#include "device_writers.h"
#include "qt_text.h"

namespace triad::desktop {

namespace {

QString time_text(uint64_t ms) {
  return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(ms))
      .toString(QStringLiteral("d MMM yyyy, HH:mm"));
}

QString type_title(std::string_view type) {
  const core::TypeSpec* spec = core::find_type(type);
  return spec ? to_qt(spec->title) : to_qt(type);
}

}  // namespace

AttentionModel::AttentionModel(core::Store& store, QObject* parent)
    : QAbstractListModel(parent), store_(store) {
  reload();
}

QVariantMap AttentionModel::version_entry(const core::FieldVersion& v, bool kept) const {
  const bool mine = v.stamp.site == store_.identity().site;
  const auto writer = writers_.find(v.stamp.site);
  const QString who = mine ? tr("You") : writer != writers_.end() ? writer->second : tr("Someone");
  const QString device =
      mine ? tr("this device") : tr("device %1").arg(to_qt(core::site_text(v.stamp.site)).left(8));
  return {{"value", to_qt(v.value)},
          {"who", who},
          {"device", device},
          {"when", time_text(core::hlc_millis(v.stamp.hlc))},
          {"kept", kept}};
}

void AttentionModel::reload() {
  beginResetModel();
  items_.clear();
  writers_.clear();
  for (auto& [site, name] : client::device_writers(store_)) writers_[site] = to_qt(name);
  if (auto conflicts = store_.conflicts())
    for (const core::Conflict& c : *conflicts) {
      Item item{QStringLiteral("conflict"), c.record, c.field};
      item.type_title = type_title(c.type);
      item.record_label = to_qt(store_.label(c.record));
      if (item.record_label.isEmpty()) item.record_label = item.type_title;
      item.field_title = field_title(c.field);
      item.versions.append(version_entry(c.current, true));
      item.values.push_back(c.current.value);
      for (const core::FieldVersion& v : c.overwritten) {
        item.versions.append(version_entry(v, false));
        item.values.push_back(v.value);
      }
      items_.push_back(std::move(item));
    }
  if (auto status = store_.status())
    for (const core::Refusal& r : status->refusals) {
      Item item{QStringLiteral("refusal"), r.record, {}};
      item.record_label = to_qt(store_.label(r.record));
      if (auto got = store_.get(r.record); got && got->has_value())
        item.type_title = type_title((*got)->header.type);
      if (item.record_label.isEmpty()) item.record_label = item.type_title;
      item.reason = to_qt(r.reason);
      item.when = time_text(r.at_ms);
      item.discarding = r.discard;
      items_.push_back(std::move(item));
    }
  endResetModel();
  emit changed();
}

bool AttentionModel::keep(int row, int version) {
  if (row < 0 || row >= count() || items_[row].kind != "conflict") return false;
  const Item& item = items_[row];
  if (version < 0 || version >= static_cast<int>(item.values.size())) return false;
  if (!store_.resolve_conflict(item.record, item.field, item.values[version]).is_ok()) return false;
  reload();
  emit resolved();
  return true;
}

bool AttentionModel::discard(int row) {
  if (row < 0 || row >= count() || items_[row].kind != "refusal") return false;
  if (!store_.discard_refused(items_[row].record).is_ok()) return false;
  reload();
  return true;
}

int AttentionModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : count();
}

QVariant AttentionModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= count()) return {};
  const Item& item = items_[index.row()];
  switch (role) {
    case kKindRole:
      return item.kind;
    case kRecordIdRole:
      return to_qt(item.record.to_string());
    case kRecordLabelRole:
      return item.record_label;
    case kTypeTitleRole:
      return item.type_title;
    case kFieldTitleRole:
      return item.field_title;
    case kVersionsRole:
      return item.versions;
    case kReasonRole:
      return item.reason;
    case kWhenRole:
      return item.when;
    case kDiscardingRole:
      return item.discarding;
  }
  return {};
}

QHash<int, QByteArray> AttentionModel::roleNames() const {
  return {{kKindRole, "kind"},
          {kRecordIdRole, "recordId"},
          {kRecordLabelRole, "recordLabel"},
          {kTypeTitleRole, "typeTitle"},
          {kFieldTitleRole, "fieldTitle"},
          {kVersionsRole, "versions"},
          {kReasonRole, "reason"},
          {kWhenRole, "when"},
          {kDiscardingRole, "discarding"}};
}

}  // namespace triad::desktop
