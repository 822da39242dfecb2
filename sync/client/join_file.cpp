#include "join_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "credentials.h"

namespace triad::client {

namespace {

constexpr int kFormat = 1;
constexpr size_t kMaxJoinFileBytes = 64 * 1024;  // a certificate chain and a few addresses

core::Status write_new_file(const std::string& path, const std::string& text, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0)
    return core::failed_precondition("cannot create " + path + ": " + std::strerror(errno) +
                                     (errno == EEXIST ? " (choose a new file name)" : ""));
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fchmod(fd, mode) == 0 && ::fsync(fd) == 0;
  ::close(fd);
  if (written) return core::Status::ok();
  ::unlink(path.c_str());
  return core::store_error("cannot write " + path + ": " + std::strerror(errno));
}

}  // namespace

std::string certificates_in(const std::string& pem) {
  static constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
  static constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
  std::string out;
  for (size_t at = pem.find(kBegin); at != std::string::npos; at = pem.find(kBegin, at)) {
    const size_t end = pem.find(kEnd, at);
    if (end == std::string::npos) break;
    out += pem.substr(at, end + kEnd.size() - at) + "\n";
    at = end + kEnd.size();
  }
  return out;
}

JoinFile join_file_for(const std::string& alliance, const core::Device& device,
                       const std::string& token, std::vector<std::string> hubs,
                       std::string ca_pem) {
  JoinFile join;
  join.alliance = alliance;
  join.school = device.school_name;
  join.person = device.person_name;
  join.hubs = std::move(hubs);
  join.ca_pem = std::move(ca_pem);
  join.token = token;
  join.school_id = device.school.to_string();
  join.person_id = device.person.to_string();
  return join;
}

std::string join_file_text(const JoinFile& join) {
  const nlohmann::json j = {{"triad_join", kFormat}, {"alliance", join.alliance},
                            {"school", join.school}, {"person", join.person},
                            {"hubs", join.hubs},     {"ca_pem", join.ca_pem},
                            {"token", join.token}};
  nlohmann::json ids = j;
  if (!join.school_id.empty()) ids["school_id"] = join.school_id;
  if (!join.person_id.empty()) ids["person_id"] = join.person_id;
  return ids.dump() + "\n";
}

core::Result<JoinFile> parse_join_file(const std::string& text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || !j.contains("triad_join"))
    return core::invalid_argument(
        "this is not a Triad join file (ask your hub's administrator "
        "for the file `triad-hub enroll --join-file` makes)");
  if (!j["triad_join"].is_number_integer() || j["triad_join"].get<int>() != kFormat)
    return core::invalid_argument(
        "this join file was made by a newer Triad: update this device's Triad first");
  JoinFile out;
  for (auto [key, value] : {std::pair{"alliance", &out.alliance},
                            {"school", &out.school},
                            {"person", &out.person},
                            {"ca_pem", &out.ca_pem},
                            {"token", &out.token}}) {
    if (!j.contains(key) || !j[key].is_string() || j[key].get<std::string>().empty())
      return core::invalid_argument(std::string("the join file has no ") + key);
    *value = j[key].get<std::string>();
  }
  if (!j.contains("hubs") || !j["hubs"].is_array() || j["hubs"].empty())
    return core::invalid_argument("the join file names no hub address");
  std::string hubs;
  for (const auto& h : j["hubs"]) {
    if (!h.is_string()) return core::invalid_argument("the join file's hub addresses are not text");
    hubs += (hubs.empty() ? "" : ",") + h.get<std::string>();
  }
  for (auto [key, value] :
       {std::pair{"school_id", &out.school_id}, std::pair{"person_id", &out.person_id}}) {
    if (!j.contains(key)) continue;
    if (!j[key].is_string() || !core::RecordId::parse(j[key].get<std::string>()))
      return core::invalid_argument(std::string("the join file's ") + key + " is not a record id");
    *value = j[key].get<std::string>();
  }
  auto parsed = parse_hub_list(hubs);
  if (!parsed) return parsed.status();
  out.hubs = *parsed;
  if (auto token = check_sync_setting("token", out.token); !token) return token.status();
  out.ca_pem = certificates_in(out.ca_pem);  // nothing else, whatever the file holds
  if (out.ca_pem.empty())
    return core::invalid_argument("the join file's hub certificate is not a PEM certificate");
  return out;
}

core::Status write_join_file(const std::string& path, const JoinFile& join) {
  return write_new_file(path, join_file_text(join), 0600);
}

core::Result<JoinFile> read_join_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return core::not_found("cannot read the join file " + path + ": " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().size() > kMaxJoinFileBytes)
    return core::invalid_argument(path + " is too large to be a join file");
  auto join = parse_join_file(text.str());
  if (!join) return core::Status(join.status().code(), path + ": " + join.status().message());
  return join;
}

void discard_new_store(std::unique_ptr<core::Store>& store, const std::string& store_path) {
  store.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) ::unlink((store_path + suffix).c_str());
}

core::Result<std::unique_ptr<core::Store>> join_store(const JoinFile& join,
                                                      const std::string& store_path) {
  if (::access(store_path.c_str(), F_OK) == 0)
    return core::failed_precondition("there is already a store at " + store_path +
                                     ": join with another --db, or move that store away first");
  // The store first (it makes missing folders, mode 0700), then the hub's certificate in a file of
  // its own (checked as `triad config ca` checks one), then the settings. A failure removes what
  // was made: the store is new and holds nothing yet.
  core::StoreOptions options;
  options.enrolled_school = core::RecordId::parse(join.school_id).value_or(core::RecordId());
  options.enrolled_person = core::RecordId::parse(join.person_id).value_or(core::RecordId());
  auto store = core::Store::create(store_path, join.school, join.person, options);
  if (!store) return store.status();
  const std::string ca_path = store_path + ".hub-ca.pem";
  auto undo = [&](const core::Status& why) -> core::Status {
    discard_new_store(*store, store_path);
    return why;
  };
  ::unlink(ca_path.c_str());  // left by a store moved away: a public certificate, replaced
  if (core::Status s = write_new_file(ca_path, join.ca_pem, 0644); !s) return undo(s);
  SyncSettings settings;
  settings.hubs = join.hubs;
  settings.token = join.token;
  auto ca = check_sync_setting("ca", ca_path);
  if (!ca) {
    ::unlink(ca_path.c_str());
    return undo(ca.status());
  }
  settings.ca = *ca;
  if (core::Status s = save_sync_settings(**store, settings); !s) {
    ::unlink(ca_path.c_str());
    return undo(s);
  }
  return store;
}

}  // namespace triad::client
