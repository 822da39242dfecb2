#include "first_run_model.h"

#include <QUrl>
#include <filesystem>

#include "join_file.h"
#include "qt_text.h"
#include "store_path.h"
#include "sync_settings.h"

namespace triad::desktop {

QString default_store_path() { return to_qt(client::default_store_path()); }

FirstRunModel::FirstRunModel(QString db_path, QObject* parent)
    : QObject(parent), db_path_(std::move(db_path)) {}

bool FirstRunModel::fail(const QString& why) {
  error_ = why;
  emit errorChanged();
  return false;
}

bool FirstRunModel::create(const QString& school, const QString& person, bool join_hub,
                           const QString& hub, const QString& token, const QString& ca_file) {
  // The core also accepts a store with no person (a school's shared device); a teacher's
  // device records in a teacher's name.
  if (school.trimmed().isEmpty() || person.trimmed().isEmpty())
    return fail(tr("Give your school's name and your own: your records are made in your name."));
  if (join_hub && (hub.trimmed().isEmpty() || token.trimmed().isEmpty()))
    return fail(
        tr("To join the hub, give its address and your device token, or choose to work offline."));
  // An address, token or certificate that would fail at the first sync is said now.
  client::SyncSettings settings;
  if (join_hub) {
    std::string hubs = hub.trimmed().toStdString();  // one address, or several
    settings.token = token.trimmed().toStdString();
    settings.ca = ca_file.trimmed().toStdString();
    for (auto [name, value] :
         {std::pair{"hub", &hubs}, {"token", &settings.token}, {"ca", &settings.ca}}) {
      if (value->empty()) continue;
      auto checked = client::check_sync_setting(name, *value);
      if (!checked) return fail(to_qt(checked.status().message()));
      *value = *checked;  // the CA file as an absolute path
    }
    settings.hubs = client::parse_hub_list(hubs).value();  // checked above
  }
  auto made = core::Store::create(db_path_.toStdString(), school.trimmed().toStdString(),
                                  person.trimmed().toStdString());
  if (!made) return fail(to_qt(made.status().message()));
  if (join_hub)  // the token goes to the credentials file, not into the store
    if (core::Status st = client::save_sync_settings(**made, settings); !st) {
      // The new store goes too: the next try starts from nothing.
      client::discard_new_store(*made, db_path_.toStdString());
      return fail(to_qt(st.message()));
    }
  return succeed(std::move(made).value());
}

bool FirstRunModel::succeed(std::unique_ptr<core::Store> store) {
  store_ = std::move(store);
  if (!error_.isEmpty()) {
    error_.clear();
    emit errorChanged();
  }
  emit created();
  return true;
}

bool FirstRunModel::join(const QString& join_file) {
  const std::string path = QUrl(join_file).isLocalFile()
                               ? QUrl(join_file).toLocalFile().toStdString()
                               : join_file.trimmed().toStdString();
  if (path.empty()) return fail(tr("Give the join file your hub's administrator gave you."));
  auto read = client::read_join_file(path);
  if (!read) return fail(to_qt(read.status().message()));
  auto made = client::join_store(*read, db_path_.toStdString());
  if (!made) return fail(to_qt(made.status().message()));
  std::error_code ec;
  std::filesystem::remove(path, ec);  // it holds the token, which is now in the credentials file
  return succeed(std::move(made).value());
}

}  // namespace triad::desktop
