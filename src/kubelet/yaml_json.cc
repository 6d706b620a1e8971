// File: src/kubelet/yaml_json.cc
#include "kubelet/yaml_json.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "wisp/base/strings.h"

namespace wisp::kubelet {
namespace {

using nlohmann::json;

json Scalar(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  if (node.Tag() == "!") return s;  // Quoted.
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  const char* begin = s.c_str();
  char* end = nullptr;
  errno = 0;
  long long i = std::strtoll(begin, &end, 10);
  if (errno == 0 && end != begin && *end == '\0' && s.find_first_of("xXoO") == std::string::npos) {
    return i;
  }
  if (s.find_first_of("0123456789") != std::string::npos &&
      s.find_first_not_of("0123456789+-.eE") == std::string::npos) {
    errno = 0;
    double d = std::strtod(begin, &end);
    if (errno == 0 && end != begin && *end == '\0') return d;
  }
  return s;
}

json Convert(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      json out = json::object();
      for (const auto& kv : node) out[kv.first.Scalar()] = Convert(kv.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      json out = json::array();
      for (const auto& item : node) out.push_back(Convert(item));
      return out;
    }
    case YAML::NodeType::Scalar:
      return Scalar(node);
    default:
      return nullptr;
  }
}

}  // namespace

absl::StatusOr<json> YamlToJson(std::string_view text) {
  try {
    YAML::Node root = YAML::Load(std::string(text));
    return Convert(root);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(base::StrCat("line ", e.mark.line + 1, ": ", e.msg));
  }
}

}  // namespace wisp::kubelet
