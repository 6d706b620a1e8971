// ResourceQuota: the admission check and charge, and the controller's
// recomputation of status.
#include "apiserver/resource_quota.h"

#include <gtest/gtest.h>

#include "unit/apiserver/rest_fixture.h"

namespace wisp::apiserver {
namespace {

class ResourceQuotaTest : public RestTest {
 protected:
  void Quota(const std::string& name, const json& hard, const json& scopes = json()) {
    json q = {{"metadata", {{"name", name}}}, {"spec", {{"hard", hard}}}};
    if (!scopes.is_null()) q["spec"]["scopes"] = scopes;
    Result r = Call("POST", "/api/v1/namespaces/ns/resourcequotas", q.dump());
    ASSERT_EQ(r.status, 201) << r.raw;
  }
  // The controller reads the watch caches: let them catch up, then sync.
  void Sync() {
    ASSERT_TRUE(
        caches_.WaitFor(etcd_.Range("/", "", 0, 0)->revision, std::chrono::seconds(2)).ok());
    ASSERT_TRUE(SyncResourceQuotas(*rest_).ok());
  }
  json Status(const std::string& name) {
    return Call("GET", "/api/v1/namespaces/ns/resourcequotas/" + name).body["status"];
  }
  Result Pod(const std::string& name, const json& resources = json(),
             const std::string& query = "") {
    json pod = {{"metadata", {{"name", name}}},
                {"spec",
                 {{"automountServiceAccountToken", false},
                  {"containers", json::array({{{"name", "c"}, {"image", "busybox"}}})}}}};
    if (!resources.is_null()) pod["spec"]["containers"][0]["resources"] = resources;
    return Call("POST", "/api/v1/namespaces/ns/pods" + query, pod.dump());
  }
};

TEST_F(ResourceQuotaTest, ObjectCountsAreEnforcedAndGivenBackOnDelete) {
  Quota("q", {{"pods", "2"}, {"count/configmaps", "1000m"}});
  // Not yet computed by the controller: admission computes it.
  EXPECT_EQ(Pod("p1").status, 201);
  EXPECT_EQ(Pod("p2").status, 201);
  Result third = Pod("p3");
  EXPECT_EQ(third.status, 403) << third.raw;
  EXPECT_EQ(third.body["reason"], "Forbidden");
  EXPECT_EQ(third.body["message"],
            "pods \"p3\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, "
            "limited: pods=2");
  Sync();
  EXPECT_EQ(Status("q"), json::parse(R"({"hard":{"count/configmaps":"1","pods":"2"},
                            "used":{"count/configmaps":"0","pods":"2"}})"));

  ASSERT_EQ(Call("DELETE", "/api/v1/namespaces/ns/pods/p1").status, 200);  // unscheduled: gone
  Sync();
  EXPECT_EQ(Status("q")["used"]["pods"], "1");
  EXPECT_EQ(Pod("p3").status, 201);

  EXPECT_EQ(Call("POST", "/api/v1/namespaces/ns/configmaps", R"({"metadata":{"name":"a"}})").status,
            201);
  Result cm = Call("POST", "/api/v1/namespaces/ns/configmaps", R"({"metadata":{"name":"b"}})");
  EXPECT_EQ(cm.status, 403) << cm.raw;
  EXPECT_EQ(cm.body["message"],
            "configmaps \"b\" is forbidden: exceeded quota: q, requested: count/configmaps=1, "
            "used: count/configmaps=1, limited: count/configmaps=1");
  // Other namespaces and kinds are not limited.
  EXPECT_EQ(Call("POST", "/api/v1/namespaces/ns/secrets", R"({"metadata":{"name":"s"}})").status,
            201);
}

TEST_F(ResourceQuotaTest, ComputeQuotasNeedEveryContainerToStateItsResources) {
  Quota("compute", {{"requests.cpu", "1"}, {"limits.memory", "1Gi"}});
  Result bare = Pod("bare");
  EXPECT_EQ(bare.status, 403) << bare.raw;
  EXPECT_EQ(bare.body["message"],
            "pods \"bare\" is forbidden: failed quota: compute: must specify "
            "limits.memory for: c; requests.cpu for: c");
  json res = {{"requests", {{"cpu", "600m"}}}, {"limits", {{"memory", "512Mi"}}}};
  EXPECT_EQ(Pod("a", res).status, 201);
  Result b = Pod("b", res);
  EXPECT_EQ(b.status, 403) << b.raw;
  EXPECT_EQ(b.body["message"],
            "pods \"b\" is forbidden: exceeded quota: compute, requested: requests.cpu=600m, "
            "used: requests.cpu=600m, limited: requests.cpu=1");
  Result small = Pod("small", {{"requests", {{"cpu", "400m"}}}, {"limits", {{"memory", "512Mi"}}}});
  EXPECT_EQ(small.status, 201) << small.raw;
  Sync();
  EXPECT_EQ(Status("compute")["used"],
            json::parse(R"({"limits.memory":"1Gi","requests.cpu":"1"})"));
}

TEST_F(ResourceQuotaTest, ScopesSelectPods) {
  Quota("best-effort", {{"pods", "1"}}, json::array({"BestEffort"}));
  EXPECT_EQ(Pod("be1").status, 201);
  EXPECT_EQ(Pod("be2").status, 403);
  EXPECT_EQ(Pod("burstable", {{"requests", {{"memory", "10Mi"}}}}).status, 201)
      << "not BestEffort: the quota does not apply";
  // Scoped quotas only ever apply to pods.
  EXPECT_EQ(Call("POST", "/api/v1/namespaces/ns/configmaps", R"({"metadata":{"name":"a"}})").status,
            201);
  Sync();
  EXPECT_EQ(Status("best-effort")["used"]["pods"], "1");
}

TEST_F(ResourceQuotaTest, ServicesClaimsAndDryRun) {
  Quota("svc", {{"services.nodeports", "1"}, {"requests.storage", "1Gi"}, {"pods", "1"}});
  Result np = Call("POST", "/api/v1/namespaces/ns/services", R"({"metadata":{"name":"np"},
      "spec":{"type":"NodePort","ports":[{"name":"a","port":80},{"name":"b","port":81}]}})");
  EXPECT_EQ(np.status, 403) << np.raw;
  EXPECT_EQ(np.body["message"],
            "services \"np\" is forbidden: exceeded quota: svc, requested: services.nodeports=2, "
            "used: services.nodeports=0, limited: services.nodeports=1");
  EXPECT_EQ(
      Call(
          "POST", "/api/v1/namespaces/ns/services",
          R"({"metadata":{"name":"ip"},"spec":{"ports":[{"name":"a","port":80},{"name":"b","port":81}]}})")
          .status,
      201)
      << "ClusterIP services use no node ports";
  // An update that adds usage is checked too: the type change would take two.
  Result retype = Call("PATCH", "/api/v1/namespaces/ns/services/ip",
                       R"({"spec":{"type":"NodePort"}})", "application/merge-patch+json");
  EXPECT_EQ(retype.status, 403) << retype.raw;
  EXPECT_NE(retype.body.value("message", "")
                .find("exceeded quota: svc, requested: "
                      "services.nodeports=2"),
            std::string::npos)
      << retype.raw;
  Result big = Call("POST", "/api/v1/namespaces/ns/persistentvolumeclaims",
                    R"({"metadata":{"name":"big"},"spec":{"accessModes":["ReadWriteOnce"],
                        "resources":{"requests":{"storage":"2Gi"}}}})");
  EXPECT_EQ(big.status, 403) << big.raw;
  // A dry run is checked but not charged (it needs the service account).
  ASSERT_EQ(
      Call("POST", "/api/v1/namespaces/ns/serviceaccounts", R"({"metadata":{"name":"default"}})")
          .status,
      201);
  Result dry = Pod("dry", json(), "?dryRun=All");
  EXPECT_EQ(dry.status, 201) << dry.raw;
  EXPECT_EQ(Pod("real").status, 201);
}

TEST_F(ResourceQuotaTest, UsageOfOneObject) {
  const api::ResourceInfo* pods = registry_->Find("", "v1", "pods");
  ASSERT_NE(pods, nullptr);
  json pod = json::parse(R"({"spec":{
      "containers":[{"name":"a","resources":{"requests":{"cpu":"100m","memory":"64Mi"},
                                             "limits":{"cpu":"1"}}},
                    {"name":"b","resources":{"requests":{"cpu":"200m","example.com/gpu":"1"}}}],
      "initContainers":[{"name":"i","resources":{"requests":{"cpu":"500m"}}}],
      "overhead":{"cpu":"10m"}}})");
  QuotaUsage u = ObjectQuotaUsage(*pods, pod, std::chrono::system_clock::now());
  EXPECT_EQ(FormatResourceList(u),
            json::parse(R"({"count/pods":"1","cpu":"510m","limits.cpu":"1010m","memory":"64Mi",
                            "pods":"1","requests.cpu":"510m","requests.example.com/gpu":"1",
                            "requests.memory":"64Mi"})"));
  // Restartable (sidecar) init containers keep running beside the rest.
  json sidecar = json::parse(R"({"spec":{
      "containers":[{"name":"a","resources":{"requests":{"cpu":"100m"}}}],
      "initContainers":[{"name":"s","restartPolicy":"Always","resources":{"requests":{"cpu":"200m"}}},
                        {"name":"i","resources":{"requests":{"cpu":"250m"}}}]}})");
  EXPECT_EQ(FormatResourceList(ObjectQuotaUsage(*pods, sidecar, std::chrono::system_clock::now()))
                .value("requests.cpu", ""),
            "450m")
      << "max(100m + 200m, 200m + 250m)";
  pod["status"]["phase"] = "Succeeded";
  EXPECT_EQ(FormatResourceList(ObjectQuotaUsage(*pods, pod, std::chrono::system_clock::now())),
            json::parse(R"({"count/pods":"1"})"))
      << "a finished pod only counts as an object";
}

}  // namespace
}  // namespace wisp::apiserver
