#include "record_browser.h"

#include <QComboBox>
#include <QDateEdit>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

#include "qt_text.h"
#include "record_filter.h"
#include "record_list_model.h"

namespace triad::desktop {

namespace {

QDateEdit* make_date_filter(const QString& open_text, QWidget* parent) {
  auto* edit = new QDateEdit(parent);
  edit->setCalendarPopup(true);
  edit->setDisplayFormat("yyyy-MM-dd");
  edit->setMinimumDate(QDate(2000, 1, 1));
  edit->setSpecialValueText(open_text);  // shown at the minimum date: no bound
  edit->setDate(edit->minimumDate());
  return edit;
}

}  // namespace

RecordBrowser::RecordBrowser(core::Store& store, QWidget* parent)
    : QWidget(parent),
      store_(store),
      model_(new RecordListModel(store, this)),
      filter_(new RecordFilter(this)),
      search_(new QLineEdit(this)),
      type_(new QComboBox(this)),
      enquiry_(new QComboBox(this)),
      person_(new QComboBox(this)),
      from_(make_date_filter(tr("from any date"), this)),
      to_(make_date_filter(tr("to any date"), this)),
      view_(new QTableView(this)) {
  search_->setObjectName("search");
  search_->setPlaceholderText(tr("Search records (Ctrl+F)"));
  search_->setClearButtonEnabled(true);
  type_->setObjectName("type_filter");
  type_->addItem(tr("All teaching records"), QString(RecordFilter::kAllWork));
  for (const core::TypeSpec& t : core::record_types())
    type_->addItem(to_qt(t.title), to_qt(t.name));
  type_->addItem(tr("Everything"), QString(RecordFilter::kEverything));
  enquiry_->setObjectName("enquiry_filter");
  person_->setObjectName("person_filter");
  for (QComboBox* box : {type_, enquiry_, person_})
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);

  filter_->setSourceModel(model_);
  view_->setModel(filter_);
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->setSelectionMode(QAbstractItemView::SingleSelection);
  view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  view_->setSortingEnabled(true);
  view_->sortByColumn(RecordListModel::kDateColumn, Qt::DescendingOrder);
  view_->verticalHeader()->hide();
  view_->setAlternatingRowColors(true);
  view_->setWordWrap(false);
  view_->horizontalHeader()->setStretchLastSection(false);
  view_->horizontalHeader()->setSectionResizeMode(RecordListModel::kLabelColumn,
                                                  QHeaderView::Stretch);
  view_->horizontalHeader()->setSectionResizeMode(RecordListModel::kPeopleColumn,
                                                  QHeaderView::Stretch);
  view_->hideColumn(RecordListModel::kScopeColumn);

  auto* filters = new QGridLayout;
  filters->addWidget(search_, 0, 0, 1, 2);
  filters->addWidget(type_, 1, 0);
  filters->addWidget(enquiry_, 1, 1);
  filters->addWidget(person_, 2, 0);
  auto* dates = new QHBoxLayout;
  dates->addWidget(from_);
  dates->addWidget(to_);
  filters->addLayout(dates, 2, 1);
  auto* column = new QVBoxLayout(this);
  column->setContentsMargins(0, 0, 0, 0);
  column->addLayout(filters);
  column->addWidget(view_, 1);

  connect(search_, &QLineEdit::textChanged, filter_, &RecordFilter::set_search);
  connect(type_, &QComboBox::currentIndexChanged, this,
          [this] { filter_->set_type(type_->currentData().toString()); });
  connect(enquiry_, &QComboBox::currentIndexChanged, this,
          [this] { filter_->set_enquiry(enquiry_->currentData().toString()); });
  connect(person_, &QComboBox::currentIndexChanged, this,
          [this] { filter_->set_person(person_->currentData().toString()); });
  connect(from_, &QDateEdit::dateChanged, this, &RecordBrowser::dates_changed);
  connect(to_, &QDateEdit::dateChanged, this, &RecordBrowser::dates_changed);
  connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) {
            if (!current.isValid() || quiet_selection_) return;
            if (auto id = core::RecordId::parse(
                    current.data(RecordListModel::kIdRole).toString().toStdString()))
              emit record_chosen(*id);
          });
}

void RecordBrowser::dates_changed() {
  auto bound = [](QDateEdit* e) { return e->date() == e->minimumDate() ? QDate() : e->date(); };
  filter_->set_dates(bound(from_), bound(to_));
}

void RecordBrowser::fill_reference_filter(QComboBox* box, const char* type, const QString& any) {
  const QString chosen = box->currentData().toString();
  const QSignalBlocker quiet(box);
  box->clear();
  box->addItem(any, QString());
  if (auto records = store_.list(type))
    for (const core::RecordState& r : *records)
      box->addItem(QString::fromStdString(store_.label(r.header.id)),
                   QString::fromStdString(r.header.id.to_string()));
  box->setCurrentIndex(std::max(0, box->findData(chosen)));
}

void RecordBrowser::reload() {
  const QModelIndex current = view_->currentIndex();
  const QString selected =
      current.isValid() ? current.data(RecordListModel::kIdRole).toString() : QString();
  quiet_selection_ = true;
  model_->reload();
  quiet_selection_ = false;
  fill_reference_filter(enquiry_, "enquiry", tr("Any enquiry"));
  fill_reference_filter(person_, "person", tr("Anyone"));
  view_->resizeColumnToContents(RecordListModel::kTypeColumn);
  view_->resizeColumnToContents(RecordListModel::kDateColumn);
  if (auto id = core::RecordId::parse(selected.toStdString())) select(*id);
}

void RecordBrowser::select(const core::RecordId& id) {
  const int row = model_->row_of(id);
  if (row < 0) return;
  const QModelIndex index =
      filter_->mapFromSource(model_->index(row, RecordListModel::kLabelColumn));
  if (!index.isValid()) return;
  quiet_selection_ = true;
  view_->setCurrentIndex(index);
  quiet_selection_ = false;
  view_->scrollTo(index);
}

void RecordBrowser::show_type(const QString& type) {
  type_->setCurrentIndex(std::max(0, type_->findData(type)));
}

int RecordBrowser::visible_count() const { return filter_->rowCount(); }

}  // namespace triad::desktop
