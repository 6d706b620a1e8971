// File: src/apiserver/garbage_collector.cc
#include "apiserver/garbage_collector.h"

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "apiserver/deletion.h"
#include "apiserver/rest_call.h"
#include "wisp/base/log.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace {

using nlohmann::json;
constexpr char kLog[] = "garbage-collector";

// An object that has owners or is a garbage-collection finalizer's owner.
struct Node {
  const ResourceContext* rc = nullptr;
  std::string ns, name, uid;
  int64_t revision = 0;
  json obj;
  bool deleting = false;
};

struct Dependent {
  size_t node = 0;
  bool blocks = false;  // blockOwnerDeletion
};

enum class OwnerState { kSolid, kDangling, kWaiting };

// What a pass found of one owner (by key).
struct OwnerFound {
  bool exists = false;
  std::string uid;
  bool foreground = false;  // being deleted with foregroundDeletion
};

class PassRun {
 public:
  explicit PassRun(Rest& rest) : rest_(rest) {}

  absl::StatusOr<GarbageCollector::PassResult> Run() {
    Collect();
    for (size_t i = 0; i < nodes_.size(); ++i) {
      if (!error_.ok()) break;
      const Node& n = nodes_[i];
      if (n.deleting) {
        if (HasFinalizer(n.obj, kOrphanFinalizer)) {
          OrphanDependents(n);
        } else if (HasFinalizer(n.obj, kForegroundFinalizer)) {
          FinishForeground(n);
        }
      } else if (!ArrField(ObjField(n.obj, "metadata"), "ownerReferences").empty()) {
        CheckOwners(n);
      }
    }
    if (!error_.ok()) return error_;
    return result_;
  }

 private:
  void Collect() {
    std::set<std::string> seen;
    for (const ResourceContext& rc : rest_.Contexts()) {
      if (rc.cache == nullptr || !seen.insert(rc.prefix).second) continue;
      for (const ObjectPtr& o : rc.cache->List(rc.prefix).objects) {
        const std::string& text = o->json;
        if (text.find("\"ownerReferences\"") == std::string::npos &&
            text.find("\"orphan\"") == std::string::npos &&
            text.find("\"foregroundDeletion\"") == std::string::npos) {
          continue;  // cheap pre-filter: most objects have no part in this
        }
        Node n;
        n.obj = json::parse(text, nullptr, false);
        if (!n.obj.is_object()) continue;
        const json& meta = ObjField(n.obj, "metadata");
        n.rc = &rc;
        n.ns = o->namespace_;
        n.name = o->name;
        n.uid = StrField(meta, "uid");
        n.revision = o->resource_version;
        n.deleting = !StrField(meta, "deletionTimestamp").empty();
        const size_t index = nodes_.size();
        for (const json& ref : ArrField(meta, "ownerReferences")) {
          const std::string owner = StrField(ref, "uid");
          if (owner.empty()) continue;
          const auto block = ref.find("blockOwnerDeletion");
          dependents_[owner].push_back(
              {index, block != ref.end() && block->is_boolean() && block->get<bool>()});
        }
        nodes_.push_back(std::move(n));
      }
    }
  }

  // The served resource of an ownerReference's apiVersion and kind.
  const ResourceContext* OwnerContext(const json& ref) const {
    const std::string api_version = StrField(ref, "apiVersion");
    const std::string kind = StrField(ref, "kind");
    const size_t slash = api_version.find('/');
    const std::string group = slash == std::string::npos ? "" : api_version.substr(0, slash);
    const ResourceContext* any_version = nullptr;
    for (const ResourceContext& rc : rest_.Contexts()) {
      if (rc.info->group != group || rc.info->kind != kind) continue;
      if (rc.info->ApiVersion() == api_version) return &rc;
      if (!any_version) any_version = &rc;
    }
    return any_version;
  }

  // The dependents of `owner` whose reference resolves to it (namespaced
  // owners own only objects of their own namespace).
  std::vector<Dependent> DependentsOf(const Node& owner) const {
    std::vector<Dependent> out;
    auto it = dependents_.find(owner.uid);
    if (it == dependents_.end() || owner.uid.empty()) return out;
    for (const Dependent& d : it->second) {
      if (owner.rc->info->namespaced && nodes_[d.node].ns != owner.ns) continue;
      out.push_back(d);
    }
    return out;
  }

  OwnerState Classify(const Node& dependent, const json& ref) {
    const std::string name = StrField(ref, "name");
    const std::string uid = StrField(ref, "uid");
    const ResourceContext* rc = OwnerContext(ref);
    // A kind this server does not serve, or a namespaced owner named by a
    // cluster-scoped object, cannot be resolved: upstream leaves such
    // dependents alone.
    if (rc == nullptr || name.empty() || uid.empty()) return OwnerState::kSolid;
    if (rc->info->namespaced && dependent.ns.empty()) return OwnerState::kSolid;
    const std::string ns = rc->info->namespaced ? dependent.ns : "";
    const std::string key = rest_.Key(*rc, ns, name);
    auto memo = owners_.find(key);
    if (memo == owners_.end()) {
      OwnerFound found;
      json owner;
      if (ObjectPtr cached = rc->cache->Get(key)) owner = json::parse(cached->json, nullptr, false);
      if (!owner.is_object() || StrField(ObjField(owner, "metadata"), "uid") != uid) {
        // Confirmed from etcd: the cache may not have seen it yet.
        absl::StatusOr<StoredObject> live = rest_.GetStored(*rc, ns, name);
        if (!live.ok() && !absl::IsNotFound(live.status())) {
          error_ = live.status();
          return OwnerState::kSolid;
        }
        owner = live.ok() ? std::move(live->object) : json();
      }
      if (owner.is_object()) {
        const json& meta = ObjField(owner, "metadata");
        found.exists = true;
        found.uid = StrField(meta, "uid");
        found.foreground = !StrField(meta, "deletionTimestamp").empty() &&
                           HasFinalizer(owner, kForegroundFinalizer);
      }
      memo = owners_.emplace(key, std::move(found)).first;
    }
    const OwnerFound& found = memo->second;
    if (!found.exists || found.uid != uid) return OwnerState::kDangling;
    return found.foreground ? OwnerState::kWaiting : OwnerState::kSolid;
  }

  void CheckOwners(const Node& n) {
    bool solid = false;
    std::set<std::string> gone;  // dangling or waiting for this dependent
    bool waited_for = false;
    for (const json& ref : ArrField(ObjField(n.obj, "metadata"), "ownerReferences")) {
      switch (Classify(n, ref)) {
        case OwnerState::kSolid:
          solid = true;
          break;
        case OwnerState::kDangling:
          gone.insert(StrField(ref, "uid"));
          break;
        case OwnerState::kWaiting:
          gone.insert(StrField(ref, "uid"));
          waited_for = true;
          break;
      }
    }
    if (!error_.ok()) return;
    if (solid) {
      if (!gone.empty()) Note(RemoveReferences(n, gone), n, "drops references to owners gone");
      return;
    }
    std::string policy = kPropagationBackground;
    if (waited_for && !DependentsOf(n).empty()) {
      policy = kPropagationForeground;
    } else if (HasFinalizer(n.obj, kOrphanFinalizer)) {
      policy = kPropagationOrphan;
    } else if (HasFinalizer(n.obj, kForegroundFinalizer)) {
      policy = kPropagationForeground;
    }
    Note(Delete(n, policy), n, base::StrCat("deleted (", policy, "): its owners are gone"));
  }

  void OrphanDependents(const Node& owner) {
    bool all = true;
    for (const Dependent& d : DependentsOf(owner)) {
      absl::Status s = RemoveReferences(nodes_[d.node], {owner.uid});
      all = all && s.ok();
      Note(std::move(s), nodes_[d.node], "orphaned");
    }
    if (all) {
      Note(RemoveFinalizer(rest_, *owner.rc, owner.obj, owner.revision, kOrphanFinalizer), owner,
           "dependents orphaned");
    }
  }

  void FinishForeground(const Node& owner) {
    for (const Dependent& d : DependentsOf(owner)) {
      if (d.blocks) {
        result_.waiting = true;  // its deletion is under way (CheckOwners)
        return;
      }
    }
    Note(RemoveFinalizer(rest_, *owner.rc, owner.obj, owner.revision, kForegroundFinalizer), owner,
         "dependents deleted");
  }

  absl::Status RemoveReferences(const Node& n, const std::set<std::string>& uids) {
    json next = n.obj;
    json kept = json::array();
    for (const json& ref : ArrField(ObjField(n.obj, "metadata"), "ownerReferences")) {
      if (uids.count(StrField(ref, "uid")) == 0) kept.push_back(ref);
    }
    if (kept.empty()) {
      next["metadata"].erase("ownerReferences");
    } else {
      next["metadata"]["ownerReferences"] = std::move(kept);
    }
    return rest_.PutInternal(*n.rc, std::move(next), n.revision);
  }

  absl::Status Delete(const Node& n, const std::string& policy) {
    DeleteOptions options;
    options.propagation = policy;
    DeletionPlan plan = PlanDeletion(*n.rc, n.obj, options, std::chrono::system_clock::now());
    switch (plan.step) {
      case DeletionStep::kDeleteNow:
        return rest_.DeleteInternal(*n.rc, n.ns, n.name, n.revision);
      case DeletionStep::kMark:
        return rest_.PutInternal(*n.rc, std::move(plan.object), n.revision);
      case DeletionStep::kUnchanged:
        break;
    }
    return absl::OkStatus();
  }

  // A lost race (ABORTED, NOT_FOUND) is left to the next pass; any other
  // failure ends this one.
  void Note(absl::Status s, const Node& n, std::string_view what) {
    if (s.ok()) {
      ++result_.writes;
      base::LogDebug(kLog, base::StrCat(n.rc->info->plural, " ", n.ns.empty() ? "" : n.ns + "/",
                                        n.name, ": ", what));
    } else if (absl::IsAborted(s) || absl::IsNotFound(s)) {
      result_.waiting = true;
    } else if (error_.ok()) {
      error_ = std::move(s);
    }
  }

  Rest& rest_;
  std::vector<Node> nodes_;
  std::unordered_map<std::string, std::vector<Dependent>> dependents_;  // by owner uid
  std::map<std::string, OwnerFound> owners_;                            // by key
  GarbageCollector::PassResult result_;
  absl::Status error_;
};

}  // namespace

GarbageCollector::GarbageCollector(Rest& rest, WatchCacheSet& caches)
    : rest_(rest), caches_(caches) {}

GarbageCollector::~GarbageCollector() { Stop(); }

void GarbageCollector::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Loop(); });
}

void GarbageCollector::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void GarbageCollector::Notify(int64_t revision) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (revision <= notified_) return;
    notified_ = revision;
  }
  cv_.notify_all();
}

absl::StatusOr<GarbageCollector::PassResult> GarbageCollector::Pass() {
  return PassRun(rest_).Run();
}

void GarbageCollector::Loop() {
  using std::chrono::milliseconds;
  int64_t last_change = -1;
  bool outstanding = false;
  milliseconds wait{1000};
  std::string last_error;
  auto not_before = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    cv_.wait_for(lock, wait, [&] { return stop_ || notified_ > handled_; });
    // However often deletions come, passes take at most a fifth of a core.
    cv_.wait_until(lock, not_before, [&] { return stop_; });
    if (stop_) return;
    const int64_t notified = notified_;
    lock.unlock();
    // A pass after a deletion must see it.
    if (notified > handled_) caches_.WaitFor(notified, std::chrono::seconds(2)).IgnoreError();
    const int64_t change = caches_.LastChange();
    wait = milliseconds(1000);
    if (change != last_change || outstanding) {
      last_change = change;
      absl::StatusOr<PassResult> r;
      const auto started = std::chrono::steady_clock::now();
      try {
        r = Pass();
      } catch (const std::exception& e) {  // a stored object no check foresaw
        r = absl::InternalError(e.what());
      }
      const auto finished = std::chrono::steady_clock::now();
      not_before = finished + 4 * (finished - started);
      outstanding = !r.ok() || r->waiting || r->writes > 0;
      // Writes cascade (an owner's dependents, then the owner): go on soon.
      if (r.ok() && r->writes > 0) wait = milliseconds(20);
      std::string error = r.ok() ? "" : std::string(base::ToStd(r.status().message()));
      if (!error.empty() && error != last_error) base::LogWarn(kLog, error);
      last_error = error;
    }
    lock.lock();
    handled_ = std::max(handled_, notified);
  }
}

}  // namespace wisp::apiserver
