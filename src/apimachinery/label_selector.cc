// Label selector parser and matcher following upstream's lexer/parser in
// k8s.io/apimachinery/pkg/labels/selector.go, including its error texts.
#include "wisp/apimachinery/label_selector.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

#include "absl/status/status.h"
#include "apimachinery/go_format.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::apimachinery {

using base::StrCat;

namespace {

enum class Tok {
  kError,
  kEnd,
  kClosedPar,
  kComma,
  kDoesNotExist,
  kDoubleEquals,
  kEquals,
  kGreaterThan,
  kIdentifier,
  kIn,
  kLessThan,
  kNotEquals,
  kNotIn,
  kOpenPar,
};

struct Token {
  Tok tok;
  std::string lit;
};

bool IsSpecial(char c) {
  return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
}
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool SymbolToken(std::string_view s, Tok* out) {
  static constexpr std::pair<std::string_view, Tok> kSymbols[] = {
      {")", Tok::kClosedPar},     {",", Tok::kComma},      {"!", Tok::kDoesNotExist},
      {"==", Tok::kDoubleEquals}, {"=", Tok::kEquals},     {">", Tok::kGreaterThan},
      {"<", Tok::kLessThan},      {"!=", Tok::kNotEquals}, {"(", Tok::kOpenPar},
  };
  for (const auto& [text, tok] : kSymbols) {
    if (text == s) {
      *out = tok;
      return true;
    }
  }
  return false;
}

std::vector<Token> Lex(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (true) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    if (i >= s.size()) {
      out.push_back({Tok::kEnd, ""});
      return out;
    }
    if (IsSpecial(s[i])) {
      // Longest run of special characters that still forms a token.
      std::string buf;
      Tok tok = Tok::kError;
      while (i < s.size() && IsSpecial(s[i])) {
        Tok t;
        if (!SymbolToken(buf + s[i], &t)) break;
        buf += s[i++];
        tok = t;
      }
      if (buf.empty()) {
        buf = std::string(1, s[i]);
        out.push_back({Tok::kError, StrCat("error expected: keyword found '", buf, "'")});
        return out;
      }
      out.push_back({tok, buf});
      continue;
    }
    size_t start = i;
    while (i < s.size() && !IsSpace(s[i]) && !IsSpecial(s[i])) ++i;
    std::string word(s.substr(start, i - start));
    if (word == "in") {
      out.push_back({Tok::kIn, word});
    } else if (word == "notin") {
      out.push_back({Tok::kNotIn, word});
    } else {
      out.push_back({Tok::kIdentifier, word});
    }
  }
}

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += sep;
    out += v[i];
  }
  return out;
}

bool ParseInt64(const std::string& s, int64_t* out) {
  if (s.empty()) return false;
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (errno != 0 || end != s.c_str() + s.size()) return false;
  *out = v;
  return true;
}

// field.Invalid(...).Error() for a requirement error.
std::string InvalidError(std::string_view path, const nlohmann::json& value,
                         std::string_view detail) {
  Cause c = FieldInvalid(path, value, detail);
  return StrCat(c.field, ": ", c.message);
}

std::optional<std::string> ValidateKey(const std::string& key, std::string_view path) {
  auto errs = IsQualifiedName(key);
  if (errs.empty()) return std::nullopt;
  return InvalidError(path, key, Join(errs, "; "));
}

// labels.NewRequirement: validation with upstream's messages, aggregated.
absl::StatusOr<LabelRequirement> NewRequirement(const std::string& key, const std::string& op,
                                                std::vector<std::string> values) {
  std::vector<std::string> errs;
  if (auto e = ValidateKey(key, "key")) errs.push_back(*e);
  nlohmann::json jvalues = values;
  if (op == "in" || op == "notin") {
    if (values.empty()) {
      errs.push_back(InvalidError("values", jvalues,
                                  "for 'in', 'notin' operators, values set can't be empty"));
    }
  } else if (op == "=" || op == "==" || op == "!=") {
    if (values.size() != 1) {
      errs.push_back(
          InvalidError("values", jvalues, "exact-match compatibility requires one single value"));
    }
  } else if (op == "exists" || op == "!") {
    if (!values.empty()) {
      errs.push_back(InvalidError("values", jvalues,
                                  "values set must be empty for exists and does not exist"));
    }
  } else if (op == "gt" || op == "lt") {
    if (values.size() != 1) {
      errs.push_back(InvalidError("values", jvalues,
                                  "for 'Gt', 'Lt' operators, exactly one value is required"));
    }
    for (size_t i = 0; i < values.size(); ++i) {
      int64_t unused;
      if (!ParseInt64(values[i], &unused)) {
        errs.push_back(InvalidError(StrCat("values[", i, "]"), values[i],
                                    "for 'Gt', 'Lt' operators, the value must be an integer"));
      }
    }
  }
  for (size_t i = 0; i < values.size(); ++i) {
    auto verrs = IsValidLabelValue(values[i]);
    if (!verrs.empty()) {
      errs.push_back(
          InvalidError(StrCat("values[", i, "][", key, "]"), values[i], Join(verrs, "; ")));
    }
  }
  if (errs.size() == 1) return absl::InvalidArgumentError(errs[0]);
  if (!errs.empty()) return absl::InvalidArgumentError(StrCat("[", Join(errs, ", "), "]"));
  std::set<std::string> uniq(values.begin(), values.end());
  return LabelRequirement{key, op, std::vector<std::string>(uniq.begin(), uniq.end())};
}

class Parser {
 public:
  explicit Parser(std::string_view s) : toks_(Lex(s)) {}

  absl::StatusOr<std::vector<LabelRequirement>> Parse() {
    std::vector<LabelRequirement> reqs;
    while (true) {
      Token t = Peek(true);
      if (t.tok == Tok::kEnd) return reqs;
      if (t.tok != Tok::kIdentifier && t.tok != Tok::kDoesNotExist) {
        return Err(StrCat("found '", t.lit, "', expected: !, identifier, or 'end of string'"));
      }
      auto r = ParseRequirement();
      if (!r.ok()) {
        return Err(StrCat("unable to parse requirement: ", base::ToStd(r.status().message())));
      }
      reqs.push_back(*std::move(r));
      Token n = Next(true);
      if (n.tok == Tok::kEnd) return reqs;
      if (n.tok != Tok::kComma) {
        return Err(StrCat("found '", n.lit, "', expected: ',' or 'end of string'"));
      }
      Token a = Peek(true);
      if (a.tok != Tok::kIdentifier && a.tok != Tok::kDoesNotExist) {
        return Err(StrCat("found '", a.lit, "', expected: identifier after ','"));
      }
    }
  }

 private:
  static absl::Status Err(std::string msg) { return absl::InvalidArgumentError(std::move(msg)); }

  // In value context the keywords `in`/`notin` are plain identifiers.
  Token Peek(bool values) const {
    Token t = toks_[std::min(pos_, toks_.size() - 1)];
    if (values && (t.tok == Tok::kIn || t.tok == Tok::kNotIn)) t.tok = Tok::kIdentifier;
    return t;
  }
  Token Next(bool values) {
    Token t = Peek(values);
    if (pos_ < toks_.size() - 1) ++pos_;
    return t;
  }

  absl::StatusOr<LabelRequirement> ParseRequirement() {
    std::string op;
    Token t = Next(true);
    if (t.tok == Tok::kDoesNotExist) {
      op = "!";
      t = Next(true);
    }
    if (t.tok != Tok::kIdentifier) return Err(StrCat("found '", t.lit, "', expected: identifier"));
    std::string key = t.lit;
    if (auto e = ValidateKey(key, "")) return Err(*e);
    // `!key` is complete: whatever follows is the selector's next token
    // (upstream: "!env=prod" fails with "found '=', expected: ',' ...").
    if (!op.empty()) return NewRequirement(key, op, {});
    Token a = Peek(true);
    if (a.tok == Tok::kEnd || a.tok == Tok::kComma) return NewRequirement(key, "exists", {});
    Token o = Next(false);
    std::vector<std::string> values;
    switch (o.tok) {
      case Tok::kIn:
      case Tok::kNotIn: {
        op = o.tok == Tok::kIn ? "in" : "notin";
        auto v = ParseValues();
        if (!v.ok()) return v.status();
        values = *std::move(v);
        break;
      }
      case Tok::kEquals:
      case Tok::kDoubleEquals:
      case Tok::kNotEquals:
      case Tok::kGreaterThan:
      case Tok::kLessThan: {
        op = o.tok == Tok::kEquals         ? "="
             : o.tok == Tok::kDoubleEquals ? "=="
             : o.tok == Tok::kNotEquals    ? "!="
             : o.tok == Tok::kGreaterThan  ? "gt"
                                           : "lt";
        Token v = Peek(true);
        if (v.tok == Tok::kEnd || v.tok == Tok::kComma) {
          values.push_back("");
        } else {
          v = Next(true);
          if (v.tok != Tok::kIdentifier) {
            return Err(StrCat("found '", v.lit, "', expected: identifier"));
          }
          values.push_back(v.lit);
        }
        break;
      }
      default:
        return Err(StrCat("found '", o.lit, "', expected: in, notin, =, ==, !=, gt, lt"));
    }
    return NewRequirement(key, op, std::move(values));
  }

  absl::StatusOr<std::vector<std::string>> ParseValues() {
    Token t = Next(true);
    if (t.tok != Tok::kOpenPar) return Err(StrCat("found '", t.lit, "' expected: '('"));
    Token a = Peek(true);
    if (a.tok == Tok::kClosedPar) {
      Next(true);
      return std::vector<std::string>{""};
    }
    if (a.tok != Tok::kIdentifier && a.tok != Tok::kComma) {
      return Err(StrCat("found '", a.lit, "', expected: ',', ')' or identifier"));
    }
    std::set<std::string> s;
    while (true) {
      Token c = Next(true);
      if (c.tok == Tok::kIdentifier) {
        s.insert(c.lit);
        Token n = Peek(true);
        if (n.tok == Tok::kComma) continue;
        if (n.tok == Tok::kClosedPar) break;
        return Err(StrCat("found '", n.lit, "', expected: ',' or ')'"));
      } else if (c.tok == Tok::kComma) {
        if (s.empty()) s.insert("");
        Token n = Peek(true);
        if (n.tok == Tok::kClosedPar) {
          s.insert("");
          break;
        }
        if (n.tok == Tok::kComma) {
          Next(true);
          s.insert("");
        }
      } else {
        return Err(StrCat("found '", c.lit, "', expected: ',', or identifier"));
      }
    }
    if (Next(true).tok != Tok::kClosedPar) {
      return Err(StrCat("found '", a.lit, "', expected: ')'"));
    }
    return std::vector<std::string>(s.begin(), s.end());
  }

  std::vector<Token> toks_;
  size_t pos_ = 0;
};

bool ValueIn(const std::vector<std::string>& values, const std::string& v) {
  return std::binary_search(values.begin(), values.end(), v);
}

bool RequirementMatches(const LabelRequirement& r, const nlohmann::json& labels) {
  const std::string* value = nullptr;
  if (labels.is_object()) {
    auto it = labels.find(r.key);
    if (it != labels.end() && it->is_string()) value = &it->get_ref<const std::string&>();
  }
  if (r.op == "=" || r.op == "==" || r.op == "in") return value && ValueIn(r.values, *value);
  if (r.op == "!=" || r.op == "notin") return !value || !ValueIn(r.values, *value);
  if (r.op == "exists") return value != nullptr;
  if (r.op == "!") return value == nullptr;
  if (r.op == "gt" || r.op == "lt") {
    int64_t have, want;
    if (!value || r.values.size() != 1 || !ParseInt64(*value, &have) ||
        !ParseInt64(r.values[0], &want)) {
      return false;
    }
    return r.op == "gt" ? have > want : have < want;
  }
  return false;
}

void SortByKey(std::vector<LabelRequirement>& reqs) {
  std::stable_sort(
      reqs.begin(), reqs.end(),
      [](const LabelRequirement& a, const LabelRequirement& b) { return a.key < b.key; });
}

}  // namespace

absl::StatusOr<LabelSelector> LabelSelector::Parse(std::string_view selector) {
  auto reqs = Parser(selector).Parse();
  if (!reqs.ok()) return reqs.status();
  LabelSelector s;
  s.requirements_ = *std::move(reqs);
  SortByKey(s.requirements_);
  return s;
}

absl::StatusOr<LabelSelector> LabelSelector::FromJson(const nlohmann::json& sel) {
  if (sel.is_null()) return Nothing();
  if (!sel.is_object()) return absl::InvalidArgumentError("label selector must be an object");
  LabelSelector s;
  auto ml = sel.find("matchLabels");
  if (ml != sel.end() && !ml->is_null()) {
    if (!ml->is_object()) return absl::InvalidArgumentError("matchLabels must be an object");
    for (auto it = ml->begin(); it != ml->end(); ++it) {
      if (!it->is_string()) {
        return absl::InvalidArgumentError(StrCat("matchLabels[", it.key(), "] must be a string"));
      }
      auto r = NewRequirement(it.key(), "=", {it->get<std::string>()});
      if (!r.ok()) return r.status();
      s.requirements_.push_back(*std::move(r));
    }
  }
  auto me = sel.find("matchExpressions");
  if (me != sel.end() && !me->is_null()) {
    if (!me->is_array()) return absl::InvalidArgumentError("matchExpressions must be a list");
    for (const auto& expr : *me) {
      if (!expr.is_object()) {
        return absl::InvalidArgumentError("matchExpressions entries must be objects");
      }
      std::string key = expr.value("key", std::string());
      std::string op = expr.contains("operator") && expr["operator"].is_string()
                           ? expr["operator"].get<std::string>()
                           : std::string();
      std::string mapped;
      if (op == "In") mapped = "in";
      if (op == "NotIn") mapped = "notin";
      if (op == "Exists") mapped = "exists";
      if (op == "DoesNotExist") mapped = "!";
      if (mapped.empty()) {
        return absl::InvalidArgumentError(
            StrCat(internal::GoQuote(op), " is not a valid label selector operator"));
      }
      std::vector<std::string> values;
      auto vals = expr.find("values");
      if (vals != expr.end() && vals->is_array()) {
        for (const auto& v : *vals) {
          if (!v.is_string())
            return absl::InvalidArgumentError("matchExpressions values must be strings");
          values.push_back(v.get<std::string>());
        }
      }
      auto r = NewRequirement(key, mapped, std::move(values));
      if (!r.ok()) return r.status();
      s.requirements_.push_back(*std::move(r));
    }
  }
  SortByKey(s.requirements_);
  return s;
}

LabelSelector LabelSelector::Nothing() {
  LabelSelector s;
  s.nothing_ = true;
  return s;
}

bool LabelSelector::Matches(const nlohmann::json& labels) const {
  if (nothing_) return false;
  for (const auto& r : requirements_) {
    if (!RequirementMatches(r, labels)) return false;
  }
  return true;
}

std::string LabelSelector::String() const {
  std::vector<std::string> parts;
  for (const auto& r : requirements_) {
    if (r.op == "!") {
      parts.push_back(StrCat("!", r.key));
    } else if (r.op == "exists") {
      parts.push_back(r.key);
    } else if (r.op == "in" || r.op == "notin") {
      parts.push_back(StrCat(r.key, " ", r.op, " (", Join(r.values, ","), ")"));
    } else {
      std::string op = r.op == "gt" ? ">" : r.op == "lt" ? "<" : r.op;
      parts.push_back(StrCat(r.key, op, r.values.empty() ? "" : r.values[0]));
    }
  }
  return Join(parts, ",");
}

}  // namespace wisp::apimachinery
