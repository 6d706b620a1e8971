// File: src/apiserver/rest_watch.cc
//
// Client watches: a ClientWatch registered with the resource's cache turns
// cache events into `{"type":..,"object":..}` lines on a chunked response.
// Selectors decide the event type as upstream does: an object entering the
// selection is ADDED, leaving it is DELETED. Bookmarks go out on progress
// (every kBookmarkInterval) when allowWatchBookmarks is set; timeoutSeconds
// ends the stream cleanly.
#include <atomic>
#include <mutex>

#include "absl/strings/numbers.h"
#include "apiserver/list_output.h"
#include "apiserver/rest.h"
#include "apiserver/rest_call.h"
#include "wisp/base/strings.h"
#include "wisp/strategies/conversion.h"

namespace wisp::apiserver {
namespace am = apimachinery;
using nlohmann::json;

namespace {

constexpr auto kBookmarkInterval = std::chrono::seconds(5);
// Upstream picks a random timeout in [minRequestTimeout, 2*minRequestTimeout).
constexpr int64_t kDefaultWatchSeconds = 1800;

class ClientWatch final : public Watcher {
 public:
  ClientWatch(std::shared_ptr<net::ResponseStream> stream, ObjectFilter filter,
              const api::ResourceInfo& info, std::string key_prefix, ResponseForm form,
              std::string include_object, bool bookmarks, bool initial_events_bookmark,
              std::string_view storage_version, std::chrono::steady_clock::time_point deadline)
      : stream_(std::move(stream)),
        filter_(std::move(filter)),
        info_(info),
        key_prefix_(std::move(key_prefix)),
        form_(form),
        include_object_(std::move(include_object)),
        bookmarks_(bookmarks),
        initial_events_bookmark_(initial_events_bookmark),
        storage_version_(storage_version),
        deadline_(deadline),
        last_bookmark_(std::chrono::steady_clock::now()) {}

  const std::string& KeyPrefix() const override { return key_prefix_; }

  bool Deliver(const CacheEvent& event) override {
    if (!stream_->Open()) return false;
    bool now = filter_.Matches(*event.object);
    const char* type = nullptr;
    switch (event.type) {
      case CacheEvent::Type::kAdded:
        if (now) type = "ADDED";
        break;
      case CacheEvent::Type::kModified: {
        bool before = event.previous && filter_.Matches(*event.previous);
        if (now && before) type = "MODIFIED";
        if (now && !before) type = "ADDED";
        if (!now && before) type = "DELETED";
        break;
      }
      case CacheEvent::Type::kDeleted:
        if (now) type = "DELETED";
        break;
    }
    last_rv_ = event.resource_version;
    if (!type) return true;
    if (event.type == CacheEvent::Type::kModified && !now) {
      // Leaving the selection: upstream's cacher sends the last state that
      // matched, stamped with this change's resourceVersion.
      json previous = json::parse(event.previous->json, nullptr, false);
      if (previous.is_object()) {
        previous["metadata"]["resourceVersion"] = std::to_string(event.resource_version);
        return Write(type, previous.dump());
      }
    }
    return Write(type, event.object->json);
  }

  bool Progress(int64_t rv) override {
    if (!stream_->Open()) return false;
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline_) {
      stream_->Close();
      return false;
    }
    if (rv > last_rv_) last_rv_ = rv;
    if (bookmarks_ && now - last_bookmark_ >= kBookmarkInterval) {
      last_bookmark_ = now;
      return WriteBookmark(last_rv_, false);
    }
    return true;
  }

  void InitialEventsDone(int64_t rv) override {
    if (rv > last_rv_) last_rv_ = rv;
    if (initial_events_bookmark_) WriteBookmark(last_rv_, true);
  }

  void Terminate(const absl::Status& why) override {
    // A too-old start is an ERROR event with a 410. Anything else (shutdown,
    // a lost etcd watch) ends the stream cleanly, as upstream's cacher does,
    // so clients watch again from their last resourceVersion.
    if (stream_->Open() && (absl::IsOutOfRange(why) || absl::IsDeadlineExceeded(why))) {
      // (A too-large version of a watch-list is its 504, as upstream's
      // newErrWatcher sends it.)
      am::ApiError err = absl::IsOutOfRange(why) ? am::Expired(base::ToStd(why.message()))
                                                 : InternalToApiError(why);
      WriteRaw(base::StrCat("{\"type\":\"ERROR\",\"object\":", err.ToJson(), "}\n"));
    }
    stream_->Close();
  }

 private:
  bool Write(const char* type, const std::string& object_json) {
    const bool as_is = storage_version_.empty() || StoredInVersion(object_json, info_.ApiVersion());
    if (form_ == ResponseForm::kObject && as_is) {
      return WriteRaw(base::StrCat("{\"type\":\"", type, "\",\"object\":", object_json, "}\n"));
    }
    json obj = json::parse(object_json, nullptr, false);
    // Objects are cached as stored; a client of another version gets its own.
    if (!as_is) strategies::ConvertObject(obj, info_.ApiVersion());
    json out = RenderObject(info_, form_, include_object_, obj, storage_version_);
    return WriteRaw(base::StrCat("{\"type\":\"", type, "\",\"object\":", out.dump(), "}\n"));
  }

  bool WriteBookmark(int64_t rv, bool initial_end) {
    json meta = {{"resourceVersion", std::to_string(rv)}};
    if (initial_end) meta["annotations"] = {{"k8s.io/initial-events-end", "true"}};
    json obj = {{"kind", info_.kind}, {"apiVersion", info_.ApiVersion()}, {"metadata", meta}};
    return WriteRaw(base::StrCat("{\"type\":\"BOOKMARK\",\"object\":", obj.dump(), "}\n"));
  }

  bool WriteRaw(const std::string& line) { return stream_->WriteChunk(line); }

  std::shared_ptr<net::ResponseStream> stream_;
  ObjectFilter filter_;
  const api::ResourceInfo& info_;
  const std::string key_prefix_;
  const ResponseForm form_;
  const std::string include_object_;
  const bool bookmarks_;
  const bool initial_events_bookmark_;
  const std::string_view storage_version_;  // static storage
  const std::chrono::steady_clock::time_point deadline_;
  std::chrono::steady_clock::time_point last_bookmark_;
  int64_t last_rv_ = 0;
};

}  // namespace

void Rest::Watch(Call& call) {
  const api::ResourceInfo& info = *call.rc->info;
  am::ApiError error;
  auto filter = ObjectFilter::FromRequest(call.http, info, call.info.name, &error);
  if (!filter.ok()) return ReplyError(call, error);
  auto timeout = QueryInt(call.http, "timeoutSeconds");
  if (!timeout.ok())
    return ReplyError(call, am::BadRequest(base::ToStd(timeout.status().message())));
  std::string rv_text = Query(call.http, "resourceVersion").value_or("");
  int64_t from_rv = 0;
  for (char c : rv_text) {
    if (c < '0' || c > '9') {
      return ReplyError(call,
                        am::BadRequest(base::StrCat("invalid resource version \"", rv_text, "\"")));
    }
    from_rv = from_rv * 10 + (c - '0');
  }
  // Upstream's validateWatchOptions (the WatchList gate is on in 1.32).
  const std::optional<bool> initial = QueryBool(call.http, "sendInitialEvents");
  const std::string match = Query(call.http, "resourceVersionMatch").value_or("");
  std::vector<am::Cause> invalid;
  if (initial.has_value() && match != "NotOlderThan") {
    invalid.push_back(
        am::FieldForbidden("resourceVersionMatch",
                           "sendInitialEvents requires setting resourceVersionMatch to "
                           "NotOlderThan"));
  }
  if (!match.empty()) {
    if (!initial.has_value()) {
      invalid.push_back(am::FieldForbidden("resourceVersionMatch",
                                           "resourceVersionMatch is forbidden for watch unless "
                                           "sendInitialEvents is provided"));
    }
    if (match != "NotOlderThan") {
      invalid.push_back(
          am::FieldNotSupported("resourceVersionMatch", json(match), {"NotOlderThan"}));
    }
    if (!Query(call.http, "continue").value_or("").empty()) {
      invalid.push_back(am::FieldForbidden(
          "resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
    }
  }
  if (!invalid.empty()) {
    return ReplyError(call, am::Invalid("meta.k8s.io", "ListOptions", "", std::move(invalid)));
  }
  const bool send_initial = initial.value_or(false);
  if (send_initial) from_rv = 0;
  // sendInitialEvents=false: only changes, from the version asked for or now.
  if (initial.has_value() && !*initial && from_rv == 0) from_rv = caches_.Revision();
  const bool bookmarks = QueryTrue(call.http, "allowWatchBookmarks");
  int64_t seconds = timeout->value_or(kDefaultWatchSeconds);
  if (seconds <= 0) seconds = kDefaultWatchSeconds;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);

  std::shared_ptr<net::ResponseStream> stream = call.responder->StartStream();
  net::HeaderMap headers;
  headers.Set("Content-Type", "application/json");
  headers.Set("Cache-Control", "no-cache, private");
  if (!stream->WriteHeaders(200, headers)) return;
  auto watcher = std::make_shared<ClientWatch>(
      stream, *std::move(filter), info, ListPrefix(*call.rc, call.info.namespace_),
      call.accept.form, Query(call.http, "includeObject").value_or("Metadata"), bookmarks,
      send_initial && bookmarks, call.rc->storage_version, deadline);
  // A watch-list not older than a version the cache has not reached waits
  // for it (upstream's waitUntilWatchCacheFreshAndForceAllEvents).
  if (int64_t want = 0; send_initial && absl::SimpleAtoi(rv_text, &want) && want > 0) {
    if (absl::Status fresh = caches_.WaitFor(want, std::chrono::seconds(3)); !fresh.ok()) {
      return watcher->Terminate(fresh);
    }
  }
  absl::Status s = call.rc->cache->AddWatcher(watcher, from_rv);
  if (!s.ok()) watcher->Terminate(s);
}

}  // namespace wisp::apiserver
