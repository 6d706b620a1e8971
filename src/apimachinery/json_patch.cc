// RFC 6902 JSON patch and RFC 7386 JSON merge patch.
#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "wisp/apimachinery/patch.h"
#include "wisp/base/strings.h"

namespace wisp::apimachinery {

using base::StrCat;

namespace {

// RFC 6901 pointer tokens; "" is the whole document.
absl::Status SplitPointer(const std::string& ptr, std::vector<std::string>* out) {
  out->clear();
  if (ptr.empty()) return absl::OkStatus();
  if (ptr[0] != '/') {
    return absl::InvalidArgumentError(
        StrCat("invalid JSON pointer \"", ptr, "\": must start with '/'"));
  }
  std::string cur;
  for (size_t i = 1; i <= ptr.size(); ++i) {
    if (i == ptr.size() || ptr[i] == '/') {
      out->push_back(cur);
      cur.clear();
    } else if (ptr[i] == '~') {
      if (i + 1 < ptr.size() && ptr[i + 1] == '0') {
        cur += '~';
      } else if (i + 1 < ptr.size() && ptr[i + 1] == '1') {
        cur += '/';
      } else {
        return absl::InvalidArgumentError(StrCat("invalid JSON pointer \"", ptr, "\": bad escape"));
      }
      ++i;
    } else {
      cur += ptr[i];
    }
  }
  return absl::OkStatus();
}

bool ParseIndex(const std::string& tok, size_t limit, size_t* out) {
  if (tok.empty() || (tok.size() > 1 && tok[0] == '0')) return false;
  size_t v = 0;
  for (char c : tok) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<size_t>(c - '0');
    if (v > limit) return false;
  }
  *out = v;
  return true;
}

// The container holding the last token of `toks`.
absl::StatusOr<nlohmann::json*> Parent(nlohmann::json& doc, const std::vector<std::string>& toks,
                                       const std::string& ptr) {
  nlohmann::json* cur = &doc;
  for (size_t i = 0; i + 1 < toks.size(); ++i) {
    const std::string& t = toks[i];
    if (cur->is_object()) {
      auto it = cur->find(t);
      if (it == cur->end()) {
        return absl::InvalidArgumentError(StrCat("doc is missing path: \"", ptr, "\""));
      }
      cur = &*it;
    } else if (cur->is_array()) {
      size_t idx;
      if (!ParseIndex(t, cur->size() - 1, &idx) || cur->empty()) {
        return absl::InvalidArgumentError(StrCat("doc is missing path: \"", ptr, "\""));
      }
      cur = &(*cur)[idx];
    } else {
      return absl::InvalidArgumentError(StrCat("doc is missing path: \"", ptr, "\""));
    }
  }
  return cur;
}

absl::StatusOr<nlohmann::json> Get(nlohmann::json& doc, const std::string& ptr) {
  std::vector<std::string> toks;
  if (auto s = SplitPointer(ptr, &toks); !s.ok()) return s;
  if (toks.empty()) return doc;
  auto parent = Parent(doc, toks, ptr);
  if (!parent.ok()) return parent.status();
  nlohmann::json& p = **parent;
  if (p.is_object()) {
    auto it = p.find(toks.back());
    if (it != p.end()) return *it;
  } else if (p.is_array()) {
    size_t idx;
    if (!p.empty() && ParseIndex(toks.back(), p.size() - 1, &idx)) return p[idx];
  }
  return absl::InvalidArgumentError(StrCat("doc is missing path: \"", ptr, "\""));
}

absl::Status Remove(nlohmann::json& doc, const std::string& ptr) {
  std::vector<std::string> toks;
  if (auto s = SplitPointer(ptr, &toks); !s.ok()) return s;
  if (toks.empty()) return absl::InvalidArgumentError("cannot remove the whole document");
  auto parent = Parent(doc, toks, ptr);
  if (!parent.ok()) return parent.status();
  nlohmann::json& p = **parent;
  if (p.is_object() && p.erase(toks.back()) == 1) return absl::OkStatus();
  size_t idx;
  if (p.is_array() && !p.empty() && ParseIndex(toks.back(), p.size() - 1, &idx)) {
    p.erase(p.begin() + static_cast<std::ptrdiff_t>(idx));
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      StrCat("unable to remove nonexistent key: ", toks.back(), ": missing value"));
}

absl::Status Add(nlohmann::json& doc, const std::string& ptr, nlohmann::json value, bool replace) {
  std::vector<std::string> toks;
  if (auto s = SplitPointer(ptr, &toks); !s.ok()) return s;
  if (toks.empty()) {
    doc = std::move(value);
    return absl::OkStatus();
  }
  auto parent = Parent(doc, toks, ptr);
  if (!parent.ok()) return parent.status();
  nlohmann::json& p = **parent;
  const std::string& last = toks.back();
  if (p.is_object()) {
    if (replace && !p.contains(last)) {
      return absl::InvalidArgumentError(
          StrCat("replace operation does not apply: doc is missing key: ", ptr));
    }
    p[last] = std::move(value);
    return absl::OkStatus();
  }
  if (p.is_array()) {
    size_t idx;
    if (replace) {
      if (p.empty() || !ParseIndex(last, p.size() - 1, &idx)) {
        return absl::InvalidArgumentError(
            StrCat("replace operation does not apply: doc is missing key: ", ptr));
      }
      p[idx] = std::move(value);
      return absl::OkStatus();
    }
    if (last == "-") {
      p.push_back(std::move(value));
      return absl::OkStatus();
    }
    if (!ParseIndex(last, p.size(), &idx)) {
      return absl::InvalidArgumentError(
          StrCat("add operation does not apply: index out of bounds: ", ptr));
    }
    p.insert(p.begin() + static_cast<std::ptrdiff_t>(idx), std::move(value));
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(StrCat("doc is missing path: \"", ptr, "\""));
}

std::string StringMember(const nlohmann::json& op, const char* key, bool* present) {
  auto it = op.find(key);
  *present = it != op.end() && it->is_string();
  return *present ? it->get<std::string>() : std::string();
}

absl::Status ApplyOp(nlohmann::json& doc, const nlohmann::json& op) {
  if (!op.is_object()) return absl::InvalidArgumentError("operation must be an object");
  bool has_op, has_path, has_from;
  std::string name = StringMember(op, "op", &has_op);
  std::string path = StringMember(op, "path", &has_path);
  std::string from = StringMember(op, "from", &has_from);
  if (!has_op) return absl::InvalidArgumentError("operation missing \"op\"");
  if (!has_path) return absl::InvalidArgumentError(StrCat(name, " operation missing \"path\""));
  auto value = op.find("value");
  if (name == "add" || name == "replace" || name == "test") {
    if (value == op.end()) {
      return absl::InvalidArgumentError(StrCat(name, " operation missing \"value\""));
    }
  }
  if (name == "add") return Add(doc, path, *value, false);
  if (name == "replace") return Add(doc, path, *value, true);
  if (name == "remove") return Remove(doc, path);
  if (name == "test") {
    auto got = Get(doc, path);
    if (!got.ok() && value->is_null()) return absl::OkStatus();
    if (!got.ok() || *got != *value) {
      return absl::InvalidArgumentError(StrCat("testing value ", path, " failed: test failed"));
    }
    return absl::OkStatus();
  }
  if (name == "move" || name == "copy") {
    if (!has_from) return absl::InvalidArgumentError(StrCat(name, " operation missing \"from\""));
    if (name == "move" && path.size() > from.size() && path.compare(0, from.size(), from) == 0 &&
        path[from.size()] == '/') {
      return absl::InvalidArgumentError(
          StrCat("move operation cannot move \"", from, "\" into its own child \"", path, "\""));
    }
    auto got = Get(doc, from);
    if (!got.ok()) return got.status();
    if (name == "move") {
      if (auto s = Remove(doc, from); !s.ok()) return s;
    }
    return Add(doc, path, *std::move(got), false);
  }
  return absl::InvalidArgumentError(StrCat("Unexpected kind: ", name));
}

void MergePatchInto(nlohmann::json& target, const nlohmann::json& patch) {
  if (!patch.is_object()) {
    target = patch;
    return;
  }
  if (!target.is_object()) target = nlohmann::json::object();
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (it->is_null()) {
      target.erase(it.key());
    } else {
      MergePatchInto(target[it.key()], *it);
    }
  }
}

}  // namespace

absl::Status ApplyMergePatch(nlohmann::json& target, const nlohmann::json& patch) {
  MergePatchInto(target, patch);
  return absl::OkStatus();
}

absl::Status ApplyJsonPatch(nlohmann::json& target, const nlohmann::json& ops) {
  if (!ops.is_array()) {
    return absl::InvalidArgumentError("json patch must be a list of operations");
  }
  nlohmann::json doc = target;
  for (size_t i = 0; i < ops.size(); ++i) {
    absl::Status s = ApplyOp(doc, ops[i]);
    if (!s.ok()) {
      return absl::InvalidArgumentError(
          StrCat("json patch operation ", i, ": ", base::ToStd(s.message())));
    }
  }
  target = std::move(doc);
  return absl::OkStatus();
}

}  // namespace wisp::apimachinery
