// Who may sync: a real hub over TLS refuses wrong, malformed, revoked and lead tokens with exit
// code 2 and a message that says what to do, and stores nothing from the refused device; a device
// that cannot verify the hub's certificate, or speaks plain TCP to a TLS hub, fails cleanly.
#include <catch2/catch.hpp>

#include "hub_process.h"

using namespace triad::integration;

namespace {

// `triad sync` of `device` with exactly these connection arguments.
ProcessResult sync_with(const Device& device, const std::vector<std::string>& args) {
  std::vector<std::string> full{"sync", "--timeout", "5"};
  full.insert(full.end(), args.begin(), args.end());
  return device.run(full);
}

void refused(const ProcessResult& r, int exit_code, const std::string& message) {
  INFO("exit " << r.exit_code << " after " << r.took.count() << " ms\nstdout: " << r.out
               << "\nstderr: " << r.err);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == exit_code);
  CHECK(contains(r.err, message));
  CHECK_FALSE(contains(r.out, "synced with the hub"));
}

// A device of Woodroffe that holds one alliance-scope enquiry the hub must never see.
struct Outsider {
  Device device;
  std::string title = "Enquiry of a refused device";
  Outsider(HubProcess& hub, const std::string& person) : device(hub, "Woodroffe", person) {
    device.add("enquiry", {"title=" + title});
  }
};

}  // namespace

TEST_CASE("wrong, malformed and lead tokens are refused and nothing reaches the hub",
          "[integration][auth]") {
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  Outsider ben(hub, "Ben Lee");
  const std::string lead = hub.enroll("Woodroffe", "Dee Lead", "lead");
  hub.start();
  ana.sync_ok();
  const std::string before = hub.export_json();
  const std::vector<std::string> tls{"--hub", hub.address(), "--ca", hub.cert()};
  int files = 0;
  auto with_token = [&](const std::string& token) {
    std::vector<std::string> args = tls;
    const std::string file = hub.dir().file("other-token-" + std::to_string(++files));
    args.insert(args.end(), {"--token-file", write_token_file(file, token)});
    return sync_with(ben.device, args);
  };

  const std::string token = ben.device.token();
  const std::string wrong_secret =
      token.substr(0, 9) + std::string(32, token[9] == '0' ? '1' : '0');
  refused(with_token(wrong_secret), kExitBadInput, "the hub does not accept this device's token");
  refused(with_token("0badf00d." + std::string(32, 'a')), kExitBadInput,
          "the hub does not accept this device's token");
  refused(with_token("not-a-token"), kExitBadInput, "not of the form ID.SECRET");
  refused(with_token(token.substr(0, 20)), kExitBadInput, "not of the form ID.SECRET");
  refused(with_token(lead), kExitBadInput, "lead");

  CHECK(hub.export_json() == before);
  CHECK_FALSE(contains(hub.export_json(), ben.title));
  CHECK(contains(hub.log(), "refused"));
  // The same device with its real token is let in: the refusals were about the tokens alone.
  ben.device.sync_ok();
  CHECK(contains(hub.export_json("enquiry"), ben.title));
}

TEST_CASE("a token revoked while the hub runs is refused from the next session on",
          "[integration][auth]") {
  HubProcess hub;
  Outsider ben(hub, "Ben Lee");
  hub.start();
  ben.device.sync_ok();
  REQUIRE(contains(hub.export_json("enquiry"), ben.title));

  const ProcessResult revoke = hub.admin({"revoke", ben.device.token_id()});
  INFO(revoke.err);
  REQUIRE(revoke.exit_code == kExitOk);
  CHECK(contains(revoke.out, "revoked token " + ben.device.token_id()));
  ben.device.add("enquiry", {"title=Written after the revocation"});
  const std::string before = hub.export_json();

  refused(ben.device.sync(), kExitBadInput, "revoked");
  CHECK(hub.export_json() == before);
  CHECK_FALSE(contains(hub.export_json(), "Written after the revocation"));
  const ProcessResult devices = hub.admin({"devices"});
  CHECK(contains(devices.out, "(revoked"));
  // Refused for good, not only once.
  refused(ben.device.sync(), kExitBadInput, "revoked");
  CHECK(hub.serving());
}

TEST_CASE("a device that cannot verify the hub's certificate is refused before it sends anything",
          "[integration][auth][tls]") {
  HubProcess hub;
  Outsider ben(hub, "Ben Lee");
  hub.start();
  const std::string before = hub.export_json();
  make_self_signed_cert(hub.dir().path().string(),
                        "impostor");  // same name and address, another key
  const std::vector<std::string> base{"--hub", hub.address()};

  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return sync_with(ben.device, args);
  };
  refused(with({"--ca", hub.dir().file("impostor.crt")}), kExitBadInput, "could not be verified");
  refused(with({}), kExitBadInput,
          "could not be verified");  // the system's CAs do not know a self-signed hub
  CHECK(hub.export_json() == before);
  // The right certificate lets the same device in.
  const ProcessResult ok = with({"--ca", hub.cert()});
  INFO(ok.err);
  CHECK(ok.exit_code == kExitOk);
  CHECK(contains(hub.export_json("enquiry"), ben.title));
}

TEST_CASE("plain TCP against a TLS hub, and TLS against a plain hub, fail cleanly without hanging",
          "[integration][auth][tls]") {
  HubProcess tls_hub;
  Outsider ben(tls_hub, "Ben Lee");
  tls_hub.start();
  const std::string before = tls_hub.export_json();
  const ProcessResult plain =
      sync_with(ben.device, {"--hub", tls_hub.address(), "--insecure-plaintext"});
  INFO("plain TCP to a TLS hub: exit " << plain.exit_code << " in " << plain.took.count()
                                       << " ms: " << plain.err);
  CHECK_FALSE(plain.timed_out);
  CHECK(plain.exit_code != kExitOk);
  CHECK(plain.exit_code > 0);  // an exit, not a crash
  CHECK_FALSE(plain.err.empty());
  CHECK(plain.took < 4s);  // well inside the 5 s timeout: the hub hangs up, the client notices
  CHECK(tls_hub.export_json() == before);
  ben.device.sync_ok();  // the hub is unharmed

  HubProcess plain_hub(HubOptions{.tls = false});
  Outsider cara(plain_hub, "Cara Wu");
  plain_hub.start();
  const ProcessResult tls =
      sync_with(cara.device, {"--hub", plain_hub.address(), "--ca", tls_hub.cert()});
  INFO("TLS to a plain hub: exit " << tls.exit_code << " in " << tls.took.count()
                                   << " ms: " << tls.err);
  CHECK_FALSE(tls.timed_out);
  CHECK(tls.exit_code != kExitOk);
  CHECK(tls.exit_code > 0);
  CHECK_FALSE(tls.err.empty());
  CHECK(tls.took < 4s);
  CHECK_FALSE(contains(plain_hub.export_json(), cara.title));
  cara.device.sync_ok();
}
