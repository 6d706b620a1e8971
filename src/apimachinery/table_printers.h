// File: src/apimachinery/table_printers.h (private)
//
// The per-resource printers behind BuildTable: a column list and a function
// producing one row's cells (and row conditions). Helpers for reading
// objects and formatting ages. Pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace wisp::apimachinery::internal {

struct Column {
  const char* name;
  const char* type;    // "string", "integer", "boolean", "number", "date"
  const char* format;  // "" or "name"
  const char* description;
  int priority;
};

struct Row {
  nlohmann::json cells = nlohmann::json::array();
  nlohmann::json conditions;  // null or a list
};

using RowFn = Row (*)(const nlohmann::json& obj, int64_t now);

struct Printer {
  const char* group;
  const char* resource;
  std::vector<Column> columns;
  RowFn row;
};

// All specific printers (workloads and the rest).
const std::vector<Printer>& WorkloadPrinters();
const std::vector<Printer>& CorePrinters();
const std::vector<Printer>& ClusterPrinters();
const std::vector<Printer>& MorePrinters();

// Column descriptions every printer uses.
inline constexpr char kNameDesc[] = "Name must be unique within a namespace.";
inline constexpr char kAgeDesc[] = "Time since the object was created.";

// Helpers shared by printers.
const nlohmann::json& At(const nlohmann::json& obj, std::initializer_list<const char*> path);
std::string Str(const nlohmann::json& obj, std::initializer_list<const char*> path);
int64_t Int(const nlohmann::json& obj, std::initializer_list<const char*> path);
// Parses RFC 3339 ("2024-01-01T00:00:00Z", fractions and offsets allowed);
// false if empty or malformed.
bool ParseTime(const std::string& s, int64_t* unix_seconds);
// translateTimestampSince: HumanDuration(now - ts), "<unknown>" if unset.
std::string Age(const std::string& ts, int64_t now);
// metadata.name, and the Age of metadata.creationTimestamp.
std::string Name(const nlohmann::json& obj);
std::string Created(const nlohmann::json& obj, int64_t now);
std::string Join(const std::vector<std::string>& v, std::string_view sep);
// "<none>" if empty.
std::string OrNone(std::string s);
// labels.FormatLabels: "k=v,k2=v2" sorted by key, "<none>" if empty.
std::string FormatLabels(const nlohmann::json& map);
// metav1.FormatLabelSelector.
std::string FormatLabelSelector(const nlohmann::json& selector);
// Names and images of spec.template.spec.containers (or `podspec`).
std::string ContainerNames(const nlohmann::json& podspec);
std::string ContainerImages(const nlohmann::json& podspec);

}  // namespace wisp::apimachinery::internal
