// Parser of the compact schema text (format in schema_parser.h).
#include "api/schema_parser.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "wisp/base/strings.h"

namespace wisp::api::internal {
namespace {

// The space-separated tokens of one line of text.
std::vector<std::string_view> SplitTokens(std::string_view line) {
  std::vector<std::string_view> tokens;
  while (!line.empty()) {
    size_t start = line.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    line.remove_prefix(start);
    size_t end = line.find(' ');
    tokens.push_back(line.substr(0, end));
    line.remove_prefix(end == std::string_view::npos ? line.size() : end);
  }
  return tokens;
}

using base::StrCat;

constexpr std::string_view kSearchPath[] = {
    "io.k8s.api.core.v1",
    "io.k8s.apimachinery.pkg.apis.meta.v1",
    "io.k8s.apimachinery.pkg.api.resource",
    "io.k8s.apimachinery.pkg.util.intstr",
    "io.k8s.apimachinery.pkg.runtime",
};

struct Pending {
  size_t type_index;
  size_t field_index;
  std::string package;
};

class Parser {
 public:
  absl::Status ParseText(std::string_view text) {
    int line_no = 0;
    while (!text.empty()) {
      size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
      ++line_no;
      if (absl::Status s = ParseLine(line); !s.ok()) {
        return absl::InvalidArgumentError(
            StrCat("schema text line ", line_no, " (package ", package_, "): ", s.message()));
      }
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<TypeSchema>> Finish() {
    std::unordered_map<std::string, size_t> index;
    for (size_t i = 0; i < types_.size(); ++i) {
      if (!index.emplace(types_[i].name, i).second) {
        return absl::InvalidArgumentError(StrCat("duplicate definition ", types_[i].name));
      }
    }
    for (const Pending& p : pending_) {
      FieldSchema& f = types_[p.type_index].fields[p.field_index];
      std::string resolved;
      if (index.count(f.ref)) {
        resolved = f.ref;
      } else if (index.count(StrCat(p.package, ".", f.ref))) {
        resolved = StrCat(p.package, ".", f.ref);
      } else {
        for (std::string_view pkg : kSearchPath) {
          if (index.count(StrCat(pkg, ".", f.ref))) {
            resolved = StrCat(pkg, ".", f.ref);
            break;
          }
        }
      }
      if (resolved.empty()) {
        return absl::InvalidArgumentError(StrCat("field ", types_[p.type_index].name, ".", f.name,
                                                 ": unknown definition \"", f.ref, "\""));
      }
      f.ref = std::move(resolved);
    }
    for (TypeSchema& t : types_) {
      std::sort(t.fields.begin(), t.fields.end(),
                [](const FieldSchema& a, const FieldSchema& b) { return a.name < b.name; });
      for (size_t i = 1; i < t.fields.size(); ++i) {
        if (t.fields[i].name == t.fields[i - 1].name) {
          return absl::InvalidArgumentError(
              StrCat("definition ", t.name, ": duplicate field ", t.fields[i].name));
        }
      }
      if (absl::Status s = CheckProtoNumbers(t); !s.ok()) return s;
    }
    std::sort(types_.begin(), types_.end(),
              [](const TypeSchema& a, const TypeSchema& b) { return a.name < b.name; });
    return std::move(types_);
  }

 private:
  absl::Status ParseLine(std::string_view line) {
    if (line.empty() || line.front() == '#') return absl::OkStatus();
    if (line.front() == '@') {
      package_ = std::string(line.substr(1));
      return absl::OkStatus();
    }
    bool continuation = line.front() == ' ';
    std::vector<std::string_view> tokens = SplitTokens(line);
    if (tokens.empty()) return absl::OkStatus();
    size_t first_field = 0;
    if (!continuation) {
      if (package_.empty()) return absl::InvalidArgumentError("definition before any @package");
      if (absl::Status s = OpenDefinition(tokens[0]); !s.ok()) return s;
      first_field = 1;
    } else if (types_.empty()) {
      return absl::InvalidArgumentError("field list before any definition");
    }
    for (size_t i = first_field; i < tokens.size(); ++i) {
      if (absl::Status s = ParseField(tokens[i]); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  absl::Status OpenDefinition(std::string_view head) {
    TypeSchema t;
    size_t eq = head.find('=');
    std::string_view name = head.substr(0, eq);
    if (!name.empty() && name.back() == '+') {
      t.preserve_unknown_fields = true;
      name.remove_suffix(1);
    }
    t.name = StrCat(package_, ".", name);
    if (eq != std::string_view::npos) {
      std::string_view scalar = head.substr(eq + 1);
      if (scalar == "time" || scalar == "mtime") {
        t.scalar = ValueType::kString;
        t.format = "date-time";
      } else if (scalar == "qty") {
        t.scalar = ValueType::kQuantity;
      } else if (scalar == "ios") {
        t.scalar = ValueType::kIntOrString;
      } else if (scalar == "any") {
        t.scalar = ValueType::kAny;
      } else if (scalar == "str") {
        t.scalar = ValueType::kString;
      } else {
        return absl::InvalidArgumentError(StrCat("unknown scalar \"", scalar, "\""));
      }
    }
    types_.push_back(std::move(t));
    return absl::OkStatus();
  }

  absl::Status ParseType(std::string_view type, FieldSchema& f) {
    if (type.substr(0, 4) == "{}[]") {
      f.container = Container::kMapOfList;
      type.remove_prefix(4);
    } else if (type.substr(0, 2) == "[]") {
      f.container = Container::kList;
      type.remove_prefix(2);
    } else if (type.substr(0, 2) == "{}") {
      f.container = Container::kMap;
      type.remove_prefix(2);
    }
    if (type == "s") {
      f.type = ValueType::kString;
    } else if (type == "byte") {
      f.type = ValueType::kString;
      f.format = "byte";
    } else if (type == "i" || type == "l") {
      f.type = ValueType::kInteger;
      f.format = type == "i" ? "int32" : "int64";
    } else if (type == "d") {
      f.type = ValueType::kNumber;
      f.format = "double";
    } else if (type == "b") {
      f.type = ValueType::kBoolean;
    } else if (!type.empty() &&
               ((type.front() >= 'A' && type.front() <= 'Z') || type.substr(0, 3) == "io.")) {
      f.type = ValueType::kObject;
      f.ref = std::string(type);
    } else {
      return absl::InvalidArgumentError(StrCat("field ", f.name, ": bad type \"", type, "\""));
    }
    return absl::OkStatus();
  }

  // Two fields of one message (or of one embedded message) never share a
  // protobuf number.
  static absl::Status CheckProtoNumbers(const TypeSchema& t) {
    std::set<std::vector<int>> seen;
    for (const FieldSchema& f : t.fields) {
      if (f.proto_number == 0) continue;
      std::vector<int> path = f.proto_embedding;
      path.push_back(f.proto_number);
      if (!seen.insert(path).second) {
        return absl::InvalidArgumentError(StrCat("definition ", t.name, ": field ", f.name,
                                                 " reuses protobuf number ", f.proto_number));
      }
    }
    return absl::OkStatus();
  }

  // "3" or "2.1" (embedded message 2, its field 1).
  static absl::Status ParseProtoNumber(std::string_view text, FieldSchema& f) {
    std::vector<int> path;
    while (true) {
      size_t dot = text.find('.');
      std::string_view part = text.substr(0, dot);
      int n = 0;
      for (char c : part) {
        if (c < '0' || c > '9' || n > 100000) {
          return absl::InvalidArgumentError(
              StrCat("field ", f.name, ": bad protobuf number \"", part, "\""));
        }
        n = n * 10 + (c - '0');
      }
      if (part.empty() || n == 0) {
        return absl::InvalidArgumentError(
            StrCat("field ", f.name, ": bad protobuf number \"", part, "\""));
      }
      path.push_back(n);
      if (dot == std::string_view::npos) break;
      text.remove_prefix(dot + 1);
    }
    f.proto_number = path.back();
    path.pop_back();
    f.proto_embedding = std::move(path);
    return absl::OkStatus();
  }

  absl::Status ParseField(std::string_view tok) {
    FieldSchema f;
    if (!tok.empty() && tok.front() == '*') {
      f.required = true;
      tok.remove_prefix(1);
    }
    std::string_view list_part, strategy_part;
    if (size_t bar = tok.find('|'); bar != std::string_view::npos) {
      list_part = tok.substr(bar + 1);
      tok = tok.substr(0, bar);
    }
    if (size_t tilde = tok.find('~'); tilde != std::string_view::npos) {
      strategy_part = tok.substr(tilde + 1);
      tok = tok.substr(0, tilde);
    }
    size_t colon = tok.find(':');
    std::string_view type = colon == std::string_view::npos ? "s" : tok.substr(colon + 1);
    tok = tok.substr(0, colon);
    size_t hash = tok.find('#');
    f.name = std::string(tok.substr(0, hash));
    if (f.name.empty()) return absl::InvalidArgumentError("empty field name");
    if (hash != std::string_view::npos) {
      if (absl::Status s = ParseProtoNumber(tok.substr(hash + 1), f); !s.ok()) return s;
    }
    if (absl::Status s = ParseType(type, f); !s.ok()) return s;
    if (!strategy_part.empty()) {
      size_t c = strategy_part.find(':');
      std::string_view st = strategy_part.substr(0, c);
      if (c != std::string_view::npos) f.patch_merge_key = std::string(strategy_part.substr(c + 1));
      if (st == "m") {
        f.patch_strategy = "merge";
      } else if (st == "r") {
        f.patch_strategy = "retainKeys";
      } else if (st == "x") {
        f.patch_strategy = "replace";
      } else if (st == "mr") {
        f.patch_strategy = "merge,retainKeys";
      } else {
        return absl::InvalidArgumentError(StrCat("field ", f.name, ": bad strategy \"", st, "\""));
      }
    }
    if (!list_part.empty()) {
      size_t c = list_part.find(':');
      std::string_view lt = list_part.substr(0, c);
      if (lt == "a") {
        f.list_type = "atomic";
      } else if (lt == "s") {
        f.list_type = "set";
      } else if (lt == "m") {
        f.list_type = "map";
        std::string_view keys = c == std::string_view::npos ? "" : list_part.substr(c + 1);
        while (!keys.empty()) {
          size_t comma = keys.find(',');
          f.list_map_keys.emplace_back(keys.substr(0, comma));
          keys.remove_prefix(comma == std::string_view::npos ? keys.size() : comma + 1);
        }
        if (f.list_map_keys.empty()) {
          return absl::InvalidArgumentError(StrCat("field ", f.name, ": list map without keys"));
        }
      } else {
        return absl::InvalidArgumentError(StrCat("field ", f.name, ": bad list type \"", lt, "\""));
      }
    }
    TypeSchema& t = types_.back();
    if (f.type == ValueType::kObject) {
      pending_.push_back({types_.size() - 1, t.fields.size(), package_});
    }
    t.fields.push_back(std::move(f));
    return absl::OkStatus();
  }

  std::string package_;
  std::vector<TypeSchema> types_;
  std::vector<Pending> pending_;
};

}  // namespace

absl::Status ApplyEncodings(std::string_view text, std::vector<TypeSchema>& types) {
  std::string package;
  TypeSchema* current = nullptr;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == '@') {
      package = std::string(line.substr(1));
      continue;
    }
    bool continuation = line.front() == ' ';
    std::vector<std::string_view> tokens = SplitTokens(line);
    if (tokens.empty()) continue;
    size_t first = 0;
    if (!continuation) {
      std::string name = StrCat(package, ".", tokens[0]);
      auto it =
          std::lower_bound(types.begin(), types.end(), name,
                           [](const TypeSchema& t, const std::string& n) { return t.name < n; });
      if (it == types.end() || it->name != name) {
        return absl::InvalidArgumentError(StrCat("encodings: no definition ", name));
      }
      current = &*it;
      first = 1;
    }
    if (current == nullptr) return absl::InvalidArgumentError("encodings: field before definition");
    for (size_t i = first; i < tokens.size(); ++i) {
      std::string_view tok = tokens[i];
      if (tok.size() < 2 || (tok.front() != '?' && tok.front() != '+' && tok.front() != '=')) {
        return absl::InvalidArgumentError(StrCat("encodings: bad token \"", tok, "\""));
      }
      auto field = std::find_if(current->fields.begin(), current->fields.end(),
                                [&](const FieldSchema& f) { return f.name == tok.substr(1); });
      if (field == current->fields.end()) {
        return absl::InvalidArgumentError(
            StrCat("encodings: ", current->name, " has no field ", tok.substr(1)));
      }
      (tok.front() == '?'   ? field->omit_zero
       : tok.front() == '+' ? field->always_encoded
                            : field->encoded_when_empty) = true;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<TypeSchema>> ParseSchemas(const std::vector<std::string_view>& texts) {
  Parser parser;
  for (std::string_view text : texts) {
    if (absl::Status s = parser.ParseText(text); !s.ok()) return s;
  }
  return parser.Finish();
}

}  // namespace wisp::api::internal
