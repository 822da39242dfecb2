// A realistic alliance for the dashboard tests, built through the real session state machines (no
// network): six schools, two teachers each, a term and more of observations, coaching, lesson
// study and shared learning logs (and a few records of 2013-14, then none for years), three
// enquiries with baseline and impact evidence, lesson studies observed, cycles and field notes.
// Dates are relative to the real clock, so "not synced for 14 days" means what it says when a
// real hub serves the store. One school last synced 20 days ago (stale); one was enrolled and never
// synced.
//
// It also plants records that must never show: a private journal (put straight into the hub's
// store, as a broken device might), a participants-only observation and a school-scope coaching
// session, each carrying a marker string. Not thread-safe.
#pragma once

#include <string>
#include <vector>

#include "sync_fixture.h"

namespace triad::testing {

// Text planted in records no report may show.
inline const std::vector<std::string> kPrivateMarkers{
    "PRIVATE-JOURNAL-MARKER-7f3a", "PARTICIPANTS-MARKER-5c1d", "SCHOOL-SCOPE-MARKER-91be"};

struct SeededAlliance {
  std::string lead_token;    // an alliance lead's token (role lead)
  std::string device_token;  // a teacher's device token
  std::string hub_token;     // a lower hub's token (role hub)
};

// Fills `a` (whose hub store may be a file); `now_ms` is the real time at which it is viewed.
SeededAlliance seed_alliance(Alliance& a, uint64_t now_ms);

}  // namespace triad::testing
