#include "change_history.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "field_text.h"
#include "qt_text.h"
#include "triad/core/field_kind.h"

namespace triad::desktop {

namespace {

QString when(const core::Stamp& stamp) {
  return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(core::hlc_millis(stamp.hlc)))
      .toString("yyyy-MM-dd HH:mm");
}

QString shortened(const std::string& value) {
  QString v = QString::fromStdString(value).simplified();
  return v.size() > 60 ? v.left(57) + QStringLiteral("…") : v;
}

}  // namespace

ChangeHistory::ChangeHistory(core::Store& store, QWidget* parent)
    : QWidget(parent), store_(store), created_(new QLabel(this)), tree_(new QTreeWidget(this)) {
  auto* note = new QLabel(
      tr("What this laptop knows of each field's last change, kept for merging. Triad keeps "
         "the current value with the time and device of its last change, not a log of "
         "earlier values."),
      this);
  note->setWordWrap(true);
  note->setStyleSheet("color: #555;");
  created_->setObjectName("created");
  created_->setWordWrap(true);
  tree_->setObjectName("changes");
  tree_->setColumnCount(4);
  tree_->setHeaderLabels(
      {tr("Field"), tr("Last changed"), tr("On device"), tr("Value / versions")});
  tree_->header()->setSectionResizeMode(3, QHeaderView::Stretch);
  tree_->setRootIsDecorated(true);
  auto* column = new QVBoxLayout(this);
  column->addWidget(note);
  column->addWidget(created_);
  column->addWidget(tree_, 1);
}

QString ChangeHistory::device_name(core::SiteId site) const {
  if (site == store_.identity().site) return tr("this laptop");
  for (const core::PeerState& p : peers_)
    if (p.site == site && !p.name.empty()) return QString::fromStdString(p.name);
  return tr("device %1").arg(QString::number(site, 16).rightJustified(16, '0').left(8));
}

void ChangeHistory::clear() {
  created_->clear();
  tree_->clear();
}

void ChangeHistory::show_record(const core::RecordId& id) {
  clear();
  auto got = store_.get(id);
  if (!got || !got->has_value()) return;
  const core::RecordState& r = **got;
  if (auto status = store_.status()) peers_ = status->peers;
  created_->setText(tr("Created %1 by %2 of %3, on %4.")
                        .arg(when(r.header.created),
                             QString::fromStdString(store_.label(r.header.author)),
                             QString::fromStdString(store_.label(r.header.school)),
                             device_name(r.header.created.site)));
  if (r.is_deleted()) {
    auto* item = new QTreeWidgetItem(tree_);
    item->setText(0, tr("deleted"));
    item->setText(1, when(*r.deleted));
    item->setText(2, device_name(r.deleted->site));
    item->setText(3, tr("its field values were purged"));
    return;
  }
  const core::TypeSpec* type = core::find_type(r.header.type);
  for (const auto& [name, field] : r.fields) {
    const core::FieldSpec* spec = type ? type->field(name) : nullptr;
    auto* item = new QTreeWidgetItem(tree_);
    item->setText(0, field_title(name));
    if (field.kind == core::FieldKind::kSet) {
      core::Stamp last;
      for (const core::SetDot& dot : field.dots) {
        last = std::max(last, dot.added);
        auto* add = new QTreeWidgetItem(item);
        add->setText(0, dot.removed ? tr("added, since removed") : tr("added"));
        add->setText(1, when(dot.added));
        add->setText(2, device_name(dot.added.site));
        add->setText(3, QString::fromStdString(client::display_value(store_, spec, dot.element)));
      }
      item->setText(1, when(last));
      item->setText(2, device_name(last.site));
      item->setText(3, QString::fromStdString(client::display_field(store_, spec, field)));
      continue;
    }
    if (field.versions.empty()) continue;
    // A merging text field reads as one text with the stamp of its newest write; its other
    // versions are texts written before it merged that no later write has seen.
    const std::vector<core::FieldVersion> versions = core::readable_versions(field);
    if (versions.empty()) continue;
    const core::FieldVersion& current = versions.front();
    item->setText(1, when(current.stamp));
    item->setText(2, device_name(current.stamp.site));
    if (!core::is_known_kind(field.kind)) {  // its versions' bytes mean nothing to this version
      item->setText(3, QString::fromStdString(client::display_field(store_, spec, field)));
      continue;
    }
    item->setText(3, shortened(client::display_value(store_, spec, current.value)));
    for (size_t i = 1; i < versions.size(); ++i) {
      auto* other = new QTreeWidgetItem(item);
      other->setText(0, tr("concurrent version"));
      other->setText(1, when(versions[i].stamp));
      other->setText(2, device_name(versions[i].stamp.site));
      other->setText(3, shortened(versions[i].value));
      item->setExpanded(true);
    }
  }
  tree_->resizeColumnToContents(0);
  tree_->resizeColumnToContents(1);
}

}  // namespace triad::desktop
