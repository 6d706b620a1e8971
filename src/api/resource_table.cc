// Parser of the built-in resource table (format in resource_table.h).
#include "api/resource_table.h"

#include <algorithm>
#include <cctype>

#include "wisp/base/strings.h"

namespace wisp::api::internal {
namespace {

using base::StrCat;

const std::vector<std::string> kStandardVerbs = {"create", "delete", "deletecollection", "get",
                                                 "list",   "patch",  "update",           "watch"};

std::vector<std::string> SplitList(std::string_view s, char sep) {
  std::vector<std::string> out;
  while (!s.empty()) {
    size_t pos = s.find(sep);
    std::string_view part = s.substr(0, pos);
    if (!part.empty()) out.emplace_back(part);
    if (pos == std::string_view::npos) break;
    s.remove_prefix(pos + 1);
  }
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A subresource by its template name, for a parent of the given kind.
absl::StatusOr<SubresourceInfo> SubresourceTemplate(std::string_view name,
                                                    std::string_view parent_kind) {
  const std::vector<std::string> kGetPatchUpdate = {"get", "patch", "update"};
  const std::vector<std::string> kCreateGet = {"create", "get"};
  const std::vector<std::string> kProxyVerbs = {"create", "delete", "get", "patch", "update"};
  SubresourceInfo sub;
  sub.name = std::string(name);
  if (name == "status" || name == "ephemeralcontainers" || name == "approval" || name == "resize") {
    sub.kind = std::string(parent_kind);
    sub.verbs = kGetPatchUpdate;
  } else if (name == "scale") {
    sub = {"scale", "autoscaling", "v1", "Scale", kGetPatchUpdate};
  } else if (name == "log") {
    sub.kind = "Pod";
    sub.verbs = {"get"};
  } else if (name == "binding") {
    sub.kind = "Binding";
    sub.verbs = {"create"};
  } else if (name == "eviction") {
    sub = {"eviction", "policy", "v1", "Eviction", {"create"}};
  } else if (name == "attach" || name == "exec" || name == "portforward") {
    std::string opt = name == "attach" ? "PodAttachOptions"
                      : name == "exec" ? "PodExecOptions"
                                       : "PodPortForwardOptions";
    sub.kind = opt;
    sub.verbs = kCreateGet;
  } else if (name == "proxy") {
    sub.kind = StrCat(parent_kind, "ProxyOptions");
    sub.verbs = kProxyVerbs;
  } else if (name == "token") {
    sub = {"token", "authentication.k8s.io", "v1", "TokenRequest", {"create"}};
  } else if (name == "finalize") {
    sub.kind = std::string(parent_kind);
    sub.verbs = {"update"};
  } else {
    return absl::InvalidArgumentError(StrCat("unknown subresource template \"", name, "\""));
  }
  return sub;
}

absl::Status ApplyOption(ResourceInfo& r, std::string_view opt) {
  size_t eq = opt.find('=');
  std::string_view key = opt.substr(0, eq);
  std::string_view value = eq == std::string_view::npos ? "" : opt.substr(eq + 1);
  if (key == "short") {
    r.short_names = SplitList(value, ',');
  } else if (key == "cat") {
    r.categories = SplitList(value, ',');
  } else if (key == "verbs") {
    r.verbs = SplitList(value, ',');
  } else if (key == "store") {
    r.storage_resource = std::string(value);
  } else if (key == "fs") {
    r.field_selectors = SplitList(value, ',');
  } else if (key == "gen") {
    r.has_generation = true;
  } else if (key == "schema") {
    r.schema = std::string(value);
  } else if (key == "sub") {
    for (const std::string& name : SplitList(value, ',')) {
      auto sub = SubresourceTemplate(name, r.kind);
      if (!sub.ok()) return sub.status();
      r.subresources.push_back(*std::move(sub));
    }
  } else {
    return absl::InvalidArgumentError(StrCat("unknown option \"", key, "\""));
  }
  return absl::OkStatus();
}

absl::StatusOr<ResourceInfo> ParseLine(std::string_view line) {
  std::vector<std::string> tok = SplitList(line, ' ');
  if (tok.size() < 4) return absl::InvalidArgumentError("want <gv> <Kind> <plural> <scope>");
  ResourceInfo r;
  size_t slash = tok[0].find('/');
  if (slash == std::string::npos) {
    r.version = tok[0];
  } else {
    r.group = tok[0].substr(0, slash);
    r.version = tok[0].substr(slash + 1);
  }
  r.kind = tok[1];
  r.list_kind = StrCat(r.kind, "List");
  r.plural = tok[2];
  r.singular = Lower(r.kind);
  if (tok[3] != "ns" && tok[3] != "cluster") {
    return absl::InvalidArgumentError(StrCat("scope must be ns or cluster, got \"", tok[3], "\""));
  }
  r.namespaced = tok[3] == "ns";
  r.verbs = kStandardVerbs;
  for (size_t i = 4; i < tok.size(); ++i) {
    if (absl::Status s = ApplyOption(r, tok[i]); !s.ok()) return s;
  }
  bool store_given = std::any_of(tok.begin() + 4, tok.end(),
                                 [](const std::string& t) { return t.rfind("store=", 0) == 0; });
  if (!store_given) r.storage_resource = r.plural;  // "store=" means: not stored
  if (r.schema.empty()) r.schema = StrCat(DefinitionPackage(r.group, r.version), ".", r.kind);
  return r;
}

}  // namespace

std::string DefinitionPackage(std::string_view group, std::string_view version) {
  std::string_view pkg =
      group.empty() ? std::string_view("core") : group.substr(0, group.find('.'));
  return StrCat("io.k8s.api.", pkg, ".", version);
}

absl::StatusOr<std::vector<ResourceInfo>> ParseResourceTable(std::string_view text) {
  std::vector<ResourceInfo> out;
  int line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    auto r = ParseLine(line);
    if (!r.ok()) {
      return absl::InvalidArgumentError(
          StrCat("resource table line ", line_no, ": ", r.status().message()));
    }
    out.push_back(*std::move(r));
  }
  return out;
}

}  // namespace wisp::api::internal
