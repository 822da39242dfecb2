#include "triad/net/connection_limits.h"

#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <utility>

namespace triad::net {

ConnectionShare share_file_limit(uint64_t file_limit) {
  const uint64_t n =
      std::min<uint64_t>(file_limit, uint64_t{1} << 24);  // RLIM_INFINITY is not a plan
  const uint64_t kept = kFilesKeptBesideConnections + n / 16;
  const uint64_t dashboard = std::clamp<uint64_t>(n / 32, 4, 64);  // a few leads' browsers
  const uint64_t sync = n > kept + dashboard + 4 ? n - kept - dashboard : 4;
  ConnectionShare share;
  share.sync_connections = sync;
  share.sync_per_address = std::clamp<uint64_t>(sync / 2, 1, kMaxSyncConnectionsPerAddress);
  share.dashboard_connections = dashboard;
  share.dashboard_per_address =
      std::clamp<uint64_t>(dashboard / 2, 2, 16);  // a browser opens up to 6
  return share;
}

uint64_t process_file_limit() {
  rlimit r{};
  if (getrlimit(RLIMIT_NOFILE, &r) != 0) return 1024;  // defensive: Linux's usual default
  return r.rlim_cur;
}

Admission::Admission(size_t max_connections, size_t max_per_address)
    : max_connections_(std::max<size_t>(max_connections, 1)),
      max_per_address_(std::max<size_t>(max_per_address, 1)) {}

Admission::Ticket::~Ticket() {
  if (admission_) admission_->forget(id_);
}

void Admission::Ticket::advance(Stage stage) {
  if (admission_) admission_->move(id_, stage);
}

void Admission::Ticket::established() {
  if (admission_) admission_->move(id_, std::nullopt);
}

Admission::Admitted Admission::admit(const std::string& address, std::function<void()> close) {
  Outcome outcome = Outcome::kAdmitted;
  if (auto here = addresses_.find(address);
      here != addresses_.end() && here->second.open >= max_per_address_) {
    if (!push_out_first(here->second.pending))
      return {Outcome::kRefusedAtAddressLimit, std::nullopt};
    outcome = Outcome::kAdmittedPushingOut;
  }
  if (entries_.size() >= max_connections_) {
    if (!push_out_first(pending_)) return {Outcome::kRefusedAtTotalLimit, std::nullopt};
    outcome = Outcome::kAdmittedPushingOut;
  }
  const uint64_t id = next_id_++;
  entries_.emplace(id, Entry{address, std::move(close)});
  PerAddress& here = addresses_[address];
  ++here.open;
  here.pending[0].insert(id);
  pending_[0].insert(id);
  return {outcome, Ticket(this, id)};
}

size_t Admission::open_from(const std::string& address) const {
  auto it = addresses_.find(address);
  return it == addresses_.end() ? 0 : it->second.open;
}

bool Admission::push_out_first(Pending& pending) {
  for (std::set<uint64_t>& stage : pending) {
    if (stage.empty()) continue;
    const uint64_t id = *stage.begin();
    std::function<void()> close = std::move(entries_.at(id).close);
    forget(id);  // may erase `pending` with its address: not used after this
    if (close) close();
    return true;
  }
  return false;
}

void Admission::forget(uint64_t id) {
  auto entry = entries_.find(id);
  if (entry == entries_.end()) return;  // pushed out before its ticket ended
  auto here = addresses_.find(entry->second.address);
  --here->second.open;
  for (int stage = 0; stage < kPendingStages; ++stage) {
    here->second.pending[stage].erase(id);
    pending_[stage].erase(id);
  }
  if (here->second.open == 0) addresses_.erase(here);
  entries_.erase(entry);
}

void Admission::move(uint64_t id, std::optional<Stage> to) {
  auto entry = entries_.find(id);
  if (entry == entries_.end() || entry->second.established)
    return;  // pushed out, or established already
  const int from = entry->second.stage;
  if (to && static_cast<int>(*to) <= from) return;
  PerAddress& here = addresses_.at(entry->second.address);
  here.pending[from].erase(id);
  pending_[from].erase(id);
  if (!to) {
    entry->second.established = true;
    entry->second.close = nullptr;
    return;
  }
  entry->second.stage = static_cast<int>(*to);
  here.pending[entry->second.stage].insert(id);
  pending_[entry->second.stage].insert(id);
}

std::optional<size_t> LogThrottle::count(Clock::time_point now) {
  ++unreported_;
  if (last_line_ && now - *last_line_ < interval_) return std::nullopt;
  last_line_ = now;
  return std::exchange(unreported_, 0);
}

AfterAcceptFailure AcceptFailures::on_failure(int error, const std::string& message,
                                              LogThrottle::Clock::time_point now) {
  AfterAcceptFailure after;
  const bool out_of_resources =
      error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM;
  if (out_of_resources) after.pause = kAcceptPause;
  if (const auto n = throttle_.count(now)) {
    after.log_line = *n == 1 ? "accept failed: " + message
                             : "accept failed " + std::to_string(*n) +
                                   " times since the last such line: " + message;
    if (out_of_resources)
      *after.log_line += "; new connections wait in the queue, accepting again every " +
                         std::to_string(kAcceptPause.count()) +
                         " ms (at most one such line per 10 s)";
  }
  return after;
}

}  // namespace triad::net
