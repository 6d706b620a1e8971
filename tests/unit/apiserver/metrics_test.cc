// The /metrics exposition: upstream's names and labels, cumulative
// histograms, process gauges.
#include "apiserver/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace wisp::apiserver {
namespace {

using ::testing::HasSubstr;

class NullResponder : public net::Responder {
 public:
  void Respond(net::HttpResponse response) override { status = response.status; }
  std::shared_ptr<net::ResponseStream> StartStream() override { return nullptr; }
  int status = 0;
};

RequestInfo Info(const std::string& method, const std::string& path,
                 const std::multimap<std::string, std::string>& query = {}) {
  return ParseRequestInfo(method, path, query);
}

TEST(ApiMetrics, ReportedVerbsAreUpstreams) {
  net::HttpRequest req;
  EXPECT_EQ(ReportedVerb(Info("GET", "/api/v1/namespaces/d/pods"), req), "LIST");
  EXPECT_EQ(ReportedVerb(Info("GET", "/api/v1/namespaces/d/pods/p"), req), "GET");
  EXPECT_EQ(ReportedVerb(Info("GET", "/api/v1/pods", {{"watch", "true"}}), req), "WATCH");
  EXPECT_EQ(ReportedVerb(Info("POST", "/api/v1/namespaces/d/pods"), req), "POST");
  EXPECT_EQ(ReportedVerb(Info("PUT", "/api/v1/namespaces/d/pods/p"), req), "PUT");
  EXPECT_EQ(ReportedVerb(Info("DELETE", "/api/v1/namespaces/d/pods"), req), "DELETECOLLECTION");
  EXPECT_EQ(ReportedVerb(Info("POST", "/api/v1/namespaces/d/pods/p/exec"), req), "CONNECT");
  req.headers.Set("Content-Type", "application/apply-patch+yaml");
  EXPECT_EQ(ReportedVerb(Info("PATCH", "/api/v1/namespaces/d/pods/p"), req), "APPLY");
  req.headers.Set("Content-Type", "application/merge-patch+json");
  EXPECT_EQ(ReportedVerb(Info("PATCH", "/api/v1/namespaces/d/pods/p"), req), "PATCH");
  EXPECT_EQ(ReportedVerb(Info("BREW", "/coffee"), req), "other");
}

TEST(ApiMetrics, RequestsAreCountedWithTheirCodeAndLatency) {
  ApiMetrics metrics;
  for (int code : {200, 200, 404}) {
    RequestInfo info = Info("GET", "/apis/apps/v1/namespaces/d/deployments/web");
    info.verb = "GET";
    auto inner = std::make_unique<NullResponder>();
    NullResponder* seen = inner.get();
    auto r = MeteredResponder(std::move(inner), metrics, info, false);
    net::HttpResponse resp;
    resp.status = code;
    r->Respond(std::move(resp));
    EXPECT_EQ(seen->status, code);  // forwarded
  }
  std::string text = metrics.Render({{"deployments.apps", 7}});
  const std::string labels =
      R"(verb="GET",dry_run="",group="apps",version="v1",resource="deployments",)"
      R"(subresource="",scope="resource",component="apiserver")";
  EXPECT_THAT(text, HasSubstr("apiserver_request_total{" + labels + ",code=\"200\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("apiserver_request_total{" + labels + ",code=\"404\"} 1\n"));
  // Fast requests land in the first bucket and every later one (cumulative).
  EXPECT_THAT(text, HasSubstr("apiserver_request_duration_seconds_bucket{" + labels +
                              ",le=\"0.005\"} 3\n"));
  EXPECT_THAT(text,
              HasSubstr("apiserver_request_duration_seconds_bucket{" + labels + ",le=\"60\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("apiserver_request_duration_seconds_count{" + labels + "} 3\n"));
  EXPECT_THAT(text, HasSubstr("apiserver_storage_objects{resource=\"deployments.apps\"} 7\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE process_resident_memory_bytes gauge\n"));
  EXPECT_THAT(text, HasSubstr("process_open_fds "));
}

}  // namespace
}  // namespace wisp::apiserver
