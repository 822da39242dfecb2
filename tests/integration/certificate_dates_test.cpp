// A device whose date lies outside the hub certificate's validity (issue 12 item 2): `triad
// sync` must say that the device's date looks wrong, showing that date and the certificate's
// validity window, instead of sending the teacher to check --ca. The certificates are made with
// `openssl ca`, which can date a certificate in the future or in the past; no clock is faked.
#include <catch2/catch.hpp>
#include <ctime>
#include <fstream>

#include "hub_process.h"

using namespace triad;
using namespace triad::integration;

namespace {

// Replaces the hub's certificate with one for the same key, valid from `start` to `end`
// (YYYYMMDDHHMMSSZ), self-signed like the original.
void redate_certificate(const HubProcess& hub, const std::string& start, const std::string& end) {
  const std::string dir = hub.dir().path().string();
  std::ofstream(dir + "/ca.cnf")
      << "[ca]\ndefault_ca = c\n[c]\ndatabase = " << dir << "/index.txt\nnew_certs_dir = " << dir
      << "\nserial = " << dir
      << "/serial\ndefault_md = sha256\npolicy = p\ncopy_extensions = copy\n"
         "unique_subject = no\n[p]\ncommonName = supplied\n";
  std::ofstream(dir + "/index.txt").flush();
  std::ofstream(dir + "/serial") << "01\n";
  const auto openssl = [](const std::vector<std::string>& args) {
    const ProcessResult r = run_process(TRIAD_OPENSSL_PATH, args, {}, 30s);
    INFO(command_line(TRIAD_OPENSSL_PATH, args) << "\n" << r.err);
    REQUIRE(r.exit_code == 0);
  };
  openssl({"req", "-new", "-key", hub.key(), "-subj", "/CN=triad test hub", "-addext",
           "subjectAltName=IP:127.0.0.1,DNS:localhost", "-out", dir + "/hub.csr"});
  openssl({"ca", "-batch", "-config", dir + "/ca.cnf", "-selfsign", "-keyfile", hub.key(), "-in",
           dir + "/hub.csr", "-startdate", start, "-enddate", end, "-notext", "-out", hub.cert()});
}

std::string today_utc() {
  const std::time_t now = std::time(nullptr);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", std::gmtime(&now));
  return text;
}

void says_the_date_looks_wrong(const std::string& start, const std::string& end,
                               const std::string& window_from, const std::string& window_to) {
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  redate_certificate(hub, start, end);
  hub.start();
  const ProcessResult r = ana.sync();
  INFO("exit " << r.exit_code << ": " << r.err);
  CHECK(r.exit_code == kExitBadInput);
  CHECK(contains(r.err, "date"));
  CHECK(contains(r.err, "looks wrong"));
  CHECK(contains(r.err, today_utc()));  // the device's date
  CHECK(contains(r.err, window_from));  // the certificate's validity
  CHECK(contains(r.err, window_to));
  CHECK_FALSE(contains(r.err, "check --ca"));
}

}  // namespace

TEST_CASE("a hub certificate not yet valid by the device's date: the date looks wrong",
          "[integration][tls]") {
  says_the_date_looks_wrong("20350101000000Z", "20360101000000Z", "2035-01-01", "2036-01-01");
}

TEST_CASE(
    "a hub certificate expired by the device's date: the date looks wrong, or the certificate "
    "expired",
    "[integration][tls]") {
  says_the_date_looks_wrong("20200101000000Z", "20210101000000Z", "2020-01-01", "2021-01-01");
}
