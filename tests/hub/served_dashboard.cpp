#include "served_dashboard.h"

// clang-format off: Boost 1.74's Asio under C++20 needs std::exchange declared first
#include <utility>
// clang-format on
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <catch2/catch.hpp>
#include <ctime>
#include <regex>

namespace triad::testing {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

Env hub_env(const TempDir& dir) { return {{"HOME", dir.path().string()}, {"TZ", "UTC"}}; }

}  // namespace

ServedDashboard::ServedDashboard() {
  {
    Alliance a(dir_.file("hub.db"));
    seeded_ = seed_alliance(a, static_cast<uint64_t>(std::time(nullptr)) * 1000);
    hub_location_ = a.hub_location;
    database_ = std::move(a.database);  // the PostgreSQL run's database outlives the alliance
  }
  const std::vector<std::string> cert{"req",
                                      "-x509",
                                      "-newkey",
                                      "rsa:2048",
                                      "-nodes",
                                      "-keyout",
                                      dir_.file("hub.key"),
                                      "-out",
                                      dir_.file("hub.crt"),
                                      "-days",
                                      "2",
                                      "-subj",
                                      "/CN=triad test hub",
                                      "-addext",
                                      "subjectAltName=IP:127.0.0.1,DNS:localhost"};
  REQUIRE(run_process(TRIAD_OPENSSL_PATH, cert, {}, 30s).exit_code == 0);
  hub_ = std::make_unique<ChildProcess>(
      TRIAD_HUB_PATH,
      std::vector<std::string>{"--db", hub_location_, "serve", "--listen", "127.0.0.1:0", "--cert",
                               dir_.file("hub.crt"), "--key", dir_.file("hub.key"), "--dashboard",
                               "127.0.0.1:0"},
      hub_env(dir_), dir_.file("hub.log"));
  for (int i = 0; i < 2 && port_ == 0; ++i) {
    const auto line = hub_->read_line(10s);
    INFO("triad-hub serve printed: " << line.value_or("(nothing)")
                                     << "\nlog: " << read_file_bytes(dir_.file("hub.log")));
    REQUIRE(line);
    static const std::regex kDashboard(R"(^dashboard on https://127\.0\.0\.1:(\d+)/$)");
    std::smatch m;
    if (std::regex_match(*line, m, kDashboard))
      port_ = static_cast<uint16_t>(std::stoi(m[1].str()));
  }
  REQUIRE(port_ != 0);
}

ServedDashboard::~ServedDashboard() {
  if (hub_ && hub_->running()) hub_->stop(5s);
}

ProcessResult ServedDashboard::admin(const std::vector<std::string>& args) const {
  std::vector<std::string> full{"--db", hub_location_};
  full.insert(full.end(), args.begin(), args.end());
  return run_process(TRIAD_HUB_PATH, full, hub_env(dir_), 30s);
}

std::string ServedDashboard::login_link() const {
  return login_link(seeded_.lead_token.substr(0, seeded_.lead_token.find('.')));
}

std::string ServedDashboard::enrol_admin(const std::string& person) const {
  const ProcessResult r =
      admin({"enroll", "--school", "Alliance office", "--person", person, "--role", "admin"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const size_t at = r.out.find("token: ");
  REQUIRE(at != std::string::npos);
  return r.out.substr(at + 7, r.out.find('\n', at) - at - 7);
}

std::string ServedDashboard::login_link(const std::string& token_id) const {
  const ProcessResult r = admin({"login-link", token_id});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.out.rfind("/login?code=", 0) == 0);
  return r.out.substr(0, r.out.find('\n'));
}

HttpReply ServedDashboard::request(const std::string& method, const std::string& target,
                                   const std::map<std::string, std::string>& headers,
                                   const std::string& body) const {
  asio::io_context io;
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.load_verify_file(dir_.file("hub.crt"));
  tls.set_verify_mode(asio::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(io, tls);
  beast::get_lowest_layer(stream).expires_after(10s);
  beast::get_lowest_layer(stream).connect(
      asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
  stream.handshake(asio::ssl::stream_base::client);
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1");
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  if (method != "HEAD") req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(16 << 20);
  if (method == "HEAD") parser.skip(true);
  http::read(stream, buffer, parser);
  HttpReply out;
  out.status = static_cast<int>(parser.get().result_int());
  for (const auto& f : parser.get()) {
    std::string name(f.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(f.value());
  }
  out.body = parser.get().body();
  boost::system::error_code ignored;
  beast::get_lowest_layer(stream).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  return out;
}

}  // namespace triad::testing
