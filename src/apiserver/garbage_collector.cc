// File: src/apiserver/garbage_collector.cc
#include "apiserver/garbage_collector.h"

#include <chrono>
#include <functional>
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

// A cheap text test: whether a stored object may have owners or a garbage
// collection finalizer (false means it certainly has neither).
bool MayTakePart(const std::string& text) {
  return text.find("\"ownerReferences\"") != std::string::npos ||
         text.find("\"orphan\"") != std::string::npos ||
         text.find("\"foregroundDeletion\"") != std::string::npos;
}

// What a pass found of one owner (by key).
struct OwnerFound {
  bool exists = false;
  std::string uid;
  bool foreground = false;  // being deleted with foregroundDeletion
};

class PassRun {
 public:
  explicit PassRun(Rest& rest) : rest_(rest) {}

  // Every object is tried; the first failure is reported after the pass
  // (one object that cannot be handled holds up no other).
  GarbageCollector::PassResult Run() {
    Collect();
    for (size_t i = 0; i < nodes_.size(); ++i) {
      const Node& n = nodes_[i];
      try {
        if (n.deleting) {
          if (HasFinalizer(n.obj, kOrphanFinalizer)) {
            OrphanDependents(n);
          } else if (HasFinalizer(n.obj, kForegroundFinalizer)) {
            FinishForeground(n);
          }
        } else if (!ArrField(ObjField(n.obj, "metadata"), "ownerReferences").empty()) {
          CheckOwners(n);
        }
      } catch (const std::exception& e) {  // a stored object no check foresaw
        Fail(absl::InternalError(base::StrCat(Name(n), ": ", e.what())));
      }
    }
    result_.error = error_;
    return result_;
  }

 private:
  void Collect() {
    // One context per stored resource: the one of its storage version, so
    // objects are read and written as stored.
    std::map<std::string, const ResourceContext*> stored;
    for (const ResourceContext& rc : rest_.Contexts()) {
      if (rc.cache == nullptr) continue;
      const bool as_stored =
          rc.storage_version.empty() || rc.storage_version == rc.info->ApiVersion();
      auto [it, inserted] = stored.emplace(rc.prefix, &rc);
      if (!inserted && as_stored) it->second = &rc;
    }
    for (const auto& [prefix, rcp] : stored) {
      const ResourceContext& rc = *rcp;
      for (const ObjectPtr& o : rc.cache->List(rc.prefix).objects) {
        if (!MayTakePart(o->json)) continue;  // most objects have no part in this
        Node n;
        n.obj = json::parse(o->json, nullptr, false);
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
          Fail(live.status());
          return OwnerState::kSolid;  // undecided: nothing is done about it
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
    if (solid) {
      if (!gone.empty()) {
        Note(Write(n,
                   [&](json obj) {
                     DropReferences(obj, gone);
                     return obj;
                   }),
             n, "drops references to owners gone");
      }
      return;
    }
    std::string policy = kPropagationBackground;
    bool unblock = false;
    if (waited_for && !DependentsOf(n).empty()) {
      // An owner waits for it and it has dependents: it goes in the
      // foreground too. If one of those dependents is itself waiting for
      // its own (a cycle, perhaps), its references stop blocking, or both
      // would wait forever (upstream's unblockOwnerReferences).
      policy = kPropagationForeground;
      for (const Dependent& d : DependentsOf(n)) {
        const Node& dep = nodes_[d.node];
        unblock = unblock || (dep.deleting && HasFinalizer(dep.obj, kForegroundFinalizer));
      }
    } else if (HasFinalizer(n.obj, kOrphanFinalizer)) {
      policy = kPropagationOrphan;
    } else if (HasFinalizer(n.obj, kForegroundFinalizer)) {
      policy = kPropagationForeground;
    }
    if (IsImmortalNamespace(*n.rc->info, n.name)) return;  // never deleted
    Note(Delete(n, policy, unblock), n,
         base::StrCat("deleted (", policy, "): its owners are gone"));
  }

  void OrphanDependents(const Node& owner) {
    bool all = true;
    for (const Dependent& d : DependentsOf(owner)) {
      absl::Status s = Write(nodes_[d.node], [&](json obj) {
        DropReferences(obj, {owner.uid});
        return obj;
      });
      all = all && s.ok();
      Note(std::move(s), nodes_[d.node], "orphaned");
    }
    if (all) ReleaseOwner(owner, kOrphanFinalizer, "dependents orphaned");
  }

  void FinishForeground(const Node& owner) {
    for (const Dependent& d : DependentsOf(owner)) {
      if (d.blocks) return;  // its deletion is under way (CheckOwners); its event wakes us
    }
    ReleaseOwner(owner, kForegroundFinalizer, "dependents deleted");
  }

  void ReleaseOwner(const Node& owner, const char* finalizer, std::string_view what) {
    absl::Status s = RemoveFinalizer(rest_, *owner.rc, owner.obj, owner.revision, finalizer);
    if (absl::IsAborted(s)) {  // changed meanwhile: again, if still ours to release
      absl::StatusOr<StoredObject> fresh = Fresh(owner);
      if (fresh.ok()) {
        s = RemoveFinalizer(rest_, *owner.rc, std::move(fresh->object), fresh->mod_revision,
                            finalizer);
      }
    }
    Note(std::move(s), owner, what);
  }

  static void DropReferences(json& obj, const std::set<std::string>& uids) {
    json kept = json::array();
    for (const json& ref : ArrField(ObjField(obj, "metadata"), "ownerReferences")) {
      if (uids.count(StrField(ref, "uid")) == 0) kept.push_back(ref);
    }
    if (kept.empty()) {
      obj["metadata"].erase("ownerReferences");
    } else {
      obj["metadata"]["ownerReferences"] = std::move(kept);
    }
  }

  absl::Status Delete(const Node& n, const std::string& policy, bool unblock) {
    DeleteOptions options;
    options.propagation = policy;
    auto apply = [&](const json& current, int64_t revision) -> absl::Status {
      json obj = current;
      if (unblock) {
        for (json& ref : obj["metadata"]["ownerReferences"]) {
          if (ref.is_object() && ref.contains("blockOwnerDeletion")) {
            ref["blockOwnerDeletion"] = false;
          }
        }
      }
      DeletionPlan plan = PlanDeletion(*n.rc, obj, options, std::chrono::system_clock::now());
      if (plan.step == DeletionStep::kDeleteNow) {
        return rest_.DeleteInternal(*n.rc, n.ns, n.name, revision);
      }
      if (plan.step == DeletionStep::kMark || obj != current) {
        return rest_.PutInternal(*n.rc, std::move(plan.object), revision);
      }
      return absl::OkStatus();
    };
    absl::Status s = apply(n.obj, n.revision);
    if (!absl::IsAborted(s)) return s;
    absl::StatusOr<StoredObject> fresh = Fresh(n);
    return fresh.ok() ? apply(fresh->object, fresh->mod_revision) : fresh.status();
  }

  // Writes `change(object)` at the revision examined; if the object changed
  // meanwhile in ways that do not matter here (its status, say), once more
  // on what is stored now.
  absl::Status Write(const Node& n, const std::function<json(json)>& change) {
    absl::Status s = rest_.PutInternal(*n.rc, change(n.obj), n.revision);
    if (!absl::IsAborted(s)) return s;
    absl::StatusOr<StoredObject> fresh = Fresh(n);
    if (!fresh.ok()) return fresh.status();
    return rest_.PutInternal(*n.rc, change(std::move(fresh->object)), fresh->mod_revision);
  }

  // `n` as stored now, if what the collector decided on (uid, owners,
  // finalizers, deletion) is unchanged; ABORTED otherwise.
  absl::StatusOr<StoredObject> Fresh(const Node& n) {
    absl::StatusOr<StoredObject> fresh = rest_.GetStored(*n.rc, n.ns, n.name);
    if (!fresh.ok()) return fresh.status();
    const json& a = ObjField(n.obj, "metadata");
    const json& b = ObjField(fresh->object, "metadata");
    for (const char* k : {"uid", "ownerReferences", "finalizers", "deletionTimestamp"}) {
      const bool has = a.contains(k);
      if (has != b.contains(k) || (has && a[k] != b[k])) return absl::AbortedError("changed");
    }
    return fresh;
  }

  static std::string Name(const Node& n) {
    return base::StrCat(n.rc->info->plural, " ", n.ns.empty() ? "" : n.ns + "/", n.name);
  }

  void Fail(absl::Status s) {
    if (error_.ok()) error_ = std::move(s);
  }

  // A lost race (ABORTED, NOT_FOUND) is left to the next pass.
  void Note(absl::Status s, const Node& n, std::string_view what) {
    if (s.ok()) {
      ++result_.writes;
      base::LogDebug(kLog, base::StrCat(Name(n), ": ", what));
    } else if (absl::IsAborted(s) || absl::IsNotFound(s)) {
      result_.retry = true;
    } else {
      Fail(absl::Status(s.code(), base::StrCat(Name(n), ": ", base::ToStd(s.message()))));
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
    : rest_(rest), caches_(caches) {
  caches_.SetEventObserver([this](const CacheEvent& e) { Observe(e); });
}

GarbageCollector::~GarbageCollector() {
  caches_.SetEventObserver(nullptr);
  Stop();
}

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
    notified_ = std::max(notified_, revision);
    dirty_ = true;
  }
  cv_.notify_all();
}

void GarbageCollector::Observe(const CacheEvent& event) {
  if (event.type != CacheEvent::Type::kDeleted && !MayTakePart(event.object->json)) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (dirty_) return;
    dirty_ = true;
  }
  cv_.notify_all();
}

GarbageCollector::PassResult GarbageCollector::Pass() { return PassRun(rest_).Run(); }

void GarbageCollector::Loop() {
  using std::chrono::milliseconds;
  constexpr milliseconds kResync{30000};
  milliseconds wait = kResync;
  std::string last_error;
  auto not_before = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    cv_.wait_for(lock, wait, [&] { return stop_ || dirty_; });
    // However often things change, passes take at most a fifth of a core.
    cv_.wait_until(lock, not_before, [&] { return stop_; });
    if (stop_) return;
    dirty_ = false;
    const int64_t notified = notified_;
    lock.unlock();
    // A pass after a deletion must see it.
    if (notified > 0) caches_.WaitFor(notified, std::chrono::seconds(2)).IgnoreError();
    const auto started = std::chrono::steady_clock::now();
    PassResult r = Pass();
    const auto finished = std::chrono::steady_clock::now();
    not_before = finished + 4 * (finished - started);
    wait = r.retry ? milliseconds(100) : kResync;
    std::string error(base::ToStd(r.error.message()));
    if (!error.empty() && error != last_error) base::LogWarn(kLog, error);
    last_error = error;
    lock.lock();
  }
}

}  // namespace wisp::apiserver
