// Name rules: metadata validation per NameRule, port and path-segment names.
#include "strategies/names.h"

#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {

std::vector<std::string> ValidateName(NameRule rule, std::string_view name) {
  return ValidatorFor(rule)(name);
}

apimachinery::NameValidator ValidatorFor(NameRule rule) {
  switch (rule) {
    case NameRule::kDns1123Subdomain:
      return apimachinery::IsDns1123Subdomain;
    case NameRule::kDns1123Label:
      return apimachinery::IsDns1123Label;
    case NameRule::kDns1035Label:
      return apimachinery::IsDns1035Label;
    case NameRule::kPathSegment:
      return IsValidPathSegmentName;
  }
  return apimachinery::IsDns1123Subdomain;
}

Causes ValidateMeta(const Json& obj, const StrategyTraits& traits) {
  static const Json kEmpty = Json::object();
  const Json* meta = ObjectAt(obj, "metadata");
  return apimachinery::ValidateObjectMeta(meta != nullptr ? *meta : kEmpty, traits.namespaced,
                                          ValidatorFor(traits.name_rule));
}

std::vector<std::string> IsValidPortName(std::string_view name) {
  std::vector<std::string> errs;
  if (name.size() > 15) errs.push_back("must be no more than 15 characters");
  bool bad_char = false, has_letter = false;
  for (char c : name) {
    bool lower = c >= 'a' && c <= 'z';
    if (lower) has_letter = true;
    if (!lower && !(c >= '0' && c <= '9') && c != '-') bad_char = true;
  }
  if (bad_char) {
    errs.push_back("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  }
  if (name.find("--") != std::string_view::npos) {
    errs.push_back("must not contain consecutive hyphens");
  }
  if (!has_letter) errs.push_back("must contain at least one letter (a-z)");
  if (!name.empty() && (name.front() == '-' || name.back() == '-')) {
    errs.push_back("must not begin or end with a hyphen");
  }
  return errs;
}

std::vector<std::string> IsValidPathSegmentName(std::string_view name) {
  if (name == "." || name == "..") {
    return {base::StrCat("may not be '", name, "'")};
  }
  std::vector<std::string> errs;
  if (name.find('/') != std::string_view::npos) errs.push_back("may not contain '/'");
  if (name.find('%') != std::string_view::npos) errs.push_back("may not contain '%'");
  return errs;
}

}  // namespace wisp::strategies
