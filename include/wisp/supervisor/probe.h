// File: wisp/supervisor/probe.h
//
// Readiness probes for supervised processes: a probe answers OK once the
// process accepts work, Unavailable (with the reason) before. Each probe
// makes one short attempt per call and never blocks longer than its timeout;
// the caller (component::Manager) does the polling.
//
// Probes are thread-safe: they capture only immutable values.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "absl/status/status.h"

namespace wisp::supervisor {

using ReadinessProbe = std::function<absl::Status()>;

// OK once a stream connection to the unix socket at `path` succeeds.
ReadinessProbe UnixSocketProbe(std::string path);

// OK once a TCP connection to host:port succeeds within `timeout`. `host` is
// a name or a numeric IPv4/IPv6 address.
ReadinessProbe TcpProbe(std::string host, int port,
                        std::chrono::milliseconds timeout = std::chrono::seconds(1));

// OK once `path` exists.
ReadinessProbe FileExistsProbe(std::string path);

}  // namespace wisp::supervisor
