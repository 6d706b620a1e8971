// Strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch),
// driven by a PatchMetaFn instead of Go struct tags.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "wisp/apimachinery/patch.h"
#include "wisp/base/strings.h"

namespace wisp::apimachinery {

using base::StrCat;

namespace {

constexpr std::string_view kDeleteFromPrimitiveList = "$deleteFromPrimitiveList/";
constexpr std::string_view kSetElementOrder = "$setElementOrder/";

using Path = std::vector<std::string>;

std::string PathString(const Path& path) {
  std::string out;
  for (const auto& p : path) out += out.empty() ? p : StrCat(".", p);
  return out.empty() ? "<root>" : out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

class Merger {
 public:
  explicit Merger(const PatchMetaFn& meta) : meta_(meta) {}

  PatchMeta Meta(const Path& path) const { return meta_ ? meta_(path) : PatchMeta{}; }

  // Merges `patch` (an object) into `target`. Sets *deleted when the patch
  // says `$patch: delete` for this whole map.
  absl::Status MergeMap(nlohmann::json& target, const nlohmann::json& patch, const Path& path,
                        bool* deleted) {
    *deleted = false;
    if (!target.is_object()) target = nlohmann::json::object();
    auto directive = patch.find("$patch");
    if (directive != patch.end()) {
      if (!directive->is_string()) {
        return absl::InvalidArgumentError(
            StrCat("invalid $patch directive at ", PathString(path), ": must be a string"));
      }
      const std::string& d = directive->get_ref<const std::string&>();
      if (d == "delete") {
        *deleted = true;
        return absl::OkStatus();
      }
      if (d == "replace") {
        nlohmann::json fresh = nlohmann::json::object();
        nlohmann::json rest = patch;
        rest.erase("$patch");
        bool unused;
        if (auto s = MergeMap(fresh, rest, path, &unused); !s.ok()) return s;
        target = std::move(fresh);
        return absl::OkStatus();
      }
      if (d != "merge") {
        return absl::InvalidArgumentError(
            StrCat("Unknown patch type: ", d, " in map at ", PathString(path)));
      }
    }
    // $retainKeys: drop keys of the original not listed.
    auto retain = patch.find("$retainKeys");
    if (retain != patch.end()) {
      if (!retain->is_array()) {
        return absl::InvalidArgumentError(
            StrCat("$retainKeys at ", PathString(path), " must be a list"));
      }
      for (auto it = target.begin(); it != target.end();) {
        if (std::find(retain->begin(), retain->end(), nlohmann::json(it.key())) == retain->end()) {
          it = target.erase(it);
        } else {
          ++it;
        }
      }
    }
    // $setElementOrder/<list> first, merging <list> with it; those lists are
    // then done.
    std::vector<std::string> ordered;
    for (auto it = patch.begin(); it != patch.end(); ++it) {
      if (!StartsWith(it.key(), kSetElementOrder)) continue;
      std::string field = it.key().substr(kSetElementOrder.size());
      Path child = path;
      child.push_back(field);
      if (auto s = MergeOrderedList(target, field, *it, patch, child); !s.ok()) return s;
      ordered.push_back(std::move(field));
    }
    for (auto it = patch.begin(); it != patch.end(); ++it) {
      const std::string& key = it.key();
      if (key == "$patch" || key == "$retainKeys" || StartsWith(key, kSetElementOrder)) continue;
      if (std::find(ordered.begin(), ordered.end(), key) != ordered.end()) continue;
      if (StartsWith(key, kDeleteFromPrimitiveList)) {
        std::string field = key.substr(kDeleteFromPrimitiveList.size());
        if (!it->is_array()) {
          return absl::InvalidArgumentError(
              StrCat(key, " at ", PathString(path), " must be a list"));
        }
        auto list = target.find(field);
        if (list != target.end() && list->is_array()) {
          nlohmann::json kept = nlohmann::json::array();
          for (const auto& v : *list) {
            if (std::find(it->begin(), it->end(), v) == it->end()) kept.push_back(v);
          }
          *list = std::move(kept);
        }
        continue;
      }
      if (StartsWith(key, "$")) {
        return absl::InvalidArgumentError(
            StrCat("unknown directive ", key, " at ", PathString(path)));
      }
      Path child = path;
      child.push_back(key);
      if (it->is_null()) {
        target.erase(key);
        continue;
      }
      auto existing = target.find(key);
      if (it->is_object()) {
        nlohmann::json value = existing != target.end() && existing->is_object()
                                   ? *existing
                                   : nlohmann::json::object();
        bool child_deleted;
        if (auto s = MergeMap(value, *it, child, &child_deleted); !s.ok()) return s;
        if (child_deleted) {
          target.erase(key);
        } else {
          target[key] = std::move(value);
        }
        continue;
      }
      if (it->is_array()) {
        nlohmann::json value =
            existing != target.end() && existing->is_array() ? *existing : nlohmann::json::array();
        if (auto s = MergeList(value, *it, child); !s.ok()) return s;
        target[key] = std::move(value);
        continue;
      }
      target[key] = *it;
    }
    return absl::OkStatus();
  }

 private:
  // Removes directives from a value that is copied in wholesale.
  absl::StatusOr<nlohmann::json> Clean(const nlohmann::json& v, const Path& path) {
    if (v.is_object()) {
      nlohmann::json out = nlohmann::json::object();
      bool deleted;
      if (auto s = MergeMap(out, v, path, &deleted); !s.ok()) return s;
      return out;
    }
    return v;
  }

  absl::Status MergeList(nlohmann::json& target, const nlohmann::json& patch, const Path& path) {
    PatchMeta meta = Meta(path);
    bool merge = meta.strategy.find("merge") != std::string::npos;
    // A {"$patch": "replace"} element replaces the whole list.
    bool replace = !merge;
    nlohmann::json items = nlohmann::json::array();
    for (const auto& el : patch) {
      if (el.is_object() && el.contains("$patch") && el["$patch"] == "replace") {
        replace = true;
      } else {
        items.push_back(el);
      }
    }
    if (replace) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& el : items) {
        if (el.is_object() && el.contains("$patch") && el["$patch"] == "delete") continue;
        auto cleaned = Clean(el, path);
        if (!cleaned.ok()) return cleaned.status();
        out.push_back(*std::move(cleaned));
      }
      target = std::move(out);
      return absl::OkStatus();
    }
    const std::string& mk = meta.merge_key;
    // Deletions first, as upstream's mergeSliceWithSpecialElements.
    nlohmann::json additions = nlohmann::json::array();
    for (const auto& el : items) {
      if (mk.empty()) {
        if (el.is_object()) {
          return absl::InvalidArgumentError(
              StrCat("list at ", PathString(path), " has merge strategy but no merge key"));
        }
        additions.push_back(el);
        continue;
      }
      if (!el.is_object()) {
        return absl::InvalidArgumentError(
            StrCat("list at ", PathString(path), " with merge key ", mk, " must hold objects"));
      }
      auto key_value = el.find(mk);
      if (key_value == el.end()) {
        return absl::InvalidArgumentError(
            StrCat("map: ", el.dump(), " does not contain declared merge key: ", mk));
      }
      if (el.contains("$patch") && el["$patch"] == "delete") {
        target.erase(std::remove_if(target.begin(), target.end(),
                                    [&](const nlohmann::json& o) {
                                      return o.is_object() && o.contains(mk) && o[mk] == *key_value;
                                    }),
                     target.end());
        continue;
      }
      additions.push_back(el);
    }
    const nlohmann::json server_order = target;
    for (const auto& el : additions) {
      auto match = std::find_if(target.begin(), target.end(),
                                [&](const nlohmann::json& o) { return SameItem(o, el, mk); });
      if (match == target.end()) {
        auto cleaned = Clean(el, path);
        if (!cleaned.ok()) return cleaned.status();
        target.push_back(*std::move(cleaned));
        continue;
      }
      if (mk.empty()) continue;  // a primitive already present
      bool deleted;
      if (auto s = MergeMap(*match, el, path, &deleted); !s.ok()) return s;
      if (deleted) target.erase(match);
    }
    target = NormalizeOrder(target, additions, server_order, mk);
    return absl::OkStatus();
  }

  // `field` of `target` merged with the patch's `field` (if any) and put in
  // the order of `order` (the patch's $setElementOrder/<field>), as
  // upstream's mergePatchIntoOriginal.
  absl::Status MergeOrderedList(nlohmann::json& target, const std::string& field,
                                const nlohmann::json& order, const nlohmann::json& patch,
                                const Path& path) {
    if (!order.is_array()) {
      return absl::InvalidArgumentError(
          StrCat("invalid patch format of setElementOrder list at ", PathString(path)));
    }
    auto original = target.find(field);
    auto patch_list = patch.find(field);
    bool found_original = original != target.end() && original->is_array();
    bool found_patch = patch_list != patch.end() && !patch_list->is_null();
    if (found_patch && !patch_list->is_array()) {
      return absl::InvalidArgumentError(StrCat(PathString(path), " must be a list"));
    }
    const std::string mk = Meta(path).merge_key;
    if (found_patch) {
      // Every item of the patch list must appear in the order list, in the
      // same relative order.
      size_t at = 0;
      for (const auto& el : *patch_list) {
        if (el.is_object() && el.contains("$patch")) continue;
        while (at < order.size() && !SameItem(order[at], el, mk)) ++at;
        if (at == order.size()) {
          return absl::InvalidArgumentError(StrCat("The order in patch list:\n", patch_list->dump(),
                                                   "\n doesn't match $setElementOrder list:\n",
                                                   order.dump(), "\n"));
        }
        ++at;
      }
    }
    if (!found_original && !found_patch) return absl::OkStatus();
    const nlohmann::json server_order = found_original ? *original : nlohmann::json::array();
    nlohmann::json merged = server_order;
    if (found_patch) {
      if (auto s = MergeList(merged, *patch_list, path); !s.ok()) return s;
    }
    target[field] = NormalizeOrder(merged, order, server_order, mk);
    return absl::OkStatus();
  }

  // Whether two list items are the same element: by merge key for maps, by
  // value otherwise.
  static bool SameItem(const nlohmann::json& a, const nlohmann::json& b, const std::string& mk) {
    if (mk.empty()) return a == b;
    if (!a.is_object() || !b.is_object()) return false;
    auto ka = a.find(mk);
    auto kb = b.find(mk);
    return ka != a.end() && kb != b.end() && *ka == *kb;
  }

  static int IndexIn(const nlohmann::json& list, const nlohmann::json& item,
                     const std::string& mk) {
    for (size_t i = 0; i < list.size(); ++i) {
      if (SameItem(list[i], item, mk)) return static_cast<int>(i);
    }
    return -1;
  }

  // upstream's normalizeElementOrder: the items named in `patch_order` in
  // that order, the others (server-only) in `server_order`'s order, and the
  // server-only ones slotted in before the first patch item they precede on
  // the server.
  static nlohmann::json NormalizeOrder(const nlohmann::json& merged,
                                       const nlohmann::json& patch_order,
                                       const nlohmann::json& server_order, const std::string& mk) {
    std::vector<nlohmann::json> patched;
    std::vector<nlohmann::json> server_only;
    for (const auto& el : merged) {
      (IndexIn(patch_order, el, mk) >= 0 ? patched : server_only).push_back(el);
    }
    auto by = [&mk](const nlohmann::json& order) {
      return [&order, &mk](const nlohmann::json& a, const nlohmann::json& b) {
        return IndexIn(order, a, mk) < IndexIn(order, b, mk);
      };
    };
    std::stable_sort(patched.begin(), patched.end(), by(patch_order));
    std::stable_sort(server_only.begin(), server_only.end(), by(server_order));
    nlohmann::json out = nlohmann::json::array();
    size_t i = 0;
    size_t j = 0;
    while (i < server_only.size() || j < patched.size()) {
      bool take_server = j >= patched.size();
      if (!take_server && i < server_only.size()) {
        int li = IndexIn(server_order, server_only[i], mk);
        int ri = IndexIn(server_order, patched[j], mk);
        take_server = li >= 0 && ri >= 0 && li < ri;
      }
      out.push_back(take_server ? server_only[i++] : patched[j++]);
    }
    return out;
  }

  const PatchMetaFn& meta_;
};

}  // namespace

absl::Status ApplyStrategicMergePatch(nlohmann::json& target, const nlohmann::json& patch,
                                      const PatchMetaFn& meta) {
  if (!patch.is_object()) {
    return absl::InvalidArgumentError("strategic merge patch must be a JSON object");
  }
  nlohmann::json result = target;
  bool deleted;
  if (auto s = Merger(meta).MergeMap(result, patch, {}, &deleted); !s.ok()) return s;
  target = deleted ? nlohmann::json::object() : std::move(result);
  return absl::OkStatus();
}

}  // namespace wisp::apimachinery
