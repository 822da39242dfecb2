// The app's first run, for a Qt Quick UI, when no store exists at the chosen path: a join file
// from the hub's administrator (client/join_file.h), or the school and person this device records
// for and either the alliance hub's details (its address or addresses, the device token, the
// hub's certificate file) or working offline only. The hub's
// details are checked as `triad init` checks them before the store is made; then the store is
// created (folders 0700, file 0600) and the sync settings saved where the CLI reads them: the hub
// and CA file in the store, the token in the credentials file (sync/client/credentials.h), never
// in the store. UI thread only.
#pragma once

#include <QObject>
#include <QString>
#include <memory>

#include "triad/core/store.h"

namespace triad::desktop {

// Where the app keeps its store when no --db is given: the `triad` CLI's default file
// (sync/client/store_path.h), so both see one store.
QString default_store_path();

class FirstRunModel : public QObject {
  Q_OBJECT
  Q_PROPERTY(QString dbPath READ db_path CONSTANT)
  Q_PROPERTY(QString error READ error NOTIFY errorChanged)

 public:
  explicit FirstRunModel(QString db_path, QObject* parent = nullptr);

  QString db_path() const { return db_path_; }
  QString error() const { return error_; }

  // Creates the store from what was entered and says created(); false with the reason in
  // error (and no store made) when something is missing or wrong.
  Q_INVOKABLE bool create(const QString& school, const QString& person, bool join_hub,
                          const QString& hub, const QString& token, const QString& ca_file);
  // Makes the store from a join file (`triad-hub enroll --join-file`): school, person, hub
  // addresses, certificate and token, typed nowhere; the file is deleted once taken. False with
  // the reason in error, and nothing made, when the file is not a good join file.
  Q_INVOKABLE bool join(const QString& join_file);
  // The store made by create() or join() (nullptr before, and after it was taken).
  std::unique_ptr<core::Store> take_store() { return std::move(store_); }

 signals:
  void errorChanged();
  void created();

 private:
  bool fail(const QString& why);
  bool succeed(std::unique_ptr<core::Store> store);  // keeps it, clears the error, says created()

  QString db_path_;
  QString error_;
  std::unique_ptr<core::Store> store_;
};

}  // namespace triad::desktop
