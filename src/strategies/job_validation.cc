// File: src/strategies/job_validation.cc
//
// Upstream's validateJobSpec (pkg/apis/batch/validation) for Jobs and the
// jobTemplate of CronJobs: counts and limits, completion modes, the pod
// failure and success policies, pod replacement and the template.
#include <cctype>
#include <cstdint>
#include <limits>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "strategies/job_validation.h"
#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "strategies/pod_validation.h"
#include "strategies/selector.h"
#include "strategies/workload.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {

namespace {

using apimachinery::FieldInvalid;
using apimachinery::FieldInvalidGo;
using apimachinery::FieldNotSupported;
using apimachinery::FieldRequired;
using base::StrCat;

// Upstream's limits (maxParallelismForIndexedJob, completionsSoftLimit, ...).
constexpr int64_t kMaxIndexedParallelism = 100000;
constexpr int64_t kMaxFailedIndexes = 100000;
constexpr int64_t kCompletionsSoftLimit = 100000;
constexpr int64_t kHighCompletionsLimit = 10000;
constexpr int64_t kMaxManagedByLength = 63;
constexpr int64_t kMaxSucceededIndexesLength = 64 * 1024;

const std::vector<std::string> kFailurePolicyActions = {"Count", "FailIndex", "FailJob", "Ignore"};

// field.Invalid with field.OmitValueType{}: the message has no value.
apimachinery::Cause InvalidOmitValue(std::string_view field, std::string_view detail) {
  return {"FieldValueInvalid", StrCat("Invalid value: ", detail), std::string(field)};
}

void NonNegative(const Json& spec, std::string_view path, std::string_view key, Causes& causes) {
  std::optional<int64_t> v = Int(spec, key);
  if (v.has_value() && *v < 0) {
    causes.push_back(
        FieldInvalid(Child(path, key), Json(*v), "must be greater than or equal to 0"));
  }
}

// apimachinery's IsDomainPrefixedPath (e.g. "acme.io/foo").
void ValidateDomainPrefixedPath(const std::string& value, const std::string& path, Causes& causes) {
  if (value.empty()) {
    causes.push_back(FieldRequired(path, ""));
    return;
  }
  size_t slash = value.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == value.size()) {
    causes.push_back(FieldInvalid(path, Json(value),
                                  "must be a domain-prefixed path (such as \"acme.io/foo\")"));
    return;
  }
  std::string host = value.substr(0, slash);
  AddInvalid(causes, path, Json(host), apimachinery::IsDns1123Subdomain(host));
  std::string rest = value.substr(slash + 1);
  for (char c : rest) {
    if (!std::isalnum(static_cast<unsigned char>(c)) &&
        std::string_view("/-._~%!$&'()*+,;=:").find(c) == std::string_view::npos) {
      causes.push_back(FieldInvalid(
          path, Json(rest),
          "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')"));
      return;
    }
  }
}

// Indexed-only limits and the fields NonIndexed jobs may not set.
void ValidateCompletionMode(const Json& spec, std::string_view path, Causes& causes) {
  const Json* mode = Find(spec, "completionMode");
  std::optional<int64_t> completions = Int(spec, "completions");
  std::optional<int64_t> parallelism = Int(spec, "parallelism");
  std::optional<int64_t> max_failed = Int(spec, "maxFailedIndexes");
  bool per_index = Find(spec, "backoffLimitPerIndex") != nullptr;
  if (mode != nullptr && *mode != "NonIndexed" && *mode != "Indexed") {
    causes.push_back(
        FieldNotSupported(Child(path, "completionMode"), *mode, {"NonIndexed", "Indexed"}));
  }
  if (mode != nullptr && *mode == "Indexed") {
    if (Find(spec, "completions") == nullptr) {
      causes.push_back(
          FieldRequired(Child(path, "completions"), "when completion mode is Indexed"));
    }
    if (parallelism.value_or(0) > kMaxIndexedParallelism) {
      causes.push_back(
          FieldInvalid(Child(path, "parallelism"), Json(*parallelism),
                       "must be less than or equal to 100000 when completion mode is Indexed"));
    }
    if (completions.has_value() && max_failed.value_or(0) > *completions) {
      causes.push_back(FieldInvalid(Child(path, "maxFailedIndexes"), Json(*max_failed),
                                    "must be less than or equal to completions"));
    }
    if (max_failed.value_or(0) > kMaxFailedIndexes) {
      causes.push_back(FieldInvalid(Child(path, "maxFailedIndexes"), Json(*max_failed),
                                    "must be less than or equal to 100000"));
    }
    if (completions.value_or(0) > kCompletionsSoftLimit && per_index) {
      constexpr const char* kHigh =
          "must be less than or equal to 10000 when completions are above 100000 and used "
          "with backoff limit per index";
      if (Find(spec, "maxFailedIndexes") == nullptr) {
        causes.push_back(FieldRequired(Child(path, "maxFailedIndexes"),
                                       "must be specified when completions is above 100000"));
      }
      if (parallelism.value_or(0) > kHighCompletionsLimit) {
        causes.push_back(FieldInvalid(Child(path, "parallelism"), Json(*parallelism), kHigh));
      }
      if (max_failed.value_or(0) > kHighCompletionsLimit) {
        causes.push_back(FieldInvalid(Child(path, "maxFailedIndexes"), Json(*max_failed), kHigh));
      }
    }
  }
  if (mode == nullptr || *mode == "NonIndexed") {
    for (const char* key : {"backoffLimitPerIndex", "maxFailedIndexes"}) {
      if (const Json* v = Find(spec, key)) {
        causes.push_back(FieldInvalid(Child(path, key), *v, "requires indexed completion mode"));
      }
    }
  }
}

// Go's %#v of a []int32.
std::string GoInt32Slice(const Json* values) {
  if (values == nullptr) return "[]int32(nil)";
  std::string out = "[]int32{";
  for (size_t i = 0; i < values->size(); ++i) {
    out += StrCat(i > 0 ? ", " : "", (*values)[i].dump());
  }
  return out + "}";
}

void ValidateOnExitCodes(const Json& req, const std::string& path,
                         const std::set<std::string>& containers, Causes& causes) {
  std::string op = Str(req, "operator");
  if (op.empty()) {
    causes.push_back(FieldRequired(Child(path, "operator"), "valid values: [\"In\" \"NotIn\"]"));
  } else if (op != "In" && op != "NotIn") {
    causes.push_back(FieldNotSupported(Child(path, "operator"), Json(op), {"In", "NotIn"}));
  }
  const Json* name = Find(req, "containerName");
  if (name != nullptr && name->is_string() && !containers.contains(name->get<std::string>())) {
    causes.push_back(
        FieldInvalid(Child(path, "containerName"), *name,
                     "must be one of the container or initContainer names in the pod template"));
  }
  std::string values_path = Child(path, "values");
  const Json* values = ArrayAt(req, "values");
  if (values == nullptr || values->empty()) {
    causes.push_back(
        FieldInvalidGo(values_path, GoInt32Slice(values), "at least one value is required"));
    return;
  }
  bool ordered = true;
  std::set<int64_t> seen;
  for (size_t j = 0; j < values->size(); ++j) {
    const Json& v = (*values)[j];
    if (!v.is_number_integer()) continue;
    int64_t code = v.get<int64_t>();
    if (op == "In" && code == 0) {
      causes.push_back(
          FieldInvalid(Index(values_path, j), Json(code), "must not be 0 for the In operator"));
    }
    if (!seen.insert(code).second) {
      causes.push_back(apimachinery::FieldDuplicate(Index(values_path, j), Json(code)));
    }
    if (j > 0 && (*values)[j - 1].is_number_integer() && (*values)[j - 1].get<int64_t>() > code) {
      ordered = false;
    }
  }
  if (!ordered) {
    causes.push_back(FieldInvalidGo(values_path, GoInt32Slice(values), "must be ordered"));
  }
}

void ValidateOnPodConditions(const Json& patterns, const std::string& path, Causes& causes) {
  for (size_t j = 0; j < patterns.size(); ++j) {
    const Json& pattern = patterns[j];
    std::string pattern_path = Index(path, j);
    std::string type = Str(pattern, "type");
    AddInvalid(causes, Child(pattern_path, "type"), Json(type),
               apimachinery::IsQualifiedName(type));
    std::string status = Str(pattern, "status");
    if (status.empty()) {
      causes.push_back(FieldRequired(Child(pattern_path, "status"),
                                     "valid values: [\"False\" \"True\" \"Unknown\"]"));
    } else if (status != "False" && status != "True" && status != "Unknown") {
      causes.push_back(FieldNotSupported(Child(pattern_path, "status"), Json(status),
                                         {"False", "True", "Unknown"}));
    }
  }
}

void ValidatePodFailurePolicyRule(const Json& spec, const Json& rule, const std::string& path,
                                  const std::set<std::string>& containers, Causes& causes) {
  std::string action = Str(rule, "action");
  std::string action_path = Child(path, "action");
  if (action.empty()) {
    causes.push_back(FieldRequired(
        action_path, "valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]"));
  } else if (action == "FailIndex") {
    if (Find(spec, "backoffLimitPerIndex") == nullptr) {
      causes.push_back(
          FieldInvalid(action_path, Json(action), "requires the backoffLimitPerIndex to be set"));
    }
  } else if (action != "Count" && action != "FailJob" && action != "Ignore") {
    causes.push_back(FieldNotSupported(action_path, Json(action), kFailurePolicyActions));
  }
  const Json* exit_codes = Find(rule, "onExitCodes");
  const Json* conditions = ArrayAt(rule, "onPodConditions");
  bool has_conditions = conditions != nullptr && !conditions->empty();
  if (exit_codes != nullptr) {
    ValidateOnExitCodes(*exit_codes, Child(path, "onExitCodes"), containers, causes);
  }
  if (has_conditions) ValidateOnPodConditions(*conditions, Child(path, "onPodConditions"), causes);
  if (exit_codes != nullptr && has_conditions) {
    causes.push_back(
        InvalidOmitValue(path, "specifying both OnExitCodes and OnPodConditions is not supported"));
  }
  if (exit_codes == nullptr && !has_conditions) {
    causes.push_back(
        InvalidOmitValue(path, "specifying one of OnExitCodes and OnPodConditions is required"));
  }
}

void ValidatePodFailurePolicy(const Json& spec, const Json& policy, std::string_view path,
                              Causes& causes) {
  std::set<std::string> containers;
  if (const Json* pod = FindPath(spec, {"template", "spec"})) {
    for (const char* key : {"containers", "initContainers"}) {
      if (const Json* list = ArrayAt(*pod, key)) {
        for (const Json& c : *list) containers.insert(Str(c, "name"));
      }
    }
  }
  const Json* rules = ArrayAt(policy, "rules");
  if (rules == nullptr) return;
  std::string rules_path = Child(path, "rules");
  for (size_t i = 0; i < rules->size(); ++i) {
    ValidatePodFailurePolicyRule(spec, (*rules)[i], Index(rules_path, i), containers, causes);
  }
}

// strconv.Atoi: an optional sign and decimal digits within int64.
std::optional<int64_t> GoAtoi(std::string_view s) {
  size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  if (i == s.size()) return std::nullopt;
  int64_t v = 0;
  for (; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
    int digit = s[i] - '0';
    if (v > (std::numeric_limits<int64_t>::max() - digit) / 10) return std::nullopt;
    v = v * 10 + digit;
  }
  return s[0] == '-' ? -v : v;
}

// Upstream's validateIndexesFormat: counts the indexes of "1,3-5" (each
// below `completions`, increasing) into `total`; the parse error otherwise.
std::optional<std::string> CountIndexes(std::string_view text, int64_t completions,
                                        int64_t& total) {
  total = 0;
  if (text.empty()) return std::nullopt;
  std::optional<int64_t> last;
  for (std::string_view interval : SplitOn(text, ',')) {
    std::vector<std::string_view> limits = SplitOn(interval, '-');
    if (limits.size() > 2) {
      return StrCat("the fragment ", base::Quote(interval),
                    " violates the requirement that an index interval can have at most two "
                    "parts separated by '-'");
    }
    int64_t bounds[2] = {0, 0};
    for (size_t k = 0; k < limits.size(); ++k) {
      std::optional<int64_t> v = GoAtoi(limits[k]);
      if (!v.has_value()) {
        return StrCat("cannot convert string to integer for index: ", base::Quote(limits[k]));
      }
      if (*v >= completions) return StrCat("too large index: ", base::Quote(limits[k]));
      bounds[k] = *v;
    }
    if (limits.size() == 1) bounds[1] = bounds[0];
    if (limits.size() == 2 && bounds[0] >= bounds[1]) {
      return StrCat("non-increasing order, previous: ", bounds[0], ", current: ", bounds[1]);
    }
    if (last.has_value() && *last >= bounds[0]) {
      return StrCat("non-increasing order, previous: ", *last, ", current: ", bounds[0]);
    }
    total += bounds[1] - bounds[0] + 1;
    last = bounds[1];
  }
  return std::nullopt;
}

void ValidateSuccessPolicyRule(const Json& rule, const std::string& path,
                               std::optional<int64_t> completions, Causes& causes) {
  const Json* indexes = Find(rule, "succeededIndexes");
  const Json* count = Find(rule, "succeededCount");
  if (indexes == nullptr && count == nullptr) {
    causes.push_back(FieldRequired(
        path, "at least one of succeededCount or succeededIndexes must be specified"));
  }
  int64_t total = 0;
  if (indexes != nullptr && indexes->is_string()) {
    std::string indexes_path = Child(path, "succeededIndexes");
    const std::string& text = indexes->get_ref<const std::string&>();
    if (static_cast<int64_t>(text.size()) > kMaxSucceededIndexesLength) {
      causes.push_back(
          apimachinery::FieldTooLong(indexes_path, *indexes, kMaxSucceededIndexesLength));
    }
    std::optional<std::string> err;
    if (completions.has_value()) err = CountIndexes(text, *completions, total);
    if (err.has_value()) {
      total = 0;
      causes.push_back(
          FieldInvalid(indexes_path, *indexes, StrCat("error parsing succeededIndexes: ", *err)));
    }
  }
  if (count != nullptr && count->is_number_integer()) {
    std::string count_path = Child(path, "succeededCount");
    int64_t n = count->get<int64_t>();
    if (n < 0) {
      causes.push_back(FieldInvalid(count_path, Json(n), "must be greater than or equal to 0"));
    }
    if (completions.has_value() && n > *completions) {
      causes.push_back(FieldInvalid(count_path, Json(n),
                                    StrCat("must be less than or equal to ", *completions,
                                           " (the number of specified completions)")));
    }
    if (indexes != nullptr && n > total) {
      causes.push_back(
          FieldInvalid(count_path, Json(n),
                       StrCat("must be less than or equal to ", total,
                              " (the number of indexes in the specified succeededIndexes field)")));
    }
  }
}

void ValidateSuccessPolicy(const Json& spec, const Json& policy, std::string_view path,
                           Causes& causes) {
  if (Str(spec, "completionMode") != "Indexed") {
    // Upstream prints the Go struct (with pointer addresses); JSON stands in.
    causes.push_back(FieldInvalid(path, policy, "requires indexed completion mode"));
    return;
  }
  std::string rules_path = Child(path, "rules");
  const Json* rules = ArrayAt(policy, "rules");
  if (rules == nullptr || rules->empty()) {
    causes.push_back(FieldRequired(
        rules_path, "at least one rules must be specified when the successPolicy is specified"));
    return;
  }
  for (size_t i = 0; i < rules->size(); ++i) {
    ValidateSuccessPolicyRule((*rules)[i], Index(rules_path, i), Int(spec, "completions"), causes);
  }
}

void ValidatePodReplacementPolicy(const Json& spec, std::string_view path, Causes& causes) {
  const Json* policy = Find(spec, "podReplacementPolicy");
  if (policy == nullptr) return;
  std::string field = Child(path, "podReplacementPolicy");
  if (Find(spec, "podFailurePolicy") != nullptr) {
    if (*policy != "Failed") causes.push_back(FieldNotSupported(field, *policy, {"Failed"}));
  } else if (*policy != "Failed" && *policy != "TerminatingOrFailed") {
    causes.push_back(FieldNotSupported(field, *policy, {"Failed", "TerminatingOrFailed"}));
  }
}

void ValidateJobTemplate(const Json& spec, std::string_view path, Causes& causes) {
  static const Json kEmpty = Json::object();
  const Json* tmpl = ObjectAt(spec, "template");
  std::string tmpl_path = Child(path, "template");
  ValidatePodTemplate(tmpl != nullptr ? *tmpl : kEmpty, tmpl_path, causes);
  const Json* pod = tmpl != nullptr ? ObjectAt(*tmpl, "spec") : nullptr;
  std::string policy = pod != nullptr ? Str(*pod, "restartPolicy") : "";
  std::string policy_path = Child(tmpl_path, "spec.restartPolicy");
  // The defaulted (or omitted) Always reads as a missing choice.
  if (policy.empty() || policy == "Always") {
    causes.push_back(FieldRequired(policy_path, "valid values: \"OnFailure\", \"Never\""));
  } else if (policy != "OnFailure" && policy != "Never") {
    causes.push_back(FieldNotSupported(policy_path, Json(policy), {"OnFailure", "Never"}));
  } else if (Find(spec, "podFailurePolicy") != nullptr && policy != "Never") {
    causes.push_back(
        FieldInvalid(policy_path, Json(policy),
                     "only \"Never\" is supported when podFailurePolicy is specified"));
  }
}

}  // namespace

void DefaultPodFailurePolicy(Json& job_spec) {
  Json* policy = ObjectAt(job_spec, "podFailurePolicy");
  Json* rules = policy != nullptr ? ArrayAt(*policy, "rules") : nullptr;
  if (rules == nullptr) return;
  for (Json& rule : *rules) {
    Json* patterns = ArrayAt(rule, "onPodConditions");
    if (patterns == nullptr) continue;
    for (Json& pattern : *patterns) {
      if (pattern.is_object() && Str(pattern, "status").empty()) pattern["status"] = "True";
    }
  }
}

void ValidateJobSpec(const Json& spec, std::string_view path, Causes& causes) {
  for (const char* key : {"parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
                          "ttlSecondsAfterFinished", "backoffLimitPerIndex"}) {
    NonNegative(spec, path, key, causes);
  }
  if (Find(spec, "maxFailedIndexes") != nullptr) {
    NonNegative(spec, path, "maxFailedIndexes", causes);
    if (Find(spec, "backoffLimitPerIndex") == nullptr) {
      causes.push_back(
          FieldRequired(Child(path, "backoffLimitPerIndex"), "when maxFailedIndexes is specified"));
    }
  }
  if (const Json* managed_by = Find(spec, "managedBy"); managed_by && managed_by->is_string()) {
    const std::string& value = managed_by->get_ref<const std::string&>();
    std::string field = Child(path, "managedBy");
    ValidateDomainPrefixedPath(value, field, causes);
    if (static_cast<int64_t>(value.size()) > kMaxManagedByLength) {
      causes.push_back(apimachinery::FieldTooLong(field, *managed_by, kMaxManagedByLength));
    }
  }
  ValidateCompletionMode(spec, path, causes);
  if (const Json* policy = Find(spec, "podFailurePolicy")) {
    ValidatePodFailurePolicy(spec, *policy, Child(path, "podFailurePolicy"), causes);
  }
  if (const Json* policy = Find(spec, "successPolicy")) {
    ValidateSuccessPolicy(spec, *policy, Child(path, "successPolicy"), causes);
  }
  ValidatePodReplacementPolicy(spec, path, causes);
  ValidateJobTemplate(spec, path, causes);
}
}  // namespace wisp::strategies
