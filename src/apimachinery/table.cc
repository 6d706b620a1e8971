// BuildTable: column/row assembly, shared printer helpers and the default
// table (Name, Created At).
#include "wisp/apimachinery/table.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>

#include "apimachinery/table_printers.h"
#include "wisp/apimachinery/human_duration.h"
#include "wisp/apimachinery/label_selector.h"
#include "wisp/base/strings.h"

namespace wisp::apimachinery {
namespace internal {

const nlohmann::json& At(const nlohmann::json& obj, std::initializer_list<const char*> path) {
  static const nlohmann::json kNull;  // immutable
  const nlohmann::json* cur = &obj;
  for (const char* key : path) {
    if (!cur->is_object()) return kNull;
    auto it = cur->find(key);
    if (it == cur->end()) return kNull;
    cur = &*it;
  }
  return *cur;
}

std::string Str(const nlohmann::json& obj, std::initializer_list<const char*> path) {
  const auto& v = At(obj, path);
  return v.is_string() ? v.get<std::string>() : std::string();
}

int64_t Int(const nlohmann::json& obj, std::initializer_list<const char*> path) {
  const auto& v = At(obj, path);
  return v.is_number() ? v.get<int64_t>() : 0;
}

bool ParseTime(const std::string& s, int64_t* unix_seconds) {
  int y, mo, d, h, mi, sec;
  int consumed = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &consumed) !=
          6 ||
      consumed != 19) {
    return false;
  }
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  }
  int64_t offset = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i + 6 == s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh, om;
    if (std::sscanf(s.c_str() + i + 1, "%2d:%2d", &oh, &om) != 2) return false;
    offset = (oh * 3600 + om * 60) * (s[i] == '+' ? 1 : -1);
    i += 6;
  } else {
    return false;
  }
  if (i != s.size()) return false;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  *unix_seconds = static_cast<int64_t>(timegm(&tm)) - offset;
  return true;
}

std::string Age(const std::string& ts, int64_t now) {
  int64_t t;
  if (!ParseTime(ts, &t)) return "<unknown>";
  return HumanDuration(std::chrono::seconds(now - t));
}

std::string Name(const nlohmann::json& obj) { return Str(obj, {"metadata", "name"}); }

std::string Created(const nlohmann::json& obj, int64_t now) {
  return Age(Str(obj, {"metadata", "creationTimestamp"}), now);
}

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += sep;
    out += v[i];
  }
  return out;
}

std::string OrNone(std::string s) { return s.empty() ? "<none>" : s; }

std::string FormatLabels(const nlohmann::json& map) {
  if (!map.is_object()) return "<none>";
  std::map<std::string, std::string> sorted;
  for (auto it = map.begin(); it != map.end(); ++it) {
    sorted[it.key()] = it->is_string() ? it->get<std::string>() : it->dump();
  }
  std::vector<std::string> parts;
  for (const auto& [k, v] : sorted) parts.push_back(base::StrCat(k, "=", v));
  return OrNone(Join(parts, ","));
}

std::string FormatLabelSelector(const nlohmann::json& selector) {
  auto s = LabelSelector::FromJson(selector);
  if (!s.ok()) return "<error>";
  return OrNone(s->String());
}

namespace {
std::string ContainerField(const nlohmann::json& podspec, const char* field) {
  std::vector<std::string> out;
  const auto& containers = At(podspec, {"containers"});
  if (containers.is_array()) {
    for (const auto& c : containers) out.push_back(Str(c, {field}));
  }
  return Join(out, ",");
}
}  // namespace

std::string ContainerNames(const nlohmann::json& podspec) {
  return ContainerField(podspec, "name");
}
std::string ContainerImages(const nlohmann::json& podspec) {
  return ContainerField(podspec, "image");
}

}  // namespace internal

namespace {

using internal::Column;
using internal::Printer;

const Printer* FindPrinter(std::string_view group, std::string_view resource) {
  for (const auto* list : {&internal::WorkloadPrinters(), &internal::CorePrinters(),
                           &internal::ClusterPrinters(), &internal::MorePrinters()}) {
    for (const auto& p : *list) {
      if (group == p.group && resource == p.resource) return &p;
    }
  }
  return nullptr;
}

internal::Row DefaultRow(const nlohmann::json& obj, int64_t now) {
  internal::Row row;
  int64_t t;
  std::string created = internal::Str(obj, {"metadata", "creationTimestamp"});
  // Upstream prints the RFC 3339 UTC time; a missing time prints as Go's
  // zero time.
  if (internal::ParseTime(created, &t)) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    created = buf;
  } else {
    created = "0001-01-01T00:00:00Z";
  }
  row.cells.push_back(internal::Str(obj, {"metadata", "name"}));
  row.cells.push_back(created);
  return row;
}

const std::vector<Column>& DefaultColumns() {
  static const std::vector<Column> kColumns = {
      {"Name", "string", "name", "Name must be unique within a namespace.", 0},
      {"Created At", "date", "", "The time the object was created.", 0},
  };
  return kColumns;
}

nlohmann::json RowObject(const nlohmann::json& obj, const std::string& include) {
  if (include == "Object") return obj;
  nlohmann::json meta = internal::At(obj, {"metadata"});
  if (!meta.is_object()) meta = nlohmann::json::object();
  return {{"kind", "PartialObjectMetadata"},
          {"apiVersion", "meta.k8s.io/v1"},
          {"metadata", std::move(meta)}};
}

}  // namespace

bool HasTablePrinter(std::string_view group, std::string_view resource) {
  return FindPrinter(group, resource) != nullptr;
}

nlohmann::json BuildTable(std::string_view group, std::string_view resource,
                          const std::vector<nlohmann::json>& objects, const TableOptions& options) {
  const Printer* printer = FindPrinter(group, resource);
  const std::vector<Column>& columns = printer ? printer->columns : DefaultColumns();
  internal::RowFn row_fn = printer ? printer->row : &DefaultRow;
  nlohmann::json table = {
      {"kind", "Table"}, {"apiVersion", "meta.k8s.io/v1"}, {"metadata", nlohmann::json::object()}};
  nlohmann::json defs = nlohmann::json::array();
  for (const auto& c : columns) {
    defs.push_back({{"name", c.name},
                    {"type", c.type},
                    {"format", c.format},
                    {"description", c.description},
                    {"priority", c.priority}});
  }
  table["columnDefinitions"] = std::move(defs);
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& obj : objects) {
    internal::Row r = options.printable ? row_fn(options.printable(obj), options.now_unix_seconds)
                                        : row_fn(obj, options.now_unix_seconds);
    nlohmann::json row = {{"cells", std::move(r.cells)}};
    if (r.conditions.is_array()) row["conditions"] = std::move(r.conditions);
    if (options.include_object != "None") row["object"] = RowObject(obj, options.include_object);
    rows.push_back(std::move(row));
  }
  table["rows"] = std::move(rows);
  return table;
}

}  // namespace wisp::apimachinery
