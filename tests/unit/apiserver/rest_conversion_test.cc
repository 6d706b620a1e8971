// Resources served in two versions over one storage: every read and write
// path converts, so each client sees whole objects in its own schema.
#include <gtest/gtest.h>

#include "apiserver/rest_call.h"
#include "unit/apiserver/rest_fixture.h"

namespace wisp::apiserver {
namespace {

constexpr char kEventsBase[] = "/apis/events.k8s.io/v1/namespaces/ns/events";
constexpr char kCoreBase[] = "/api/v1/namespaces/ns/events";

constexpr char kNewEvent[] = R"({"apiVersion":"events.k8s.io/v1","kind":"Event",
  "metadata":{"name":"e1"},"eventTime":"2026-01-02T03:04:05.000000Z",
  "regarding":{"kind":"Pod","name":"web","namespace":"ns"},"note":"pulled image",
  "reason":"Pulled","type":"Normal","action":"Pull","reportingController":"wisp.io/kubelet",
  "reportingInstance":"n1"})";

TEST_F(RestTest, EventsWrittenAsEventsV1AreStoredAndReadAsCoreV1) {
  Result created = Call("POST", kEventsBase, kNewEvent);
  ASSERT_EQ(created.status, 201) << created.raw;
  EXPECT_EQ(created.body["apiVersion"], "events.k8s.io/v1");
  EXPECT_EQ(created.body["note"], "pulled image");
  EXPECT_FALSE(created.body.contains("message"));

  auto stored = etcd_.Range("/registry/events/ns/e1", "", 0, 0);
  ASSERT_TRUE(stored.ok() && stored->kvs.size() == 1);
  json raw = json::parse(stored->kvs[0].value);
  EXPECT_EQ(raw["apiVersion"], "v1");
  EXPECT_EQ(raw["involvedObject"]["name"], "web");
  EXPECT_EQ(raw["reportingComponent"], "wisp.io/kubelet");

  for (const char* q : {"", "?resourceVersion=0"}) {
    Result core = Call("GET", std::string(kCoreBase) + "/e1" + q);
    ASSERT_EQ(core.status, 200) << core.raw;
    EXPECT_EQ(core.body["apiVersion"], "v1");
    EXPECT_EQ(core.body["message"], "pulled image");
    EXPECT_EQ(core.body["involvedObject"]["kind"], "Pod");
    EXPECT_FALSE(core.body.contains("regarding"));
    Result again = Call("GET", std::string(kEventsBase) + "/e1" + q);
    EXPECT_EQ(again.body, created.body) << q;
  }
  Result list = Call("GET", kCoreBase);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["items"].size(), 1u);
  EXPECT_EQ(list.body["items"][0]["reportingComponent"], "wisp.io/kubelet");
  Result paged = Call("GET", std::string(kEventsBase) + "?limit=1");
  ASSERT_EQ(paged.body["items"].size(), 1u);
  EXPECT_EQ(paged.body["items"][0]["regarding"]["name"], "web");
}

TEST_F(RestTest, CoreEventsAreServedAsEventsV1AndKeepTheirFields) {
  Result created = Call("POST", kCoreBase, R"({"apiVersion":"v1","kind":"Event",
    "metadata":{"name":"old"},"involvedObject":{"kind":"Pod","name":"web","namespace":"ns"},
    "message":"back-off","reason":"BackOff","type":"Warning","count":5,
    "source":{"component":"kubelet","host":"n1"},"firstTimestamp":"2026-01-02T03:04:05Z",
    "lastTimestamp":"2026-01-02T03:09:05Z"})");
  ASSERT_EQ(created.status, 201) << created.raw;
  Result got = Call("GET", std::string(kEventsBase) + "/old");
  ASSERT_EQ(got.status, 200) << got.raw;
  EXPECT_EQ(got.body["apiVersion"], "events.k8s.io/v1");
  EXPECT_EQ(got.body["regarding"]["name"], "web");
  EXPECT_EQ(got.body["note"], "back-off");
  EXPECT_EQ(got.body["deprecatedCount"], 5);
  EXPECT_EQ(got.body["deprecatedSource"]["host"], "n1");
  EXPECT_EQ(got.body["deprecatedLastTimestamp"], "2026-01-02T03:09:05Z");

  // A merge patch through events.k8s.io/v1 edits the same object; its
  // strict rules apply (only the series and metadata may change).
  Result patched =
      Call("PATCH", std::string(kEventsBase) + "/old", R"({"metadata":{"labels":{"seen":"yes"}}})",
           "application/merge-patch+json");
  ASSERT_EQ(patched.status, 200) << patched.raw;
  EXPECT_EQ(patched.body["note"], "back-off");
  Result core = Call("GET", std::string(kCoreBase) + "/old");
  EXPECT_EQ(core.body["metadata"]["labels"]["seen"], "yes");
  EXPECT_EQ(core.body["count"], 5);
  EXPECT_FALSE(core.body.contains("note"));
  Result refused = Call("PATCH", std::string(kEventsBase) + "/old", R"({"note":"changed"})",
                        "application/merge-patch+json");
  EXPECT_EQ(refused.status, 422) << refused.raw;
  EXPECT_NE(refused.body["message"].get<std::string>().find("message: Invalid value"),
            std::string::npos)
      << refused.raw;
}

// Field selectors use each version's own names (upstream's field label
// conversion); the other version's names are refused.
TEST_F(RestTest, EventFieldSelectorsUseEachVersionsNames) {
  ASSERT_EQ(Call("POST", kEventsBase, kNewEvent).status, 201);
  auto names = [&](const std::string& target) {
    Result r = Call("GET", target);
    std::vector<std::string> out;
    for (const json& item : r.body.value("items", json::array())) {
      out.push_back(item["metadata"]["name"]);
    }
    return r.status == 200 ? out : std::vector<std::string>{"status " + std::to_string(r.status)};
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(names(std::string(kEventsBase) + "?fieldSelector=regarding.name%3Dweb"), V{"e1"});
  EXPECT_EQ(names(std::string(kEventsBase) + "?fieldSelector=regarding.name%3Dother"), V{});
  EXPECT_EQ(names(std::string(kEventsBase) +
                  "?fieldSelector=reportingController%3Dwisp.io%2Fkubelet&limit=5"),
            V{"e1"});
  EXPECT_EQ(names(std::string(kCoreBase) + "?fieldSelector=involvedObject.name%3Dweb"), V{"e1"});
  EXPECT_EQ(names(std::string(kCoreBase) + "?fieldSelector=source%3Dwisp.io%2Fkubelet"), V{"e1"});
  EXPECT_EQ(names(std::string(kEventsBase) + "?fieldSelector=involvedObject.name%3Dweb"),
            V{"status 400"});
  EXPECT_EQ(names(std::string(kCoreBase) + "?fieldSelector=regarding.name%3Dweb"), V{"status 400"});
}

TEST_F(RestTest, EventsV1TablesHaveTheEventColumns) {
  ASSERT_EQ(Call("POST", kEventsBase, kNewEvent).status, 201);
  Result table = Call("GET", kEventsBase, "", "", "application/json;as=Table;v=v1;g=meta.k8s.io");
  ASSERT_EQ(table.status, 200) << table.raw;
  EXPECT_EQ(table.body["columnDefinitions"][1]["name"], "Type");
  ASSERT_EQ(table.body["rows"].size(), 1u);
  const json& cells = table.body["rows"][0]["cells"];
  EXPECT_EQ(cells[3], "pod/web");
  EXPECT_EQ(cells[6], "pulled image");
}

TEST(StoredInVersion, ReadsTheObjectsOwnApiVersion) {
  const std::string event =
      json::parse(R"({"involvedObject":{"apiVersion":"apps/v1"},"apiVersion":"v1",
                      "action":"Pull"})")
          .dump();  // as Encode writes it: keys sorted
  EXPECT_TRUE(StoredInVersion(event, "v1"));
  EXPECT_FALSE(StoredInVersion(event, "apps/v1"));
  EXPECT_FALSE(StoredInVersion(R"({"apiVersion":"v1beta1"})", "v1"));
  EXPECT_FALSE(StoredInVersion("{}", "v1"));
}

constexpr char kHpaBase[] = "/apis/autoscaling/v2/namespaces/ns/horizontalpodautoscalers";
constexpr char kHpaV1Base[] = "/apis/autoscaling/v1/namespaces/ns/horizontalpodautoscalers";

// An autoscaling/v1 client that reads a v2 HPA and writes it back (kubectl
// edit, an old controller) loses neither the metrics v1 cannot express nor
// the behavior.
TEST_F(RestTest, HpaV1ReadModifyWriteKeepsV2Metrics) {
  Result created = Call("POST", kHpaBase, R"({"apiVersion":"autoscaling/v2",
    "kind":"HorizontalPodAutoscaler","metadata":{"name":"h"},
    "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},
      "maxReplicas":10,"metrics":[
        {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":60}}},
        {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"500Mi"}}}],
      "behavior":{"scaleDown":{"stabilizationWindowSeconds":30}}}})");
  ASSERT_EQ(created.status, 201) << created.raw;
  auto raw = etcd_.Range("/registry/horizontalpodautoscalers/ns/h", "", 0, 0);
  ASSERT_TRUE(raw.ok() && raw->kvs.size() == 1);
  EXPECT_EQ(json::parse(raw->kvs[0].value)["apiVersion"], "autoscaling/v2");

  Result v1 = Call("GET", std::string(kHpaV1Base) + "/h");
  ASSERT_EQ(v1.status, 200) << v1.raw;
  EXPECT_EQ(v1.body["apiVersion"], "autoscaling/v1");
  EXPECT_EQ(v1.body["spec"]["targetCPUUtilizationPercentage"], 60);
  EXPECT_FALSE(v1.body["spec"].contains("metrics"));
  json edited = v1.body;
  edited["spec"]["maxReplicas"] = 20;
  Result put = Call("PUT", std::string(kHpaV1Base) + "/h", edited.dump());
  ASSERT_EQ(put.status, 200) << put.raw;
  EXPECT_EQ(put.body["apiVersion"], "autoscaling/v1");

  Result v2 = Call("GET", std::string(kHpaBase) + "/h");
  ASSERT_EQ(v2.status, 200);
  EXPECT_EQ(v2.body["spec"]["maxReplicas"], 20);
  ASSERT_EQ(v2.body["spec"]["metrics"].size(), 2u);
  EXPECT_EQ(v2.body["spec"]["metrics"][0]["resource"]["name"], "memory");
  EXPECT_EQ(v2.body["spec"]["metrics"][1]["resource"]["target"]["averageUtilization"], 60);
  EXPECT_EQ(v2.body["spec"]["behavior"]["scaleDown"]["stabilizationWindowSeconds"], 30);
  EXPECT_FALSE(v2.body["metadata"].contains("annotations"));
}

TEST_F(RestTest, HpaCreatedThroughV1IsStoredAsV2) {
  Result created = Call("POST", kHpaV1Base, R"({"apiVersion":"autoscaling/v1",
    "kind":"HorizontalPodAutoscaler","metadata":{"name":"h"},
    "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},
      "maxReplicas":3,"targetCPUUtilizationPercentage":45}})");
  ASSERT_EQ(created.status, 201) << created.raw;
  EXPECT_EQ(created.body["spec"]["targetCPUUtilizationPercentage"], 45);
  EXPECT_EQ(created.body["spec"]["minReplicas"], 1);
  Result v2list = Call("GET", std::string(kHpaBase) + "?resourceVersion=0");
  ASSERT_EQ(v2list.body["items"].size(), 1u);
  EXPECT_EQ(v2list.body["items"][0]["spec"]["metrics"][0]["resource"]["target"],
            json::parse(R"({"type":"Utilization","averageUtilization":45})"));
  Result table = Call("GET", kHpaV1Base, "", "", "application/json;as=Table;v=v1;g=meta.k8s.io");
  ASSERT_EQ(table.status, 200);
  EXPECT_EQ(table.body["rows"][0]["cells"][2], "cpu: <unknown>/45%");
}

}  // namespace
}  // namespace wisp::apiserver
