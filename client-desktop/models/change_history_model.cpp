#include "change_history_model.h"

#include <QDateTime>

#include "device_writers.h"
#include "field_text.h"
#include "qt_text.h"
#include "triad/core/field_kind.h"

namespace triad::desktop {

namespace {

QString when(const core::Stamp& stamp) {
  return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(core::hlc_millis(stamp.hlc)))
      .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString shortened(const std::string& value) {
  QString v = QString::fromStdString(value).simplified();
  return v.size() > 80 ? v.left(77) + QStringLiteral("…") : v;
}

}  // namespace

ChangeHistoryModel::ChangeHistoryModel(core::Store& store, QObject* parent)
    : QAbstractListModel(parent), store_(store) {}

QString ChangeHistoryModel::device_name(core::SiteId site) const {
  if (site == store_.identity().site) return tr("this device");
  auto it = names_.find(site);
  if (it != names_.end()) return it->second;
  return tr("device %1").arg(to_qt(core::site_text(site)).left(8));
}

void ChangeHistoryModel::clear() {
  beginResetModel();
  rows_.clear();
  created_.clear();
  endResetModel();
  emit shown();
}

void ChangeHistoryModel::show(const QString& id) {
  beginResetModel();
  rows_.clear();
  created_.clear();
  names_.clear();
  const auto parsed = core::RecordId::parse(id.toStdString());
  auto got = store_.get(parsed.value_or(core::RecordId()));
  if (parsed && got && got->has_value()) {
    // A peer's own name first (its store's "School / Person"), then who writes from a device.
    if (auto status = store_.status())
      for (const core::PeerState& p : status->peers)
        if (!p.name.empty()) names_[p.site] = to_qt(p.name);
    for (const auto& [site, person] : client::device_writers(store_))
      names_[site] = tr("%1's device").arg(to_qt(person));
    fill(**got);
  }
  endResetModel();
  emit shown();
}

void ChangeHistoryModel::fill(const core::RecordState& r) {
  created_ = tr("Created %1 by %2 of %3, on %4.")
                 .arg(when(r.header.created), to_qt(store_.label(r.header.author)),
                      to_qt(store_.label(r.header.school)), device_name(r.header.created.site));
  if (r.is_deleted()) {
    rows_.push_back({tr("Deleted"), when(*r.deleted), device_name(r.deleted->site),
                     tr("its field values were erased"), 0});
    return;
  }
  const core::TypeSpec* type = core::find_type(r.header.type);
  for (const auto& [name, field] : r.fields) {
    const core::FieldSpec* spec = type ? type->field(name) : nullptr;
    if (field.kind == core::FieldKind::kSet) {
      core::Stamp last;
      for (const core::SetDot& dot : field.dots) last = std::max(last, dot.added);
      rows_.push_back({field_title(name), when(last), device_name(last.site),
                       to_qt(client::display_field(store_, spec, field)), 0});
      for (const core::SetDot& dot : field.dots)
        rows_.push_back({dot.removed ? tr("added, since removed") : tr("added"), when(dot.added),
                         device_name(dot.added.site),
                         to_qt(client::display_value(store_, spec, dot.element)), 1});
      continue;
    }
    // A merging text reads as one text with the stamp of its newest write; its other versions
    // are texts written before it merged that no later write has seen.
    const std::vector<core::FieldVersion> versions = core::readable_versions(field);
    if (versions.empty()) continue;
    const core::FieldVersion& current = versions.front();
    if (!core::is_known_kind(field.kind)) {  // its versions' bytes mean nothing to this version
      rows_.push_back({field_title(name), when(current.stamp), device_name(current.stamp.site),
                       to_qt(client::display_field(store_, spec, field)), 0});
      continue;
    }
    rows_.push_back({field_title(name), when(current.stamp), device_name(current.stamp.site),
                     shortened(client::display_value(store_, spec, current.value)), 0});
    for (size_t i = 1; i < versions.size(); ++i)
      rows_.push_back({tr("concurrent version"), when(versions[i].stamp),
                       device_name(versions[i].stamp.site), shortened(versions[i].value), 1});
  }
}

int ChangeHistoryModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

QVariant ChangeHistoryModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const Row& r = rows_[index.row()];
  switch (role) {
    case Qt::DisplayRole:
    case kTitleRole:
      return r.title;
    case kWhenRole:
      return r.when;
    case kDeviceRole:
      return r.device;
    case kValueRole:
      return r.value;
    case kDepthRole:
      return r.depth;
  }
  return {};
}

QHash<int, QByteArray> ChangeHistoryModel::roleNames() const {
  return {{kTitleRole, "title"},
          {kWhenRole, "when"},
          {kDeviceRole, "device"},
          {kValueRole, "value"},
          {kDepthRole, "depth"}};
}

}  // namespace triad::desktop
