// core/v1 Secrets: stringData folded into data, type Opaque by default, key
// syntax, the 1 MiB limit, per-type required keys (upstream ValidateSecret),
// docker config keys that must hold JSON, immutable type and data.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/escaping.h"
#include "strategies/data_keys.h"
#include "strategies/json_util.h"
#include "strategies/kinds.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {
namespace {

// Go's quoteChar in encoding/json: a byte in single quotes, escaped as
// strconv.Quote escapes the rune of that value.
std::string QuoteChar(uint8_t c) {
  static constexpr char kHex[] = "0123456789abcdef";
  if (c == '\'') return R"('\'')";
  if (c == '"') return R"('"')";
  std::string inner;
  switch (c) {
    case '\a':
      inner = "\\a";
      break;
    case '\b':
      inner = "\\b";
      break;
    case '\f':
      inner = "\\f";
      break;
    case '\n':
      inner = "\\n";
      break;
    case '\r':
      inner = "\\r";
      break;
    case '\t':
      inner = "\\t";
      break;
    case '\v':
      inner = "\\v";
      break;
    case '\\':
      inner = "\\\\";
      break;
    default:
      if (c < 0x20 || c == 0x7f) {
        inner = {'\\', 'x', kHex[c >> 4], kHex[c & 0xf]};
      } else if (c < 0x80) {
        inner = std::string(1, static_cast<char>(c));
      } else if (c <= 0xa0 || c == 0xad) {  // not printable in Go
        inner = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
      } else {  // U+00A1..U+00FF in UTF-8
        inner = {static_cast<char>(0xc0 | (c >> 6)), static_cast<char>(0x80 | (c & 0x3f))};
      }
  }
  return "'" + inner + "'";
}

// Go's encoding/json syntax scanner (the checkValid pass of json.Unmarshal),
// kept to reproduce its error text byte for byte.
class GoJsonScanner {
 public:
  // Feeds one byte; false once the input is known to be invalid.
  bool Step(uint8_t c) {
    switch (state_) {
      case State::kBeginValueOrEmpty:
        if (IsSpace(c)) return true;
        return c == ']' ? EndValue(c) : BeginValue(c);
      case State::kBeginValue:
        return BeginValue(c);
      case State::kBeginStringOrEmpty:
        if (IsSpace(c)) return true;
        if (c == '}') {
          stack_.back() = Parse::kObjectValue;
          return EndValue(c);
        }
        return BeginString(c);
      case State::kBeginString:
        return BeginString(c);
      case State::kEndValue:
        return EndValue(c);
      case State::kEndTop:
        return IsSpace(c) || Fail(c, "after top-level value");
      case State::kInString:
      case State::kInStringEsc:
      case State::kInStringEscU:
        return StringStep(c);
      case State::kLiteral:
        if (c != literal_[literal_pos_]) {
          return Fail(c, std::string("in literal ") + std::string(literal_) + " (expecting '" +
                             literal_[literal_pos_] + "')");
        }
        if (++literal_pos_ == literal_.size()) state_ = State::kEndValue;
        return true;
      default:
        return NumberStep(c);
    }
  }

  // End of input; false when the input is invalid.
  bool Eof() {
    if (!error_.empty()) return false;
    if (end_top_) return true;
    Step(' ');
    if (end_top_) return true;
    if (error_.empty()) error_ = "unexpected end of JSON input";
    return false;
  }

  const std::string& error() const { return error_; }

 private:
  enum class State {
    kBeginValueOrEmpty,
    kBeginValue,
    kBeginStringOrEmpty,
    kBeginString,
    kEndValue,
    kEndTop,
    kInString,
    kInStringEsc,
    kInStringEscU,
    kNeg,
    kDigits,
    kZero,
    kDot,
    kFraction,
    kExponentMark,
    kExponentSign,
    kExponent,
    kLiteral,
  };
  enum class Parse { kObjectKey, kObjectValue, kArrayValue };
  static constexpr size_t kMaxDepth = 10000;

  static bool IsSpace(uint8_t c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
  static bool IsDigit(uint8_t c) { return c >= '0' && c <= '9'; }
  static bool IsHex(uint8_t c) {
    return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  // Inside a string literal.
  bool StringStep(uint8_t c) {
    switch (state_) {
      case State::kInString:
        if (c == '"') {
          state_ = State::kEndValue;
        } else if (c == '\\') {
          state_ = State::kInStringEsc;
        } else if (c < 0x20) {
          return Fail(c, "in string literal");
        }
        return true;
      case State::kInStringEsc:
        if (std::string_view("bfnrt\\/\"").find(static_cast<char>(c)) != std::string_view::npos) {
          state_ = State::kInString;
        } else if (c == 'u') {
          state_ = State::kInStringEscU;
          hex_digits_ = 0;
        } else {
          return Fail(c, "in string escape code");
        }
        return true;
      case State::kInStringEscU:
        if (!IsHex(c)) return Fail(c, "in \\u hexadecimal character escape");
        if (++hex_digits_ == 4) state_ = State::kInString;
        return true;
      default:
        return true;
    }
  }

  // Inside a number.
  bool NumberStep(uint8_t c) {
    switch (state_) {
      case State::kNeg:
        if (c == '0') {
          state_ = State::kZero;
        } else if (c >= '1' && c <= '9') {
          state_ = State::kDigits;
        } else {
          return Fail(c, "in numeric literal");
        }
        return true;
      case State::kDigits:
        if (IsDigit(c)) return true;
        return AfterInteger(c);
      case State::kZero:
        return AfterInteger(c);
      case State::kDot:
        if (!IsDigit(c)) return Fail(c, "after decimal point in numeric literal");
        state_ = State::kFraction;
        return true;
      case State::kFraction:
        if (IsDigit(c)) return true;
        if (c == 'e' || c == 'E') {
          state_ = State::kExponentMark;
          return true;
        }
        return EndValue(c);
      case State::kExponentMark:
        if (c == '+' || c == '-') {
          state_ = State::kExponentSign;
          return true;
        }
        return ExponentSign(c);
      case State::kExponentSign:
        return ExponentSign(c);
      case State::kExponent:
        return IsDigit(c) || EndValue(c);
      default:
        return true;
    }
  }

  bool Fail(uint8_t c, const std::string& context) {
    error_ = "invalid character " + QuoteChar(c) + " " + context;
    return false;
  }

  bool Push(uint8_t c, Parse p) {
    stack_.push_back(p);
    return stack_.size() <= kMaxDepth || Fail(c, "exceeded max depth");
  }

  void Pop() {
    stack_.pop_back();
    if (stack_.empty()) {
      state_ = State::kEndTop;
      end_top_ = true;
    } else {
      state_ = State::kEndValue;
    }
  }

  bool BeginValue(uint8_t c) {
    if (IsSpace(c)) return true;
    switch (c) {
      case '{':
        state_ = State::kBeginStringOrEmpty;
        return Push(c, Parse::kObjectKey);
      case '[':
        state_ = State::kBeginValueOrEmpty;
        return Push(c, Parse::kArrayValue);
      case '"':
        state_ = State::kInString;
        return true;
      case '-':
        state_ = State::kNeg;
        return true;
      case '0':
        state_ = State::kZero;
        return true;
      case 't':
        return BeginLiteral("true");
      case 'f':
        return BeginLiteral("false");
      case 'n':
        return BeginLiteral("null");
      default:
        if (c >= '1' && c <= '9') {
          state_ = State::kDigits;
          return true;
        }
        return Fail(c, "looking for beginning of value");
    }
  }

  bool BeginLiteral(std::string_view literal) {
    state_ = State::kLiteral;
    literal_ = literal;
    literal_pos_ = 1;
    return true;
  }

  bool BeginString(uint8_t c) {
    if (IsSpace(c)) return true;
    if (c != '"') return Fail(c, "looking for beginning of object key string");
    state_ = State::kInString;
    return true;
  }

  bool AfterInteger(uint8_t c) {
    if (c == '.') {
      state_ = State::kDot;
      return true;
    }
    if (c == 'e' || c == 'E') {
      state_ = State::kExponentMark;
      return true;
    }
    return EndValue(c);
  }

  bool ExponentSign(uint8_t c) {
    if (!IsDigit(c)) return Fail(c, "in exponent of numeric literal");
    state_ = State::kExponent;
    return true;
  }

  bool EndValue(uint8_t c) {
    if (stack_.empty()) {
      state_ = State::kEndTop;
      end_top_ = true;
      return IsSpace(c) || Fail(c, "after top-level value");
    }
    state_ = State::kEndValue;
    if (IsSpace(c)) return true;
    switch (stack_.back()) {
      case Parse::kObjectKey:
        if (c != ':') return Fail(c, "after object key");
        stack_.back() = Parse::kObjectValue;
        state_ = State::kBeginValue;
        return true;
      case Parse::kObjectValue:
        if (c == ',') {
          stack_.back() = Parse::kObjectKey;
          state_ = State::kBeginString;
          return true;
        }
        if (c != '}') return Fail(c, "after object key:value pair");
        Pop();
        return true;
      case Parse::kArrayValue:
        if (c == ',') {
          state_ = State::kBeginValue;
          return true;
        }
        if (c != ']') return Fail(c, "after array element");
        Pop();
        return true;
    }
    return true;
  }

  State state_ = State::kBeginValue;
  std::vector<Parse> stack_;
  bool end_top_ = false;
  std::string error_;
  std::string_view literal_;
  size_t literal_pos_ = 0;
  int hex_digits_ = 0;
};

// The error of Go's json.Unmarshal(text, &map[string]interface{}{}), or ""
// when it succeeds.
std::string GoJsonObjectError(std::string_view text) {
  GoJsonScanner scanner;
  for (char c : text) {
    if (!scanner.Step(static_cast<uint8_t>(c))) return scanner.error();
  }
  if (!scanner.Eof()) return scanner.error();
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return "";  // unreachable: blank is invalid
  char first = text[start];
  if (first == '{' || first == 'n') return "";
  std::string kind = "number";
  if (first == '[') kind = "array";
  if (first == '"') kind = "string";
  if (first == 't' || first == 'f') kind = "bool";
  return "json: cannot unmarshal " + kind + " into Go value of type map[string]interface {}";
}

void RequireKey(const Json& obj, std::string_view key, Causes& causes) {
  const Json* data = ObjectAt(obj, "data");
  if (data == nullptr || !data->contains(key)) {
    causes.push_back(apimachinery::FieldRequired(Key("data", key), ""));
  }
}

// A docker config key: present, and once decoded a JSON object (or null).
void RequireJsonKey(const Json& obj, std::string_view key, Causes& causes) {
  const Json* data = ObjectAt(obj, "data");
  if (data == nullptr || !data->contains(key)) {
    causes.push_back(apimachinery::FieldRequired(Key("data", key), ""));
    return;
  }
  const Json& value = (*data)[std::string(key)];
  std::string decoded;
  // Undecodable base64 is refused before validation upstream.
  if (!value.is_string() || !absl::Base64Unescape(value.get<std::string>(), &decoded)) return;
  std::string error = GoJsonObjectError(decoded);
  if (!error.empty()) {
    causes.push_back(
        apimachinery::FieldInvalid(Key("data", key), Json("<secret contents redacted>"), error));
  }
}

// data[key] holds at least one byte (absent, null and "" do not).
bool HasNonEmpty(const Json& obj, std::string_view key) {
  const Json* value = FindPath(obj, {"data", key});
  return value != nullptr && !(value->is_string() && value->get_ref<const std::string&>().empty());
}

class SecretStrategy : public Strategy {
 public:
  SecretStrategy() : Strategy({.namespaced = true}) {}

  void Default(Json& obj) const override {
    if (!obj.is_object()) return;
    SetDefault(obj, "type", "Opaque");
    // stringData is write-only: upstream's conversion merges it into data.
    if (const Json* string_data = ObjectAt(obj, "stringData")) {
      SetDefault(obj, "data", Json::object());
      if (Json* data = ObjectAt(obj, "data")) {
        for (auto it = string_data->begin(); it != string_data->end(); ++it) {
          if (it->is_string()) (*data)[it.key()] = Base64Encode(it->get<std::string>());
        }
      }
    }
    obj.erase("stringData");
  }

 protected:
  void ValidateKind(const Json& obj, Causes& causes) const override {
    ValidateDataKeys(obj, "data", causes);
    size_t total = 0;
    if (const Json* data = ObjectAt(obj, "data")) {
      for (auto it = data->begin(); it != data->end(); ++it) {
        if (it->is_string()) total += Base64DecodedSize(it->get_ref<const std::string&>());
      }
    }
    if (total > kMaxDataSize) {
      causes.push_back(apimachinery::FieldTooLong("data", Json(""), kMaxDataSize));
    }
    ValidateType(obj, causes);
  }

  void ValidateKindUpdate(const Json& obj, const Json& old, Causes& causes) const override {
    Json type = ValueOr(obj, "type");
    if (type != ValueOr(old, "type")) {
      causes.push_back(apimachinery::FieldInvalid("type", type, "field is immutable"));
    }
    ValidateImmutableData(obj, old, {"data"}, causes);
  }

 private:
  // The keys (or annotation) each well-known type requires.
  static void ValidateType(const Json& obj, Causes& causes) {
    std::string type = Str(obj, "type");
    if (type == "kubernetes.io/service-account-token") {
      const Json* name =
          FindPath(obj, {"metadata", "annotations", "kubernetes.io/service-account.name"});
      if (name == nullptr || *name == "") {
        causes.push_back(apimachinery::FieldRequired(
            "metadata.annotations[kubernetes.io/service-account.name]", ""));
      }
    } else if (type == "kubernetes.io/dockerconfigjson") {
      RequireJsonKey(obj, ".dockerconfigjson", causes);
    } else if (type == "kubernetes.io/dockercfg") {
      RequireJsonKey(obj, ".dockercfg", causes);
    } else if (type == "kubernetes.io/basic-auth") {
      // Either key may be empty, but one of them must be present.
      const Json* data = ObjectAt(obj, "data");
      if (data == nullptr || (!data->contains("username") && !data->contains("password"))) {
        causes.push_back(apimachinery::FieldRequired("data[username]", ""));
        causes.push_back(apimachinery::FieldRequired("data[password]", ""));
      }
    } else if (type == "kubernetes.io/tls") {
      RequireKey(obj, "tls.crt", causes);
      RequireKey(obj, "tls.key", causes);
    } else if (type == "kubernetes.io/ssh-auth") {
      if (!HasNonEmpty(obj, "ssh-privatekey")) {
        causes.push_back(apimachinery::FieldRequired("data[ssh-privatekey]", ""));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Strategy> NewSecretStrategy() { return std::make_unique<SecretStrategy>(); }

}  // namespace wisp::strategies
