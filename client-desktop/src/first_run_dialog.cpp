#include "first_run_dialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include "store_path.h"
#include "sync_settings.h"

namespace triad::desktop {

QString default_store_path() { return QString::fromStdString(client::default_store_path()); }

FirstRunDialog::FirstRunDialog(QString db_path, QWidget* parent)
    : QDialog(parent),
      db_path_(std::move(db_path)),
      school_(new QLineEdit(this)),
      person_(new QLineEdit(this)),
      join_(new QRadioButton(tr("Join the alliance's hub"), this)),
      offline_(new QRadioButton(
          tr("Work offline only (a hub can be added later with `triad config`)"), this)),
      hub_(new QLineEdit(this)),
      token_(new QLineEdit(this)),
      ca_(new QLineEdit(this)),
      error_(new QLabel(this)) {
  setWindowTitle(tr("Welcome to Triad"));
  school_->setObjectName("school");
  person_->setObjectName("person");
  hub_->setObjectName("hub");
  token_->setObjectName("token");
  ca_->setObjectName("ca");
  school_->setPlaceholderText(tr("e.g. Fortismere"));
  person_->setPlaceholderText(tr("your full name, e.g. Ana Diaz"));
  hub_->setPlaceholderText(tr("HOST:PORT, e.g. hub.themead.org:7400"));
  hub_->setToolTip(
      tr("Where several hub processes serve your alliance, give each address, separated by "
         "commas: Triad tries them in order and moves on from one that does not answer."));
  token_->setPlaceholderText(tr("the token your hub's administrator gave you"));
  token_->setEchoMode(QLineEdit::Password);
  ca_->setPlaceholderText(tr("the hub's certificate file (.pem)"));
  error_->setObjectName("error");
  error_->setWordWrap(true);
  error_->setStyleSheet("color: #b00020;");

  auto* intro = new QLabel(
      tr("Triad keeps your observations, coaching notes and journals on this laptop and works "
         "without a network. It syncs with your alliance's hub when it can.\n\nStore: %1")
          .arg(QDir::toNativeSeparators(db_path_)),
      this);
  intro->setWordWrap(true);
  auto* who = new QFormLayout;
  who->addRow(tr("School:"), school_);
  who->addRow(tr("Your name:"), person_);

  auto* browse = new QPushButton(tr("Browse…"), this);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString file =
        QFileDialog::getOpenFileName(this, tr("The hub's certificate"), QString(),
                                     tr("Certificates (*.pem *.crt);;All files (*)"));
    if (!file.isEmpty()) ca_->setText(file);
  });
  auto* ca_row = new QHBoxLayout;
  ca_row->addWidget(ca_, 1);
  ca_row->addWidget(browse);
  auto* hub_box = new QGroupBox(this);
  auto* hub_form = new QFormLayout(hub_box);
  hub_form->addRow(tr("Hub address:"), hub_);
  hub_form->addRow(tr("Device token:"), token_);
  hub_form->addRow(tr("Hub certificate:"), ca_row);
  connect(join_, &QRadioButton::toggled, hub_box, &QWidget::setEnabled);
  join_->setChecked(true);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Create my store"));
  buttons->button(QDialogButtonBox::Ok)->setObjectName("create");
  connect(buttons, &QDialogButtonBox::accepted, this, [this] {
    if (create_store()) accept();
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  auto* column = new QVBoxLayout(this);
  column->addWidget(intro);
  column->addLayout(who);
  column->addWidget(join_);
  column->addWidget(hub_box);
  column->addWidget(offline_);
  column->addWidget(error_);
  column->addWidget(buttons);
  resize(560, sizeHint().height());
}

bool FirstRunDialog::create_store() {
  error_->clear();
  // The core also accepts a store with no person (a school's shared device); a teacher's
  // laptop records in a teacher's name.
  if (school_->text().trimmed().isEmpty() || person_->text().trimmed().isEmpty()) {
    error_->setText(
        tr("Give your school's name and your own: your records are made in your name."));
    return false;
  }
  const bool joining = join_->isChecked();
  if (joining && (hub_->text().trimmed().isEmpty() || token_->text().trimmed().isEmpty())) {
    error_->setText(
        tr("To join the hub, give its address and your device token, or choose to work offline."));
    return false;
  }
  // The hub's details are checked before the store is made (the same checks as `triad init`):
  // an address, token or certificate that would fail at the first sync is said now.
  client::SyncSettings settings;
  if (joining) {
    std::string hubs = hub_->text().trimmed().toStdString();  // one address, or several
    settings.token = token_->text().trimmed().toStdString();
    settings.ca = ca_->text().trimmed().toStdString();
    for (auto [name, value] :
         {std::pair{"hub", &hubs}, {"token", &settings.token}, {"ca", &settings.ca}}) {
      if (value->empty()) continue;
      auto checked = client::check_sync_setting(name, *value);
      if (!checked) {
        error_->setText(QString::fromStdString(checked.status().message()));
        return false;
      }
      *value = *checked;  // the CA file as an absolute path
    }
    settings.hubs = client::parse_hub_list(hubs).value();  // checked above
  }
  // Missing folders are made with mode 0700 and the store with mode 0600 (core::Store::create).
  auto created =
      core::Store::create(db_path_.toStdString(), school_->text().trimmed().toStdString(),
                          person_->text().trimmed().toStdString());
  if (!created) {
    error_->setText(QString::fromStdString(created.status().message()));
    return false;
  }
  // The token goes to the credentials file, not into the store (credentials.h).
  if (joining) {
    if (core::Status st = client::save_sync_settings(**created, settings); !st) {
      error_->setText(QString::fromStdString(st.message()));
      return false;
    }
  }
  store_ = std::move(created).value();
  return true;
}

}  // namespace triad::desktop
