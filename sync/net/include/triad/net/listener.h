// What every Triad server does before and around its connections: the hub's sync port
// (sync/hub/server/hub_server.cpp) and its leads' dashboard (sync/hub/dashboard) load their
// certificate under one TLS policy, listen on a HOST:PORT, and accept connections, pausing when out
// of file handles (connection_limits.h). Errors name the file or address at fault, in the same
// words for both servers. Called from the server's I/O thread (accept_connections) or before it
// runs.
#pragma once

#include <functional>
#include <string>

#include "triad/core/status.h"
#include "triad/net/asio.h"

namespace triad::net {

// A server's TLS context: the policy of tls_policy.h, the PEM certificate chain in `cert_file`
// and the PEM private key in `key_file`. kInvalidArgument naming the file that cannot be used.
core::Result<asio::ssl::context> server_tls_context(const std::string& cert_file,
                                                    const std::string& key_file);

// Where to listen for `listen` (HOST:PORT, address.h; port 0 picks a free port).
// kInvalidArgument when it is not such an address or its host does not resolve.
core::Result<tcp::endpoint> listen_endpoint(asio::io_context& io, const std::string& listen);

// Opens `acceptor` on `endpoint` (from listen_endpoint(`listen`)) and listens. kUnavailable when
// the port is taken or not this process's to use.
core::Status start_listening(tcp::acceptor& acceptor, const tcp::endpoint& endpoint,
                             const std::string& listen);

// Accepts connections until `acceptor` is closed, handing each to `serve`. When accept() fails it
// pauses and logs as AcceptFailures (connection_limits.h) says, with `log`. Never throws.
awaitable<void> accept_connections(tcp::acceptor& acceptor,
                                   std::function<void(const std::string&)> log,
                                   std::function<void(tcp::socket)> serve);

}  // namespace triad::net
