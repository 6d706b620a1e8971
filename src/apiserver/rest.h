// File: src/apiserver/rest.h (private to the apiserver)
//
// Generic REST storage for every registered resource over the etcd v3 API
// (design.md §4): get/list/watch served from the watch cache or etcd,
// create/update/patch/delete as conditional etcd transactions on the
// object's mod_revision (= metadata.resourceVersion), per-kind behaviour from
// the strategy table.
//
// Serve() runs on a request worker thread (it may block on etcd); watches
// hand their stream to the watch cache and return.
// Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "apiserver/current_revision.h"
#include "apiserver/etcd_client.h"
#include "apiserver/request_info.h"
#include "apiserver/response.h"
#include "apiserver/watch_cache.h"
#include "wisp/api/registry.h"
#include "wisp/apimachinery/patch.h"
#include "wisp/apimachinery/status.h"
#include "wisp/net/http.h"
#include "wisp/strategies/strategy.h"

namespace wisp::apiserver {

class ServiceAllocator;
class ServiceAccountTokens;
struct TokenClaims;

struct UserInfo {
  std::string name;
  std::vector<std::string> groups;
  std::string uid;
  std::map<std::string, std::vector<std::string>> extra;
};

// Everything about one resource type the handlers need.
struct ResourceContext {
  const api::ResourceInfo* info = nullptr;
  const strategies::Strategy* strategy = nullptr;
  ResourceCache* cache = nullptr;
  std::string prefix;  // "/registry/pods/"
  // Set when the stored resource has more than one schema: objects are
  // stored in this apiVersion and converted on every read and write.
  std::string_view storage_version;
};

// A stored object read from etcd.
struct StoredObject {
  nlohmann::json object;  // with metadata.resourceVersion set
  int64_t mod_revision = 0;
};

struct DeleteOptions;  // rest_call.h

class Rest {
 public:
  Rest(EtcdClient& etcd, WatchCacheSet& caches, const api::Registry& registry,
       const strategies::StrategyTable& strategies, ServiceAllocator* services);

  // Registers every resource of the registry with the watch cache set.
  // REQUIRES: before caches.Start().
  void RegisterCaches();
  // Enables the TokenRequest API (serviceaccounts/token). REQUIRES: before
  // Serve; `tokens` outlives this.
  void SetServiceAccountTokens(const ServiceAccountTokens* tokens);
  const ServiceAccountTokens* tokens() const { return tokens_; }
  // Answers TokenReviews (Authenticator::AuthenticateToken). REQUIRES:
  // before Serve.
  using TokenAuthenticator = std::function<std::optional<UserInfo>(
      std::string_view token, std::vector<std::string>* audiences, std::string* error)>;
  void SetTokenAuthenticator(TokenAuthenticator authenticate);
  // OK when the objects a verified service-account token names still exist
  // with the uids it names (upstream's token liveness checks, read from the
  // watch cache); Unauthenticated with upstream's reason otherwise.
  absl::Status CheckTokenObjects(const TokenClaims& claims, std::string_view token) const;

  void Serve(const RequestInfo& info, const UserInfo& user, net::HttpRequest request,
             std::unique_ptr<net::Responder> responder);

  // Used by server-internal writers (bootstrap, namespace finalizer).
  // Objects are read and written in rc's version.
  absl::StatusOr<StoredObject> GetStored(const ResourceContext& rc, const std::string& ns,
                                         const std::string& name);
  absl::Status CreateInternal(const ResourceContext& rc, nlohmann::json obj);
  // Replaces a stored object if its mod_revision is still `mod_revision`.
  // `revision`, if given, receives the new mod revision.
  absl::Status PutInternal(const ResourceContext& rc, nlohmann::json obj, int64_t mod_revision,
                           int64_t* revision = nullptr);
  // Reads every stored object under `prefix` (etcd, latest revision), as
  // stored (in the storage version).
  absl::StatusOr<std::vector<StoredObject>> ListStored(const std::string& prefix);
  const ResourceContext* Context(std::string_view group, std::string_view resource) const;
  const std::vector<ResourceContext>& Contexts() const { return contexts_; }
  // Deletes `name` whatever its finalizers (internal callers); with
  // `mod_revision`, only if it is still at that revision (else ABORTED).
  absl::Status DeleteInternal(const ResourceContext& rc, const std::string& ns,
                              const std::string& name, int64_t mod_revision = 0);

  // Called (from any thread, must not block) with the revision of each
  // deletion or deletion mark this Rest writes; the garbage collector
  // listens. REQUIRES: before Serve.
  void SetDeletionListener(std::function<void(int64_t revision)> listener);

  // Events expire `ttl` after their last write, as kube-apiserver's
  // --event-ttl makes them; 0 = never. REQUIRES: before Serve.
  void SetEventTtl(std::chrono::seconds ttl) { event_ttl_ = ttl; }

  // Whether the watch caches have caught up with etcd's current revision
  // (false if that cannot be read or takes too long).
  bool CaughtUp() { return CatchUpCache(); }
  // Whether a create in `ns` was charged to a quota and is not yet stored
  // (the quota controller leaves such namespaces for its next pass).
  bool QuotaChargesInFlight(const std::string& ns) const;

  std::string Key(const ResourceContext& rc, const std::string& ns, const std::string& name) const;
  std::string ListPrefix(const ResourceContext& rc, const std::string& ns) const;

 private:
  struct Call;  // one request in flight

  // The etcd lease a write of `rc` attaches (0: none). Events share one
  // lease per minute of writes, as upstream's lease manager reuses them.
  absl::StatusOr<int64_t> LeaseFor(const ResourceContext& rc);

  void Dispatch(Call& call);  // by verb
  void Get(Call& call);
  void List(Call& call);
  void Watch(Call& call);
  void Create(Call& call);
  // The create of a decoded, type-checked body (POST, or PUT of a missing
  // object of a kind that allows create on update).
  // `refuse_resource_version`: the body carried one (upstream's storage
  // refuses it after admission and validation).
  void CreateDecoded(Call& call, nlohmann::json& obj, bool refuse_resource_version);
  void Update(Call& call);
  void Patch(Call& call);
  void Delete(Call& call);
  void DeleteCollection(Call& call);
  // The body of a DELETE of call.info.name: on success fills the answer
  // (status and object) and returns true; otherwise it has answered.
  // With `stale`, a resourceVersion precondition that no longer holds sets
  // it and returns false without answering.
  bool DeleteNamed(Call& call, const DeleteOptions& options, int* status, nlohmann::json* answer,
                   bool* stale = nullptr);
  // Pod subresources beyond the object (rest_pods.cc).
  void PodLog(Call& call);
  void PodConnect(Call& call);  // exec, attach, portforward
  void Proxy(Call& call);       // pods, services and nodes
  void Bind(Call& call);        // pods/binding and bindings
  void Evict(Call& call);       // pods/eviction
  // serviceaccounts/token (rest_token.cc).
  void RequestToken(Call& call);
  // Resolves a TokenRequest's boundObjectRef into `claims`; false = answered.
  bool BindToken(Call& call, const nlohmann::json& ref, TokenClaims* claims);
  // Self reviews: answered for the caller, never stored (rest_reviews.cc).
  void Review(Call& call);
  void ReviewToken(Call& call, nlohmann::json& review);
  // componentstatuses, computed on each read (rest_component_status.cc).
  void ComponentStatuses(Call& call);

  // Shared pieces.
  void Reply(Call& call, int status, const nlohmann::json& obj);
  // Replies with an object already serialized as JSON (plain object form).
  void ReplyText(Call& call, int status, std::string json_body);
  void ReplyError(Call& call, const apimachinery::ApiError& error);
  void NotifyDeleted(int64_t revision) const {
    if (deletion_listener_) deletion_listener_(revision);
  }
  apimachinery::ApiError NotFound(const Call& call) const;
  // A failed read of call.info.name: 404 NotFound, otherwise 500.
  apimachinery::ApiError ReadError(const Call& call, const absl::Status& status) const;
  absl::StatusOr<StoredObject> ReadCurrent(Call& call);
  // For a consistent read from the watch cache: true once the cache has seen
  // a revision read from etcd after the call arrived; false if that failed
  // (etcd unreachable, cache unhealthy or behind).
  bool CatchUpCache();
  bool CheckNamespace(Call& call, bool for_create);
  // Admission that reads other objects (rest_admission.cc), before Admit on
  // a create; false if it answered.
  bool AdmitCreate(Call& call, nlohmann::json& obj);
  bool AdmitRuntimeClass(Call& call, nlohmann::json& pod);
  bool AdmitServiceAccount(Call& call, nlohmann::json& pod);
  // A PriorityClass create or update: at most one globalDefault.
  bool AdmitPriorityClass(Call& call, const nlohmann::json& pc);
  // `supplied`: spec.priority as the client sent it, if it did.
  bool AdmitPriority(Call& call, nlohmann::json& pod,
                     const std::optional<nlohmann::json>& supplied);
  void AdmitLimitRanges(Call& call, nlohmann::json& pod);
  // LimitRange min/max/ratio after validation (`old` null on a create);
  // false if it answered.
  bool CheckLimitRanges(Call& call, const nlohmann::json& obj, const nlohmann::json* old);
  // ResourceQuota (rest_quota.cc), after validation on a create (`old`
  // null) or an update of a service or claim: checks and charges what the
  // write adds; false if it answered. A charged create is counted in flight
  // until `QuotaCreateDone`.
  bool AdmitQuota(Call& call, const nlohmann::json& obj, const nlohmann::json* old);
  void QuotaCreateDone(Call& call);
  // PodSecurity (rest_pod_security.cc), after validation on a create (`old`
  // null) or update: a pod breaking its namespace's enforce level is a 403,
  // the warn level gives warnings (also for workloads' pod templates), and a
  // namespace's pod-security labels are checked; false if it answered.
  bool AdmitPodSecurity(Call& call, const nlohmann::json& obj, const nlohmann::json* old);
  // Runs the strategy + validation for a write; false if it answered.
  bool Admit(Call& call, nlohmann::json& obj, const nlohmann::json* old, bool status_only);
  // The same for an update through pods/ephemeralcontainers: only the
  // ephemeral containers of `obj` are taken over `old`.
  bool AdmitEphemeralContainers(Call& call, nlohmann::json& obj, const nlohmann::json& old);
  // fieldValidation=Strict|Warn|Ignore on a create or update body: unknown
  // and duplicate fields (the JSON text; YAML by what pruning finds) are a
  // 400 (Strict) or warnings (Warn); unknown fields are dropped from `obj`
  // either way, as upstream's typed decoding drops them. False = answered.
  bool CheckFieldValidation(Call& call, nlohmann::json& obj);
  // The same for a patch result `obj`: unknown fields the patch brought are
  // upstream's 422 on `patch` (Strict) or warnings, and are dropped.
  bool CheckPatchedFields(Call& call, nlohmann::json& obj, const std::string& shown_patch);
  // A patch result before admission, as upstream's patcher decodes it: a
  // changed kind or apiVersion (422, unless a strategic patch, whose typed
  // decode keeps them), wrong JSON types (422 on `patch`), a name or
  // namespace other than the URL's (400), unknown fields. False = answered.
  bool CheckPatchResult(Call& call, const std::string& type, const nlohmann::json& patch,
                        const nlohmann::json& current, nlohmann::json& target);
  // Upstream's typed decoding: a value of the wrong JSON type is a 400
  // before anything reads the object (api/type_check.h). False = answered.
  bool CheckTypes(Call& call, const nlohmann::json& obj);
  // Computes the new object from the current one; false = already answered.
  using MakeUpdate = std::function<bool(const StoredObject& current, nlohmann::json* out)>;
  // The update loop: read, make, admit, compare-and-put; on a lost race
  // retries with a fresh read when `retry`, else answers 409. A missing
  // object is a 404, or handed to `create` (kinds that create on update).
  void WriteUpdate(Call& call, const MakeUpdate& make, bool retry,
                   const std::function<void()>& create = nullptr);
  // A stored value as rc's version of the object (null rc: as stored).
  absl::StatusOr<StoredObject> Decode(const ResourceContext* rc, const KeyValue& kv) const;
  // The value to store for `obj` (in rc's storage version).
  std::string Encode(const ResourceContext& rc, nlohmann::json obj) const;
  // Converts a stored object to rc's version.
  void ToServed(const ResourceContext& rc, nlohmann::json& obj) const;
  // A cached object as rc's version of it (the same object when no
  // conversion applies).
  ObjectPtr Served(const ResourceContext& rc, ObjectPtr obj) const;
  void Served(const ResourceContext& rc, std::vector<ObjectPtr>& objs) const;
  FieldExtractor StoredFields(const api::ResourceInfo& info) const;
  nlohmann::json ToScale(const Call& call, const nlohmann::json& obj) const;
  // Strategic-merge-patch metadata (strategy, merge key) of a field path.
  apimachinery::PatchMeta PatchMetaFor(const api::ResourceInfo& info,
                                       const std::vector<std::string>& path) const;

  EtcdClient& etcd_;
  WatchCacheSet& caches_;
  const api::Registry& registry_;
  const strategies::StrategyTable& strategies_;
  ServiceAllocator* services_;
  const ServiceAccountTokens* tokens_ = nullptr;
  TokenAuthenticator token_authn_;
  CurrentRevision current_revision_;
  std::vector<ResourceContext> contexts_;
  std::function<void(int64_t)> deletion_listener_;
  mutable std::mutex quota_mu_;
  std::map<std::string, int> quota_in_flight_;  // namespace → charged creates not yet stored
  std::chrono::seconds event_ttl_{0};
  std::mutex lease_mu_;
  int64_t event_lease_ = 0;
  std::chrono::steady_clock::time_point event_lease_expiry_;
};

}  // namespace wisp::apiserver
