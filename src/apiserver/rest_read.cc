// File: src/apiserver/rest_read.cc
//
// GET of one object and LIST. Lists come from the watch cache (after it has
// caught up with etcd for a consistent read) unless they page with
// limit/continue or ask for an exact revision: those read etcd at one pinned
// revision so every page belongs to the same snapshot.
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "apiserver/list_output.h"
#include "apiserver/rest.h"
#include "apiserver/rest_call.h"
#include "wisp/apimachinery/continue_token.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace am = apimachinery;
using nlohmann::json;

namespace {

constexpr auto kCacheWait = std::chrono::seconds(3);
constexpr char kContinueExpired[] =
    "The provided continue parameter is too old to display a consistent list result. You can "
    "start a new list without the continue parameter, or use the continue token in this response "
    "to retrieve the remainder of the results. Continuing with the provided token results in an "
    "inconsistent list - objects that were created, modified, or deleted between the time the "
    "first chunk was returned and now may show up in the list.";

absl::StatusOr<int64_t> ParseRv(const std::string& rv) {
  int64_t out = 0;
  if (rv.empty()) return 0;
  for (char c : rv) {
    if (c < '0' || c > '9') {
      return absl::InvalidArgumentError(base::StrCat("invalid resource version \"", rv, "\""));
    }
    out = out * 10 + (c - '0');
    if (out < 0) return absl::InvalidArgumentError("resource version out of range");
  }
  return out;
}

// A rendered list, as YAML when the client prefers it (Tables stay JSON).
void RespondList(net::Responder& responder, const Negotiated& accept, std::string body) {
  if (accept.yaml && accept.form == ResponseForm::kObject) {
    RespondJson(responder, 200, JsonToYaml(json::parse(body, nullptr, false)), "application/yaml");
    return;
  }
  RespondJson(responder, 200, std::move(body));
}

}  // namespace

bool Rest::CatchUpCache() {
  if (!caches_.Healthy().ok()) return false;
  auto head = current_revision_.Get();
  return head.ok() && caches_.WaitFor(*head, kCacheWait).ok();
}

// GET: resourceVersion=0 reads the cache as it is; a consistent read (no
// resourceVersion) reads it once it has caught up with etcd, or etcd itself
// if it cannot; an explicit resourceVersion reads etcd (never older).
void Rest::Get(Call& call) {
  std::string rv = Query(call.http, "resourceVersion").value_or("");
  if (rv == "0" || (rv.empty() && CatchUpCache())) {
    ObjectPtr cached =
        Served(*call.rc, call.rc->cache->Get(Key(*call.rc, call.info.namespace_, call.info.name)));
    if (!cached) return ReplyError(call, NotFound(call));
    if (call.info.subresource != "scale" && call.accept.form == ResponseForm::kObject &&
        !call.accept.yaml) {
      return ReplyText(call, 200, cached->json);  // already the object's JSON
    }
    json obj = json::parse(cached->json);
    if (call.info.subresource == "scale") obj = ToScale(call, obj);
    return Reply(call, 200, obj);
  }
  // A version ahead of the store is waited for (upstream's
  // waitUntilFreshAndGet): 504 Too large resource version after 3 s.
  if (int64_t want = 0; absl::SimpleAtoi(rv, &want) && want > 0) {
    if (auto s = caches_.WaitFor(want, kCacheWait); !s.ok() && caches_.Healthy().ok()) {
      return ReplyError(call, InternalToApiError(s));
    }
  }
  auto stored = ReadCurrent(call);
  if (!stored.ok()) {
    if (absl::IsNotFound(stored.status())) return ReplyError(call, NotFound(call));
    return ReplyError(call, InternalToApiError(stored.status()));
  }
  json obj = std::move(stored->object);
  if (call.info.subresource == "scale") obj = ToScale(call, obj);
  Reply(call, 200, obj);
}

void Rest::List(Call& call) {
  const api::ResourceInfo& info = *call.rc->info;
  am::ApiError error;
  auto filter = ObjectFilter::FromRequest(call.http, info, "", &error);
  if (!filter.ok()) return ReplyError(call, error);
  auto limit_q = QueryInt(call.http, "limit");
  if (!limit_q.ok())
    return ReplyError(call, am::BadRequest(base::ToStd(limit_q.status().message())));
  int64_t limit = limit_q->value_or(0);
  if (limit < 0) limit = 0;
  std::string cont = Query(call.http, "continue").value_or("");
  std::string rv_text = Query(call.http, "resourceVersion").value_or("");
  std::string match = Query(call.http, "resourceVersionMatch").value_or("");
  // Upstream's ValidateListOptions: a 422 on ListOptions.
  std::vector<am::Cause> invalid;
  if (!match.empty()) {
    if (rv_text.empty()) {
      invalid.push_back(
          am::FieldForbidden("resourceVersionMatch",
                             "resourceVersionMatch is forbidden unless resourceVersion is "
                             "provided"));
    }
    if (!cont.empty()) {
      invalid.push_back(am::FieldForbidden("resourceVersionMatch",
                                           "resourceVersionMatch is forbidden when continue is "
                                           "provided"));
    }
    if (match != "Exact" && match != "NotOlderThan") {
      invalid.push_back(am::FieldNotSupported("resourceVersionMatch", json(match),
                                              {"Exact", "NotOlderThan", ""}));
    }
    if (match == "Exact" && rv_text == "0") {
      invalid.push_back(am::FieldForbidden(
          "resourceVersionMatch",
          "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
    }
  }
  if (Query(call.http, "sendInitialEvents").has_value()) {
    invalid.push_back(
        am::FieldForbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
  }
  if (!invalid.empty()) {
    return ReplyError(call, am::Invalid("meta.k8s.io", "ListOptions", "", std::move(invalid)));
  }
  if (!cont.empty() && !rv_text.empty() && rv_text != "0") {
    return ReplyError(
        call, am::BadRequest("specifying resource version is not allowed when using continue"));
  }
  auto rv = ParseRv(rv_text);
  if (!rv.ok()) return ReplyError(call, am::BadRequest(base::ToStd(rv.status().message())));
  const std::string prefix = ListPrefix(*call.rc, call.info.namespace_);
  const std::string include = Query(call.http, "includeObject").value_or("Metadata");

  bool from_cache = cont.empty() && match != "Exact" && (limit == 0 || rv_text == "0");
  if (from_cache) {
    int64_t need = *rv;
    if (rv_text.empty()) {
      // Consistent read from the cache: wait until it has seen etcd's
      // current revision.
      auto head = current_revision_.Get();
      if (!head.ok()) return ReplyError(call, InternalToApiError(head.status()));
      need = *head;
    }
    if (need > 0) {
      if (auto s = caches_.WaitFor(need, kCacheWait); !s.ok()) {
        return ReplyError(call, InternalToApiError(s));
      }
    }
    ResourceCache::Snapshot snap = call.rc->cache->List(prefix);
    std::vector<ObjectPtr> items;
    items.reserve(snap.objects.size());
    for (auto& o : snap.objects) {
      if (filter->Matches(*o)) items.push_back(std::move(o));
    }
    ListMeta meta;
    meta.resource_version = std::max(snap.resource_version, need);
    Served(*call.rc, items);
    RespondList(*call.responder, call.accept,
                RenderList(info, call.accept.form, include, items, meta, call.rc->storage_version));
    return;
  }

  // Paged (or exact) read from etcd at one revision.
  // Exact, or upstream's legacy exact read: a limit with a resourceVersion.
  int64_t revision = match == "Exact" || (match.empty() && limit > 0) ? *rv : 0;
  std::string start = prefix;
  if (!cont.empty()) {
    auto token = am::DecodeContinue(cont);
    if (!token.ok()) {
      return ReplyError(call, am::BadRequest(base::StrCat("invalid continue token: ",
                                                          base::ToStd(token.status().message()))));
    }
    // -1: a token handed out with an expired snapshot; it goes on at the
    // current revision.
    revision = std::max<int64_t>(token->resource_version, 0);
    start = prefix + token->start_key;
  }
  const std::string end = PrefixEnd(prefix);
  std::vector<ObjectPtr> items;
  ListMeta meta;
  std::string next;  // key after the last examined one
  bool more = false;
  int64_t remaining = 0;
  while (true) {
    int64_t want = limit > 0 ? limit - static_cast<int64_t>(items.size()) : 0;
    int64_t page = limit > 0 ? (filter->Empty() ? want : std::max<int64_t>(want, 100)) : 0;
    auto r = etcd_.Range(start, end, revision, page);
    if (!r.ok() &&
        absl::StrContains(r.status().message(), "required revision is a future revision")) {
      // Not an expiry: upstream passes etcd's error through as a 500.
      am::ApiError e;
      e.code = 500;
      e.message = "etcdserver: mvcc: required revision is a future revision";
      return ReplyError(call, e);
    }
    if (!r.ok()) {
      if (absl::IsOutOfRange(r.status())) {
        if (!cont.empty()) {
          am::ApiError expired = am::Expired(kContinueExpired);
          expired.list_continue = am::EncodeContinue(-1, start.substr(prefix.size()));
          return ReplyError(call, expired);
        }
        return ReplyError(call,
                          am::Expired("The resourceVersion for the provided list is too old."));
      }
      return ReplyError(call, InternalToApiError(r.status()));
    }
    if (revision == 0) revision = r->revision;
    // upstream's validateMinimumResourceVersion: a read not older than a
    // version the store has not reached fails at once.
    if (match == "NotOlderThan" && *rv > r->revision) {
      return ReplyError(call,
                        InternalToApiError(absl::DeadlineExceededError(base::StrCat(
                            "Too large resource version: ", *rv, ", current: ", r->revision))));
    }
    bool stopped_early = false;
    for (size_t i = 0; i < r->kvs.size(); ++i) {
      const KeyValue& kv = r->kvs[i];
      auto obj = call.rc->cache->Decode(kv.key, kv.value, kv.mod_revision);
      if (!obj.ok()) continue;
      if (filter->Matches(**obj)) items.push_back(*std::move(obj));
      next = kv.key + std::string(1, '\0');
      if (limit > 0 && static_cast<int64_t>(items.size()) >= limit) {
        more = (i + 1 < r->kvs.size()) || r->more;
        stopped_early = true;
        if (filter->Empty() && r->more) {
          remaining = r->count - static_cast<int64_t>(i + 1);
        }
        break;
      }
    }
    if (stopped_early || !r->more || r->kvs.empty()) break;
    start = next;
  }
  meta.resource_version = revision;
  Served(*call.rc, items);
  if (more) {
    meta.continue_token = am::EncodeContinue(revision, next.substr(prefix.size()));
    if (remaining > 0) meta.remaining_item_count = remaining;
  }
  RespondList(*call.responder, call.accept,
              RenderList(info, call.accept.form, include, items, meta, call.rc->storage_version));
}

}  // namespace wisp::apiserver
