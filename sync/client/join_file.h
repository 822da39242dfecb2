// A join file: everything one device needs to join its alliance's hub, made by `triad-hub enroll
// --join-file` and taken by `triad join` and the app's first run, so nobody types a token or
// copies a certificate by hand. It holds the hub's addresses, the hub's CA certificate (PEM), the
// school and person the device records for, and the device token: it is a secret, written with
// mode 0600, and deleted by the device once taken. Text (JSON), so it also fits in a QR code.
// Not thread-safe (files, and the store given).
#pragma once

#include <string>
#include <vector>

#include "sync_settings.h"
#include "triad/core/devices.h"
#include "triad/core/status.h"
#include "triad/core/store.h"

namespace triad::client {

struct JoinFile {
  std::string alliance, school, person;
  std::vector<std::string> hubs;  // HOST:PORT, tried in order
  std::string ca_pem;             // the hub's CA or self-signed certificate
  std::string token;              // ID.SECRET
  // The roster's ids of the school and person (absent from older files: derived from the names).
  // A school renamed at the hub keeps the id its first name derived, so the device takes these
  // rather than deriving others from the current names.
  std::string school_id, person_id;
};

// The join file for a device the hub just enrolled (`device` as the registry keeps it, `token` the
// enrolment's): its school and person by the roster's names and ids.
JoinFile join_file_for(const std::string& alliance, const core::Device& device,
                       const std::string& token, std::vector<std::string> hubs, std::string ca_pem);

// The certificate blocks of a PEM text (-----BEGIN CERTIFICATE----- ... END), without anything
// else it holds, such as a private key.
std::string certificates_in(const std::string& pem);

// The file's text: {"triad_join": 1, ...} on one line.
std::string join_file_text(const JoinFile& join);
// Parses and checks a join file's text (its addresses, certificate and token as `triad init`
// checks them); kInvalidArgument saying what is wrong.
core::Result<JoinFile> parse_join_file(const std::string& text);

// Writes a new file (never over one) with mode 0600.
core::Status write_join_file(const std::string& path, const JoinFile& join);
core::Result<JoinFile> read_join_file(const std::string& path);

// Closes a store made moments ago and removes its files (and -wal, -shm), when a later step of
// making it failed: the next try starts from nothing.
void discard_new_store(std::unique_ptr<core::Store>& store, const std::string& store_path);

// Makes the store at `store_path` for the join file's school and person, writes the hub's
// certificate beside it (`<store>.hub-ca.pem`, mode 0644: public), and saves the sync settings:
// hubs and CA in the store, the token in the credentials file. Nothing is made when a check fails.
core::Result<std::unique_ptr<core::Store>> join_store(const JoinFile& join,
                                                      const std::string& store_path);

}  // namespace triad::client
