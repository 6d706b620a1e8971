// File: wisp/component/component.h
//
// The lifecycle every wisp component implements (design.md §1):
//
//      Init ──► Start ──► Ready? ──► (serving; Healthy? polled) ──► Stop
//       │         │                                                 ▲
//       └─ error ─┴──────────────── error: Stop() still called ─────┘
//
//   Init   fallible preparation: validate settings, create directories. No
//          threads, no children, no sockets yet.
//   Start  begins serving and returns once the work is running (threads
//          started, child spawned). It need not be ready yet.
//   Ready  OK once the component accepts work (e.g. its socket answers).
//   Healthy OK while the component works; may turn to an error later.
//   Stop   idempotent; drains in-flight work with a deadline and releases
//          everything Start acquired. Safe to call after a failed Start.
//
// Implementations say in their class comment whether they are thread-safe;
// the Manager calls Init/Start/Stop from one thread, Ready/Healthy from any.
#pragma once

#include <string>

#include "absl/status/status.h"

namespace wisp::component {

class Component {
 public:
  virtual ~Component() = default;

  // A short stable name, used in logs, pid files and log files.
  virtual std::string Name() const = 0;

  virtual absl::Status Init() = 0;
  virtual absl::Status Start() = 0;
  virtual absl::Status Ready() const = 0;
  virtual absl::Status Healthy() const { return Ready(); }
  virtual absl::Status Stop() = 0;
};

}  // namespace wisp::component
