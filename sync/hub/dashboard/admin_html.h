// The admin page's HTML, from what the page shows (AdminView): no script, one style block under
// the response's nonce, every form a POST carrying the session's anti-forgery token. Pure.
#pragma once

#include <string>
#include <vector>

#include "triad/core/devices.h"

namespace triad::dashboard {

// What a form did, shown in its own section: done, or what was wrong.
struct Notice {
  std::string section;  // "enrol", "devices", "schools", "people", "erase"
  std::string message;
  bool error = false;
};

struct RosterSchool {
  std::string id, name;
  std::vector<std::pair<std::string, std::string>> people;  // id, name
  size_t devices = 0;                                       // valid tokens enrolled at it
};

struct AdminView {
  std::string alliance, admin_name, admin_token_id, form_token;
  Notice notice;
  // The enrol form's values, kept after a refusal; the schools a mistyped name may mean.
  std::string enrol_school, enrol_person;
  std::vector<std::string> did_you_mean;
  bool join_files = false;        // the hub knows the addresses and certificate a join file needs
  std::string join_hubs_guessed;  // the addresses join files hold, when the hub guessed them
  std::string enrolled_html;      // after an enrolment: the join file's QR code and download
  std::string erase_question;     // before an erasure: what would be erased, asking to confirm
  std::string erase_record;       // the record that question is about
  std::vector<core::Device> devices;
  std::vector<RosterSchool> schools;
};

std::string admin_page_html(const AdminView& view, const std::string& style_nonce);

}  // namespace triad::dashboard
