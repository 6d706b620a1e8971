// Field selector parsing and matching after upstream's
// k8s.io/apimachinery/pkg/fields/selector.go, including its error texts.
#include "wisp/apimachinery/field_selector.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "wisp/base/strings.h"

namespace wisp::apimachinery {

using base::StrCat;

namespace {

// Splits on commas not preceded by an escaping backslash.
std::vector<std::string> SplitTerms(std::string_view s) {
  std::vector<std::string> terms;
  if (s.empty()) return terms;
  std::string cur;
  bool escaped = false;
  for (char c : s) {
    if (escaped) {
      cur += c;
      escaped = false;
    } else if (c == '\\') {
      cur += c;
      escaped = true;
    } else if (c == ',') {
      terms.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  terms.push_back(std::move(cur));
  return terms;
}

// The first unescaped operator, trying "!=", "==", "=" at each position.
bool SplitTerm(const std::string& term, std::string* lhs, std::string* op, std::string* rhs) {
  for (size_t i = 0; i < term.size(); ++i) {
    if (term[i] == '\\') {
      ++i;
      continue;
    }
    for (std::string_view candidate : {"!=", "==", "="}) {
      if (std::string_view(term).substr(i, candidate.size()) == candidate) {
        *lhs = term.substr(0, i);
        *op = std::string(candidate);
        *rhs = term.substr(i + candidate.size());
        return true;
      }
    }
  }
  return false;
}

absl::StatusOr<std::string> Unescape(const std::string& s) {
  std::string out;
  bool in_slash = false;
  for (char c : s) {
    if (in_slash) {
      if (c != '\\' && c != ',' && c != '=') {
        return absl::InvalidArgumentError(
            StrCat("invalid field selector: invalid escape sequence: \\", c));
      }
      out += c;
      in_slash = false;
      continue;
    }
    if (c == '\\') {
      in_slash = true;
    } else if (c == ',' || c == '=') {
      // Upstream prints the rune with %v, i.e. as its number.
      return absl::InvalidArgumentError(
          StrCat("invalid field selector: unescaped character in value: ", static_cast<int>(c)));
    } else {
      out += c;
    }
  }
  if (in_slash) {
    return absl::InvalidArgumentError("invalid field selector: invalid escape sequence: \\");
  }
  return out;
}

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == ',' || c == '=') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

absl::StatusOr<FieldSelector> FieldSelector::Parse(std::string_view selector) {
  std::vector<std::string> parts = SplitTerms(selector);
  std::sort(parts.begin(), parts.end());
  FieldSelector s;
  for (const auto& part : parts) {
    if (part.empty()) continue;
    std::string lhs, op, rhs;
    if (!SplitTerm(part, &lhs, &op, &rhs)) {
      return absl::InvalidArgumentError(
          StrCat("invalid selector: '", selector, "'; can't understand '", part, "'"));
    }
    auto value = Unescape(rhs);
    if (!value.ok()) return value.status();
    s.requirements_.push_back(FieldRequirement{lhs, op, *std::move(value)});
  }
  return s;
}

bool FieldSelector::Matches(
    const std::function<std::optional<std::string>(std::string_view)>& get) const {
  for (const auto& r : requirements_) {
    std::string have = get(r.field).value_or("");
    bool equal = have == r.value;
    if (r.op == "!=" ? equal : !equal) return false;
  }
  return true;
}

std::string FieldSelector::String() const {
  std::string out;
  for (size_t i = 0; i < requirements_.size(); ++i) {
    if (i > 0) out += ",";
    const auto& r = requirements_[i];
    out += StrCat(r.field, r.op == "!=" ? "!=" : "=", Escape(r.value));
  }
  return out;
}

std::optional<std::string> FieldValue(const nlohmann::json& obj, std::string_view dotted_path) {
  const nlohmann::json* cur = &obj;
  size_t start = 0;
  while (true) {
    size_t dot = dotted_path.find('.', start);
    std::string key(dotted_path.substr(
        start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (!cur->is_object()) return std::nullopt;
    auto it = cur->find(key);
    if (it == cur->end()) return std::nullopt;
    cur = &*it;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (cur->is_string()) return cur->get<std::string>();
  if (cur->is_boolean()) return cur->get<bool>() ? "true" : "false";
  if (cur->is_number()) return cur->dump();
  return std::nullopt;
}

}  // namespace wisp::apimachinery
