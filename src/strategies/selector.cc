// Label selectors: matching and validation (metav1 LabelSelector).
#include "strategies/selector.h"

#include <algorithm>

#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

bool InValues(const Json& values, const Json& label) {
  if (!values.is_array()) return false;
  return std::find(values.begin(), values.end(), label) != values.end();
}

bool ExpressionMatches(const Json& expr, const Json& labels) {
  std::string key = Str(expr, "key");
  std::string op = Str(expr, "operator");
  const Json* label = Find(labels, key);
  const Json values = ValueOr(expr, "values", Json::array());
  if (op == "In") return label != nullptr && InValues(values, *label);
  if (op == "NotIn") return label == nullptr || !InValues(values, *label);
  if (op == "Exists") return label != nullptr;
  if (op == "DoesNotExist") return label == nullptr;
  return false;
}

}  // namespace

bool SelectorEmpty(const Json& selector) {
  return Size(selector, "matchLabels") == 0 && Size(selector, "matchExpressions") == 0;
}

bool SelectorMatches(const Json& selector, const Json& labels) {
  if (!selector.is_object()) return false;
  if (const Json* match = Find(selector, "matchLabels")) {
    if (!match->is_object()) return false;
    for (auto it = match->begin(); it != match->end(); ++it) {
      const Json* label = Find(labels, it.key());
      if (label == nullptr || *label != it.value()) return false;
    }
  }
  if (const Json* exprs = Find(selector, "matchExpressions")) {
    if (!exprs->is_array()) return false;
    for (const Json& expr : *exprs) {
      if (!ExpressionMatches(expr, labels)) return false;
    }
  }
  return true;
}

void ValidateLabelSelector(const Json& selector, std::string_view path, Causes& causes) {
  if (const Json* match = ObjectAt(selector, "matchLabels")) {
    Append(causes, apimachinery::ValidateLabels(*match, Child(path, "matchLabels")));
  }
  const Json* exprs = ArrayAt(selector, "matchExpressions");
  if (exprs == nullptr) return;
  for (size_t i = 0; i < exprs->size(); ++i) {
    const Json& expr = (*exprs)[i];
    std::string epath = Index(Child(path, "matchExpressions"), i);
    std::string op = Str(expr, "operator");
    size_t values = Size(expr, "values");
    if (op == "In" || op == "NotIn") {
      if (values == 0) {
        causes.push_back(apimachinery::FieldRequired(
            Child(epath, "values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      }
    } else if (op == "Exists" || op == "DoesNotExist") {
      if (values > 0) {
        causes.push_back(apimachinery::FieldForbidden(
            Child(epath, "values"),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
    } else {
      causes.push_back(apimachinery::FieldInvalid(Child(epath, "operator"), Json(op),
                                                  "not a valid selector operator"));
    }
    std::string key = Str(expr, "key");
    AddInvalid(causes, Child(epath, "key"), Json(key), apimachinery::IsQualifiedName(key));
    // Values must be label values (upstream's AllowInvalidLabelValueInSelector
    // is only set for updates of objects stored with invalid ones).
    if (const Json* list = ArrayAt(expr, "values")) {
      for (size_t v = 0; v < list->size(); ++v) {
        const std::string value = (*list)[v].is_string() ? (*list)[v].get<std::string>() : "";
        AddInvalid(causes, Index(Child(epath, "values"), v), Json(value),
                   apimachinery::IsValidLabelValue(value));
      }
    }
  }
}

}  // namespace wisp::strategies
