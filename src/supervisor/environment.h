// File: src/supervisor/environment.h
//
// The environment a child starts with. Thread-safe (pure function).
#pragma once

#include <string>
#include <vector>

namespace wisp::supervisor {

// `inherited` (a NULL-terminated "KEY=VALUE" array such as `environ`, may be
// null) with each `overrides` entry replacing the entry of the same key or
// appended. Order is kept: inherited first, new keys after. Entries without
// '=' in `inherited` are dropped.
std::vector<std::string> MergeEnvironment(const char* const* inherited,
                                          const std::vector<std::string>& overrides);

}  // namespace wisp::supervisor
