// File: src/apimachinery/go_format.h (private)
//
// Go formatting helpers so messages match upstream byte for byte:
// GoQuote is strconv.Quote / fmt's %q, GoValue is how field.Error prints a
// bad value. Pure functions: thread-safe.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace wisp::apimachinery::internal {

// strconv.Quote: double-quoted, Go escapes, invalid UTF-8 bytes as \xNN.
std::string GoQuote(std::string_view s);

// A JSON number as Go's %v prints it (integers decimal, floats shortest 'g').
std::string GoNumber(const nlohmann::json& number);

}  // namespace wisp::apimachinery::internal
