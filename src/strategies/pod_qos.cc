// QoS class of a pod from its containers' cpu and memory requests/limits.
#include "strategies/pod_qos.h"

#include <cmath>
#include <cstdlib>
#include <map>

namespace wisp::strategies {
namespace {

struct Suffix {
  const char* text;
  long double factor;
};

constexpr Suffix kSuffixes[] = {
    {"Ki", 1024.0L},
    {"Mi", 1048576.0L},
    {"Gi", 1073741824.0L},
    {"Ti", 1099511627776.0L},
    {"Pi", 1125899906842624.0L},
    {"Ei", 1152921504606846976.0L},
    {"n", 1e-9L},
    {"u", 1e-6L},
    {"m", 1e-3L},
    {"k", 1e3L},
    {"M", 1e6L},
    {"G", 1e9L},
    {"T", 1e12L},
    {"P", 1e15L},
    {"E", 1e18L},
};

using Sums = std::map<std::string, long double>;

// Adds the non-zero cpu/memory quantities of resources[key] to sums.
void AddResources(const Json& container, std::string_view key, Sums& sums) {
  const Json* list = FindPath(container, {"resources", key});
  if (list == nullptr || !list->is_object()) return;
  for (const char* name : {"cpu", "memory"}) {
    const Json* q = Find(*list, name);
    if (q == nullptr) continue;
    std::optional<long double> value;
    if (q->is_string()) value = ParseQuantity(q->get<std::string>());
    if (q->is_number()) value = q->get<long double>();
    if (value.has_value() && *value != 0) sums[name] += *value;
  }
}

}  // namespace

std::optional<long double> ParseQuantity(std::string_view text) {
  if (text.empty()) return std::nullopt;
  long double factor = 1.0L;
  std::string_view number = text;
  for (const Suffix& s : kSuffixes) {
    std::string_view suffix(s.text);
    if (text.size() > suffix.size() && text.substr(text.size() - suffix.size()) == suffix) {
      factor = s.factor;
      number = text.substr(0, text.size() - suffix.size());
      break;
    }
  }
  // Only digits, one '.', a sign and (without a suffix) an exponent.
  for (char c : number) {
    bool ok = (c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-' ||
              (factor == 1.0L && (c == 'e' || c == 'E'));
    if (!ok) return std::nullopt;
  }
  std::string copy(number);
  char* end = nullptr;
  long double value = std::strtold(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || std::isnan(value)) return std::nullopt;
  return value * factor;
}

std::string PodQosClass(const Json& spec) {
  Sums requests, limits;
  bool guaranteed = true;
  for (const char* list : {"containers", "initContainers"}) {
    const Json* containers = ArrayAt(spec, list);
    if (containers == nullptr) continue;
    for (const Json& c : *containers) {
      AddResources(c, "requests", requests);
      Sums own_limits;
      AddResources(c, "limits", own_limits);
      if (own_limits.size() != 2) guaranteed = false;  // needs both cpu and memory limits
      for (const auto& [name, value] : own_limits) limits[name] += value;
    }
  }
  if (requests.empty() && limits.empty()) return "BestEffort";
  if (guaranteed) {
    for (const auto& [name, value] : requests) {
      auto it = limits.find(name);
      if (it == limits.end() || std::fabs(it->second - value) > 1e-12L * std::fabs(value)) {
        guaranteed = false;
        break;
      }
    }
  }
  if (guaranteed && requests.size() == limits.size()) return "Guaranteed";
  return "Burstable";
}

}  // namespace wisp::strategies
