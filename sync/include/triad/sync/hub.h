// The hub apart from the network: its store (the whole alliance's records), enrolment of
// devices, authentication of tokens, and the sharing rules applied per device. The transport
// calls it only from its one store thread, so it is not thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "triad/core/sharing.h"
#include "triad/core/store.h"
#include "triad/sync/frame.h"
#include "triad/sync/log_text.h"

namespace triad::sync {

struct HubLimits {
  uint32_t max_batch_records = 500;
  size_t max_batch_bytes = 1 << 20;
  uint32_t max_frame_bytes = kDefaultMaxFrameBytes;
};

struct Enrolment {
  core::Device device;
  std::string token;  // shown once; the hub keeps only the hash of its secret
};

class Hub {
 public:
  // Creates a hub store for `alliance` at `path` (fails if a file is there).
  static core::Result<std::unique_ptr<Hub>> init(const std::string& path, const std::string& alliance,
                                                 core::StoreOptions options = {});
  static core::Result<std::unique_ptr<Hub>> open(const std::string& path, core::StoreOptions options = {});

  core::Store& store() { return *store_; }
  const std::string& alliance() const { return alliance_; }
  HubLimits& limits() { return limits_; }

  // Enrols a device of `person` at `school` (both added to the alliance's roster if new) and
  // returns its token. A hub role is a lower hub; a lead role may read reports only.
  core::Result<Enrolment> enrol(const std::string& school, const std::string& person, core::DeviceRole role);
  // The device a token belongs to; kFailedPrecondition for an unknown, wrong or revoked token.
  core::Result<core::Device> authenticate(const std::string& token);
  core::Viewer viewer_of(const core::Device& device) const;

  // Where the hub reports what it does (refusals, sessions); stderr by default in triad-hub.
  // Every line is escaped (log_text.h) on its way: peers choose some of what it says.
  void set_log(std::function<void(const std::string&)> log) { log_ = std::move(log); }
  void log(const std::string& line) const {
    if (log_) log_(escape_for_log(line));
  }

 private:
  Hub(std::unique_ptr<core::Store> store, std::string alliance)
      : store_(std::move(store)), alliance_(std::move(alliance)) {}
  std::unique_ptr<core::Store> store_;
  std::string alliance_;
  HubLimits limits_;
  std::function<void(const std::string&)> log_;
};

}  // namespace triad::sync
