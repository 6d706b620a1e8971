// File: config/yaml_reader.h
//
// Typed, strict reading of a yaml-cpp node tree into C++ values. Every read
// takes the YAML path of the node; problems (wrong type, unknown or duplicate
// field, ...) are recorded in a Problems list with the node's line instead of
// being thrown, so one pass reports everything. A null value (`key:` or
// `key: null`) leaves the target at its default.
//
// Lines of every field key and list item read are recorded in a LineIndex
// so later semantic checks can point at them too.
//
// yaml-cpp is private to the config module; this header must not be included
// from include/. Thread-compatible.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/problems.h"

namespace wisp::config::internal {

// "a map", "a list", "null", "a string", "an integer" ... for messages.
std::string DescribeNode(const YAML::Node& node);

// The closest of `known` to `name` (case-insensitive, or within a small edit
// distance); "" if none is close.
std::string_view ClosestName(std::string_view name, const std::vector<std::string_view>& known);

class YamlReader {
 public:
  // Called with a field's value and its path.
  using Reader = std::function<void(const YAML::Node& value, const std::string& path)>;
  struct FieldSpec {
    std::string_view name;
    Reader read;
  };

  // Both must outlive the reader.
  YamlReader(Problems& problems, LineIndex& lines) : problems_(problems), lines_(lines) {}

  // Reads a map whose keys must be among `fields`, in the document's order.
  // Reports non-maps, non-string keys, duplicate keys and unknown keys (with
  // a suggestion and the list of known ones). Returns false if `node` is
  // neither a map nor null.
  bool ReadMap(const YAML::Node& node, std::string_view path, const std::vector<FieldSpec>& fields);

  // Scalars. ReadInt accepts only plain decimal integers: `"6443"` (a quoted
  // string) and `6443.0` are errors. ReadString accepts any scalar.
  void ReadString(const YAML::Node& node, std::string_view path, std::string& out);
  void ReadInt(const YAML::Node& node, std::string_view path, int& out);

  // The text of a scalar; reports anything else (including null) as an error
  // naming `expected`.
  std::optional<std::string> Scalar(const YAML::Node& node, std::string_view path,
                                    std::string_view expected);

  // Calls `read` for every item of a list with the item's path ("p[2]").
  // Returns false (and reports) if `node` is neither a list nor null.
  bool ReadList(const YAML::Node& node, std::string_view path, const Reader& read);
  void ReadStringList(const YAML::Node& node, std::string_view path, std::vector<std::string>& out);

  // A map of string keys to scalar values (any key accepted).
  void ReadStringMap(const YAML::Node& node, std::string_view path,
                     std::map<std::string, std::string>& out);

  void Error(std::string_view path, std::string message) {
    problems_.Add(path, std::move(message));
  }

 private:
  void RecordLine(const std::string& path, const YAML::Node& node);
  // Validates a map key; returns its text or nullopt after reporting.
  std::optional<std::string> Key(const YAML::Node& key, std::string_view path,
                                 std::map<std::string, int>& seen);

  Problems& problems_;
  LineIndex& lines_;
};

}  // namespace wisp::config::internal
