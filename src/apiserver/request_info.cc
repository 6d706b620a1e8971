// File: src/apiserver/request_info.cc
#include "apiserver/request_info.h"

#include "absl/strings/match.h"

#include <vector>

namespace wisp::apiserver {
namespace {

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) parts.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return parts;
}

bool IsTrue(const std::multimap<std::string, std::string>& query, const std::string& key) {
  auto it = query.find(key);
  // Upstream's query conversion: "0" and "false" (any case) are false.
  return it != query.end() && it->second != "0" && !absl::EqualsIgnoreCase(it->second, "false");
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

RequestInfo ParseRequestInfo(std::string_view method, std::string_view path,
                             const std::multimap<std::string, std::string>& query) {
  RequestInfo info;
  info.path = std::string(path);
  info.verb = Lower(method);
  std::vector<std::string> parts = SplitPath(path);
  if (parts.empty() || (parts[0] != "api" && parts[0] != "apis")) return info;
  info.api_prefix = parts[0];
  size_t at = 1;
  if (info.api_prefix == "apis") {
    if (parts.size() < 4) return info;  // /apis, /apis/g, /apis/g/v are discovery
    info.group = parts[1];
    info.version = parts[2];
    at = 3;
  } else {
    if (parts.size() < 3) return info;  // /api, /api/v1
    info.version = parts[1];
    at = 2;
  }
  info.is_resource = true;
  bool watch_prefix = false;
  if (parts[at] == "watch") {
    watch_prefix = true;
    ++at;
    if (at >= parts.size()) {
      info.is_resource = false;
      return info;
    }
  }
  std::vector<std::string> rest(parts.begin() + static_cast<long>(at), parts.end());
  if (rest[0] == "namespaces" && rest.size() > 1) {
    info.namespace_ = rest[1];
    if (rest.size() > 2 && rest[2] != "status" && rest[2] != "finalize") {
      rest.erase(rest.begin(), rest.begin() + 2);
    }
  }
  info.resource = rest[0];
  if (rest.size() > 1) info.name = rest[1];
  if (rest.size() > 2) info.subresource = rest[2];
  if (rest.size() > 3) {
    // Deeper paths (e.g. proxy/...) keep the remainder in the subresource.
    for (size_t i = 3; i < rest.size(); ++i) info.subresource += "/" + rest[i];
  }

  if (watch_prefix) {
    info.verb = "watch";
  } else if (method == "GET" || method == "HEAD") {
    // As upstream's RequestInfoFactory: ?watch only turns a collection GET
    // into a watch; a named GET stays a get (/watch/... watches one object).
    info.verb = info.name.empty() ? (IsTrue(query, "watch") ? "watch" : "list") : "get";
  } else if (method == "POST") {
    info.verb = "create";
  } else if (method == "PUT") {
    info.verb = "update";
  } else if (method == "PATCH") {
    info.verb = "patch";
  } else if (method == "DELETE") {
    info.verb = info.name.empty() ? "deletecollection" : "delete";
  }
  return info;
}

}  // namespace wisp::apiserver
