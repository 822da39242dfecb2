// HOST:PORT as every Triad end reads it (triad/net/address.h): what is accepted, what the host and
// port come out as, and the words for what is refused.
#include "triad/net/address.h"

#include <catch2/catch.hpp>
#include <vector>

using namespace triad;

TEST_CASE("addresses of the form HOST:PORT give their host and port", "[net][address]") {
  struct Case {
    std::string text, host, port;
  };
  const std::vector<Case> cases{{"127.0.0.1:7400", "127.0.0.1", "7400"},
                                {"hub.themead.org:7400", "hub.themead.org", "7400"},
                                {"localhost:0", "localhost", "0"},
                                {"[::1]:7443", "::1", "7443"},
                                {"[fe80::1%eth0]:7400", "fe80::1%eth0", "7400"},
                                {"0.0.0.0:65535", "0.0.0.0", "65535"},
                                {"hub:007400", "hub", "007400"}};
  for (const Case& c : cases) {
    INFO(c.text);
    const auto parsed = net::parse_address(c.text);
    REQUIRE(parsed);
    CHECK(parsed->host == c.host);
    CHECK(parsed->port == c.port);
  }
}

TEST_CASE("an address without a host or a port, or with a port that is not one, is refused",
          "[net][address]") {
  const std::vector<std::pair<std::string, std::string>> refused{
      {"", "'' is not an address of the form HOST:PORT (for example 127.0.0.1:7400)"},
      {"hub.themead.org", "'hub.themead.org' is not an address of the form HOST:PORT"},
      {":7400", "':7400' is not an address of the form HOST:PORT"},
      {"127.0.0.1:", "'127.0.0.1:' is not an address of the form HOST:PORT"},
      {"[::1]", "the port in '[::1]' is not a number"},
      {"127.0.0.1:74x", "the port in '127.0.0.1:74x' is not a number"},
      {"127.0.0.1:-1", "the port in '127.0.0.1:-1' is not a number"},
      {"127.0.0.1:65536", "the port in '127.0.0.1:65536' is over 65535"},
      // Twenty digits: more than an unsigned long holds.
      {"127.0.0.1:99999999999999999999", "is over 65535"}};
  for (const auto& [text, words] : refused) {
    INFO(text);
    const auto parsed = net::parse_address(text);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.status().code() == core::StatusCode::kInvalidArgument);
    CHECK_THAT(parsed.status().message(), Catch::Contains(words));
  }
}
