// Syntax checks and field errors with upstream's wording
// (k8s.io/apimachinery/pkg/util/validation/validation.go and
// .../util/validation/field/errors.go).
#include "wisp/apimachinery/validation.h"

#include <nlohmann/json.hpp>

#include "apimachinery/go_format.h"
#include "wisp/base/strings.h"

namespace wisp::apimachinery {

using base::StrCat;
using internal::GoQuote;

namespace {

constexpr char kQualifiedNameFmt[] = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr char kQualifiedNameErrMsg[] =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character";
constexpr char kLabelValueErrMsg[] =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character";
constexpr char kDns1123LabelFmt[] = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
constexpr char kDns1123LabelErrMsg[] =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character";
constexpr char kDns1123SubdomainFmt[] =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
constexpr char kDns1123SubdomainErrMsg[] =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character";
constexpr char kDns1035LabelFmt[] = "[a-z]([-a-z0-9]*[a-z0-9])?";
constexpr char kDns1035LabelErrMsg[] =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character";
constexpr char kConfigMapKeyFmt[] = "[-._a-zA-Z0-9]+";
constexpr char kConfigMapKeyErrMsg[] =
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
constexpr char kCIdentifierFmt[] = "[A-Za-z_][A-Za-z0-9_]*";
constexpr char kCIdentifierErrMsg[] =
    "a valid C identifier must start with alphabetic character or '_', followed by a string of "
    "alphanumeric characters or '_'";

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsAlnum(char c) { return IsLowerAlnum(c) || (c >= 'A' && c <= 'Z'); }

// MaxLenError / RegexError / EmptyError from util/validation.
std::string MaxLenError(int n) { return StrCat("must be no more than ", n, " characters"); }
std::string EmptyError() { return "must be non-empty"; }
std::string RegexError(std::string_view msg, std::string_view fmt,
                       std::initializer_list<std::string_view> examples) {
  std::string out(msg);
  if (examples.size() == 0) return StrCat(out, " (regex used for validation is '", fmt, "')");
  out += " (e.g. ";
  bool first = true;
  for (std::string_view ex : examples) {
    if (!first) out += " or ";
    first = false;
    out += StrCat("'", ex, "', ");
  }
  return StrCat(out, "regex used for validation is '", fmt, "')");
}

// ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
bool MatchDns1123Label(std::string_view v) {
  if (v.empty() || !IsLowerAlnum(v.front()) || !IsLowerAlnum(v.back())) return false;
  for (char c : v) {
    if (!IsLowerAlnum(c) && c != '-') return false;
  }
  return true;
}

bool MatchDns1123Subdomain(std::string_view v) {
  size_t start = 0;
  while (true) {
    size_t dot = v.find('.', start);
    std::string_view part =
        v.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!MatchDns1123Label(part)) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// ^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$
bool MatchQualifiedName(std::string_view v) {
  if (v.empty() || !IsAlnum(v.front()) || !IsAlnum(v.back())) return false;
  for (char c : v) {
    if (!IsAlnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

std::string ValueBody(const nlohmann::json& value) {
  if (value.is_string()) return GoQuote(value.get_ref<const std::string&>());
  if (value.is_null()) return "\"null\"";
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number()) return internal::GoNumber(value);
  // Go's %#v of what such values are upstream: map[string]string (labels,
  // selectors, data) and []string (IP lists, names).
  auto strings_only = [&] {
    for (const auto& e : value) {
      if (!e.is_string()) return false;
    }
    return !value.empty();
  };
  if ((value.is_object() || value.is_array()) && strings_only()) {
    std::string out = value.is_object() ? "map[string]string{" : "[]string{";
    bool first = true;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!first) out += ", ";
      first = false;
      if (value.is_object()) out += GoQuote(it.key()) + ":";
      out += GoQuote(it.value().get_ref<const std::string&>());
    }
    return out + "}";
  }
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Go's %#v of a []string (nil when absent or null).
std::string GoStringSlice(const nlohmann::json& list) {
  if (!list.is_array()) return "[]string(nil)";
  std::string out = "[]string{";
  for (size_t i = 0; i < list.size(); ++i) {
    if (i) out += ", ";
    out += list[i].is_string() ? GoQuote(list[i].get_ref<const std::string&>()) : list[i].dump();
  }
  return out + "}";
}

Cause MakeCause(std::string_view reason, std::string_view field, std::string body,
                std::string_view detail) {
  if (!detail.empty()) body += StrCat(": ", detail);
  return Cause{std::string(reason), std::move(body), std::string(field)};
}

}  // namespace

std::vector<std::string> IsWildcardDns1123Subdomain(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > 253) errs.push_back(MaxLenError(253));
  if (value.substr(0, 2) != "*." || !MatchDns1123Subdomain(value.substr(2))) {
    errs.push_back(RegexError(
        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, "
        "which must consist of lower case alphanumeric characters, '-' or '.' and end with an "
        "alphanumeric character",
        StrCat("\\*\\.", kDns1123SubdomainFmt), {"*.example.com"}));
  }
  return errs;
}

std::vector<std::string> IsDns1123Subdomain(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > 253) errs.push_back(MaxLenError(253));
  if (!MatchDns1123Subdomain(value)) {
    errs.push_back(RegexError(kDns1123SubdomainErrMsg, kDns1123SubdomainFmt, {"example.com"}));
  }
  return errs;
}

std::vector<std::string> IsDns1123Label(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > 63) errs.push_back(MaxLenError(63));
  if (!MatchDns1123Label(value)) {
    errs.push_back(RegexError(kDns1123LabelErrMsg, kDns1123LabelFmt, {"my-name", "123-abc"}));
  }
  return errs;
}

std::vector<std::string> IsDns1035Label(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > 63) errs.push_back(MaxLenError(63));
  bool ok = MatchDns1123Label(value) && value.front() >= 'a' && value.front() <= 'z';
  if (!ok) {
    errs.push_back(RegexError(kDns1035LabelErrMsg, kDns1035LabelFmt, {"my-name", "abc-123"}));
  }
  return errs;
}

std::vector<std::string> IsQualifiedName(std::string_view value) {
  std::vector<std::string> errs;
  std::string_view name = value;
  size_t slash = value.find('/');
  if (slash != std::string_view::npos) {
    if (value.find('/', slash + 1) != std::string_view::npos) {
      errs.push_back(StrCat(
          "a qualified name ",
          RegexError(kQualifiedNameErrMsg, kQualifiedNameFmt, {"MyName", "my.name", "123-abc"}),
          " with an optional DNS subdomain prefix and '/' (e.g. "
          "'example.com/MyName')"));
      return errs;
    }
    std::string_view prefix = value.substr(0, slash);
    name = value.substr(slash + 1);
    if (prefix.empty()) {
      errs.push_back(StrCat("prefix part ", EmptyError()));
    } else {
      for (const auto& m : IsDns1123Subdomain(prefix)) errs.push_back(StrCat("prefix part ", m));
    }
  }
  if (name.empty()) {
    errs.push_back(StrCat("name part ", EmptyError()));
  } else if (name.size() > 63) {
    errs.push_back(StrCat("name part ", MaxLenError(63)));
  }
  if (!MatchQualifiedName(name)) {
    errs.push_back(StrCat("name part ", RegexError(kQualifiedNameErrMsg, kQualifiedNameFmt,
                                                   {"MyName", "my.name", "123-abc"})));
  }
  return errs;
}

std::vector<std::string> IsValidLabelValue(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > 63) errs.push_back(MaxLenError(63));
  if (!value.empty() && !MatchQualifiedName(value)) {
    errs.push_back(RegexError(kLabelValueErrMsg, StrCat("(", kQualifiedNameFmt, ")?"),
                              {"MyValue", "my_value", "12345"}));
  }
  return errs;
}

std::vector<std::string> IsConfigMapKey(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > 253) errs.push_back(MaxLenError(253));
  bool ok = !value.empty();
  for (char c : value) ok = ok && (IsAlnum(c) || c == '-' || c == '.' || c == '_');
  if (!ok) {
    errs.push_back(
        RegexError(kConfigMapKeyErrMsg, kConfigMapKeyFmt, {"key.name", "KEY_NAME", "key-name"}));
  }
  if (value == ".") {
    errs.push_back("must not be '.'");
  } else if (value == "..") {
    errs.push_back("must not be '..'");
  } else if (value.substr(0, 2) == "..") {
    errs.push_back("must not start with '..'");
  }
  return errs;
}

std::vector<std::string> IsValidPortNum(int64_t port) {
  if (port >= 1 && port <= 65535) return {};
  return {"must be between 1 and 65535, inclusive"};
}

std::vector<std::string> IsCIdentifier(std::string_view value) {
  bool ok = !value.empty() && (IsAlnum(value.front()) || value.front() == '_') &&
            !(value.front() >= '0' && value.front() <= '9');
  for (char c : value) ok = ok && (IsAlnum(c) || c == '_');
  if (ok) return {};
  return {RegexError(kCIdentifierErrMsg, kCIdentifierFmt, {"my_name", "MY_NAME", "MyName"})};
}

Cause FieldInvalid(std::string_view field, const nlohmann::json& value, std::string_view detail) {
  return MakeCause("FieldValueInvalid", field, StrCat("Invalid value: ", ValueBody(value)), detail);
}

Cause FieldInvalidGo(std::string_view field, std::string_view printed, std::string_view detail) {
  return MakeCause("FieldValueInvalid", field, StrCat("Invalid value: ", printed), detail);
}

Cause FieldRequired(std::string_view field, std::string_view detail) {
  return MakeCause("FieldValueRequired", field, "Required value", detail);
}

Cause FieldNotSupported(std::string_view field, const nlohmann::json& value,
                        const std::vector<std::string>& supported) {
  std::string detail;
  if (!supported.empty()) {
    detail = "supported values: ";
    for (size_t i = 0; i < supported.size(); ++i) {
      if (i > 0) detail += ", ";
      detail += GoQuote(supported[i]);
    }
  }
  return MakeCause("FieldValueNotSupported", field, StrCat("Unsupported value: ", ValueBody(value)),
                   detail);
}

Cause FieldForbidden(std::string_view field, std::string_view detail) {
  return MakeCause("FieldValueForbidden", field, "Forbidden", detail);
}

Cause FieldDuplicate(std::string_view field, const nlohmann::json& value) {
  return MakeCause("FieldValueDuplicate", field, StrCat("Duplicate value: ", ValueBody(value)), "");
}

Cause FieldTooLong(std::string_view field, const nlohmann::json& value, int64_t max) {
  (void)value;  // upstream's ErrorBody never prints the value of a TooLong error
  std::string detail = max >= 0
                           ? StrCat("may not be more than ", max, max == 1 ? " byte" : " bytes")
                           : std::string("value is too long");
  return MakeCause("FieldValueTooLong", field, "Too long", detail);
}

std::string GoLabelSelector(const nlohmann::json& selector) {
  std::string out = "v1.LabelSelector{MatchLabels:";
  const nlohmann::json* labels =
      selector.is_object() && selector.contains("matchLabels") ? &selector["matchLabels"] : nullptr;
  if (labels == nullptr || !labels->is_object()) {
    out += "map[string]string(nil)";
  } else {
    out += "map[string]string{";
    bool first = true;
    for (auto it = labels->begin(); it != labels->end(); ++it) {  // sorted, as Go prints maps
      if (!first) out += ", ";
      first = false;
      out += GoQuote(it.key()) + ":" +
             (it->is_string() ? GoQuote(it->get_ref<const std::string&>()) : it->dump());
    }
    out += "}";
  }
  out += ", MatchExpressions:";
  const nlohmann::json* exprs = selector.is_object() && selector.contains("matchExpressions")
                                    ? &selector["matchExpressions"]
                                    : nullptr;
  if (exprs == nullptr || !exprs->is_array()) {
    out += "[]v1.LabelSelectorRequirement(nil)";
  } else {
    out += "[]v1.LabelSelectorRequirement{";
    for (size_t i = 0; i < exprs->size(); ++i) {
      const nlohmann::json& e = (*exprs)[i];
      if (i) out += ", ";
      auto text = [&](const char* key) {
        return e.is_object() && e.contains(key) && e[key].is_string() ? e[key].get<std::string>()
                                                                      : std::string();
      };
      out += StrCat(
          "v1.LabelSelectorRequirement{Key:", GoQuote(text("key")),
          ", Operator:", GoQuote(text("operator")), ", Values:",
          GoStringSlice(e.is_object() && e.contains("values") ? e["values"] : nlohmann::json()),
          "}");
    }
    out += "}";
  }
  return out + "}";
}

}  // namespace wisp::apimachinery
