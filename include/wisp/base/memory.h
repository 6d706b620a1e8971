// File: wisp/base/memory.h
//
// Keeps the resident memory of wisp's long-running processes (datastore,
// apiserver) small. Most of an idle process's RSS is not heap: it is the pages of the
// executable (and, in a dynamically linked build, the shared libraries) that
// start-up touched once (flag parsing, SQLite open and schema check, gRPC
// init) and never runs again.
//
//   TuneMalloc()               at most two malloc arenas instead of one per
//                              thread, and a low trim threshold, so freed
//                              memory goes back to the OS
//   ReleaseCodePages()         drops the read-only, never-written file
//                              mappings (executable, libraries) from this process's
//                              page tables; pages still in use fault back in
//                              from the page cache (a minor fault)
//
// Both are process-wide and idempotent. Thread-safe: other threads may run
// code from the released pages meanwhile (they simply fault it back in).
#pragma once

#include <cstddef>

#include "absl/status/statusor.h"

namespace wisp::base {

void TuneMalloc();

// Returns the bytes advised away. Mappings with private (copy-on-write)
// pages, such as relocated data, are never touched.
absl::StatusOr<size_t> ReleaseCodePages();

}  // namespace wisp::base
