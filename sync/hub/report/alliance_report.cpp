#include "alliance_report.h"

#include <ctime>

namespace triad::report {

core::Result<AllianceReport> compute_alliance_report(core::Replica& store,
                                                     core::DeviceRegistry& devices,
                                                     const ReportOptions& options) {
  AllianceReport out;
  out.alliance = devices.alliance();
  out.generated_ms =
      options.now_ms ? options.now_ms : static_cast<uint64_t>(std::time(nullptr)) * 1000;
  ReportOptions o = options;
  o.now_ms = out.generated_ms;
  auto health = compute_sync_health(store, devices, o);
  if (!health) return health.status();
  auto activity = compute_activity(store, out.generated_ms);
  if (!activity) return activity.status();
  auto enquiries = compute_enquiries(store);
  if (!enquiries) return enquiries.status();
  out.sync_health = std::move(health.value());
  out.activity = std::move(activity.value());
  out.enquiries = std::move(enquiries.value());
  return out;
}

}  // namespace triad::report
