// Cascading deletion: DELETE's propagation policies and the garbage
// collector's passes over ownerReferences.
#include "apiserver/garbage_collector.h"

#include <gtest/gtest.h>

#include <map>

#include "apiserver/bootstrap.h"
#include "apiserver/namespace_finalizer.h"
#include "unit/apiserver/rest_fixture.h"

namespace wisp::apiserver {
namespace {

class GarbageCollectorTest : public RestTest {
 protected:
  // The collector reads the watch caches: let them catch up, then run a pass.
  GarbageCollector::PassResult Pass() {
    EXPECT_TRUE(
        caches_.WaitFor(etcd_.Range("/", "", 0, 0)->revision, std::chrono::seconds(2)).ok());
    if (!gc_) gc_ = std::make_unique<GarbageCollector>(*rest_, caches_);
    GarbageCollector::PassResult r = gc_->Pass();
    EXPECT_TRUE(r.error.ok()) << r.error;
    return r;
  }
  // Runs passes until one changes nothing (at most `limit`).
  void Settle(int limit = 5) {
    for (int i = 0; i < limit; ++i) {
      if (Pass().writes == 0) return;
    }
  }

  // A ConfigMap, returning its uid.
  std::string MakeConfigMap(const std::string& ns, const std::string& name,
                            const json& owners = json::array(),
                            const json& finalizers = json::array()) {
    json obj = {{"metadata", {{"name", name}}}, {"data", {{"k", "v"}}}};
    if (!owners.empty()) obj["metadata"]["ownerReferences"] = owners;
    if (!finalizers.empty()) obj["metadata"]["finalizers"] = finalizers;
    Result r = Call("POST", "/api/v1/namespaces/" + ns + "/configmaps", obj.dump());
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body["metadata"].value("uid", "");
  }
  static json Ref(const std::string& kind, const std::string& name, const std::string& uid,
                  bool block = false, const std::string& api_version = "v1") {
    json ref = {{"apiVersion", api_version}, {"kind", kind}, {"name", name}, {"uid", uid}};
    if (block) ref["blockOwnerDeletion"] = true;
    return ref;
  }
  Result GetConfigMap(const std::string& name, const std::string& ns = "ns") {
    return Call("GET", "/api/v1/namespaces/" + ns + "/configmaps/" + name);
  }

  std::unique_ptr<GarbageCollector> gc_;
};

TEST_F(GarbageCollectorTest, BackgroundDeletesDependentsOnceTheOwnerIsGone) {
  std::string owner = MakeConfigMap("ns", "owner");
  MakeConfigMap("ns", "dep", json::array({Ref("ConfigMap", "owner", owner)}));
  MakeConfigMap("ns", "unrelated");
  Settle();
  EXPECT_EQ(GetConfigMap("dep").status, 200) << "its owner lives";

  Result del = Call("DELETE", "/api/v1/namespaces/ns/configmaps/owner");
  ASSERT_EQ(del.status, 200) << del.raw;
  EXPECT_EQ(del.body["status"], "Success");
  EXPECT_EQ(GetConfigMap("owner").status, 404) << "Background: the owner goes at once";
  Settle();
  EXPECT_EQ(GetConfigMap("dep").status, 404);
  EXPECT_EQ(GetConfigMap("unrelated").status, 200);
}

TEST_F(GarbageCollectorTest, ADependentWithALiveOwnerOnlyLosesTheDeadReference) {
  std::string a = MakeConfigMap("ns", "a");
  std::string b = MakeConfigMap("ns", "b");
  MakeConfigMap("ns", "dep", json::array({Ref("ConfigMap", "a", a), Ref("ConfigMap", "b", b)}));
  ASSERT_EQ(Call("DELETE", "/api/v1/namespaces/ns/configmaps/a").status, 200);
  Settle();
  Result dep = GetConfigMap("dep");
  ASSERT_EQ(dep.status, 200) << "b still owns it";
  EXPECT_EQ(dep.body["metadata"]["ownerReferences"], json::array({Ref("ConfigMap", "b", b)}));
}

TEST_F(GarbageCollectorTest, OwnersCountOnlyWithTheReferencedUidInTheDependentsNamespace) {
  ASSERT_EQ(Call("POST", "/api/v1/namespaces", R"({"metadata":{"name":"other"}})").status, 201);
  std::string owner = MakeConfigMap("ns", "owner");
  // Same name, another object: the reference names a uid that no longer exists.
  MakeConfigMap("ns", "stale", json::array({Ref("ConfigMap", "owner", "0000-not-the-owner")}));
  // A namespaced owner is looked for in the dependent's namespace.
  MakeConfigMap("other", "elsewhere", json::array({Ref("ConfigMap", "owner", owner)}));
  // A kind this server does not serve cannot be resolved: left alone.
  MakeConfigMap("ns", "unknown",
                json::array({Ref("Widget", "w", "1234", false, "example.com/v1")}));
  Settle();
  EXPECT_EQ(GetConfigMap("stale").status, 404);
  EXPECT_EQ(GetConfigMap("elsewhere", "other").status, 404);
  EXPECT_EQ(GetConfigMap("unknown").status, 200);
  EXPECT_EQ(GetConfigMap("owner").status, 200);
}

TEST_F(GarbageCollectorTest, ClusterScopedOwnersOwnNamespacedDependents) {
  Result pc = Call("POST", "/apis/scheduling.k8s.io/v1/priorityclasses",
                   R"({"metadata":{"name":"owner-pc"},"value":10})");
  ASSERT_EQ(pc.status, 201) << pc.raw;
  std::string uid = pc.body["metadata"]["uid"];
  MakeConfigMap(
      "ns", "dep",
      json::array({Ref("PriorityClass", "owner-pc", uid, false, "scheduling.k8s.io/v1")}));
  // A cluster-scoped object cannot have a namespaced owner: left alone.
  std::string cm = MakeConfigMap("ns", "cm");
  Result ns2 = Call("POST", "/api/v1/namespaces",
                    json({{"metadata",
                           {{"name", "owned-ns"},
                            {"ownerReferences", json::array({Ref("ConfigMap", "cm", cm)})}}}})
                        .dump());
  ASSERT_EQ(ns2.status, 201) << ns2.raw;
  Settle();
  EXPECT_EQ(GetConfigMap("dep").status, 200);
  ASSERT_EQ(Call("DELETE", "/apis/scheduling.k8s.io/v1/priorityclasses/owner-pc").status, 200);
  ASSERT_EQ(Call("DELETE", "/api/v1/namespaces/ns/configmaps/cm").status, 200);
  Settle();
  EXPECT_EQ(GetConfigMap("dep").status, 404);
  Result kept = Call("GET", "/api/v1/namespaces/owned-ns");
  EXPECT_EQ(kept.status, 200);
  EXPECT_FALSE(kept.body["metadata"].contains("deletionTimestamp"));
}

TEST_F(GarbageCollectorTest, OrphanKeepsDependentsAndDropsTheirReferences) {
  std::string owner = MakeConfigMap("ns", "owner");
  std::string other = MakeConfigMap("ns", "other");
  MakeConfigMap("ns", "dep1", json::array({Ref("ConfigMap", "owner", owner, true)}));
  MakeConfigMap("ns", "dep2",
                json::array({Ref("ConfigMap", "owner", owner), Ref("ConfigMap", "other", other)}));
  Result del = Call("DELETE", "/api/v1/namespaces/ns/configmaps/owner",
                    R"({"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Orphan"})");
  ASSERT_EQ(del.status, 200) << del.raw;
  EXPECT_EQ(del.body["metadata"]["finalizers"], json::array({"orphan"}));
  EXPECT_TRUE(del.body["metadata"].contains("deletionTimestamp"));
  EXPECT_EQ(del.body["metadata"]["deletionGracePeriodSeconds"], 0);
  Settle();
  EXPECT_EQ(GetConfigMap("owner").status, 404) << "the finalizer is removed once orphaned";
  Result dep1 = GetConfigMap("dep1");
  ASSERT_EQ(dep1.status, 200);
  EXPECT_FALSE(dep1.body["metadata"].contains("ownerReferences")) << dep1.raw;
  Result dep2 = GetConfigMap("dep2");
  ASSERT_EQ(dep2.status, 200);
  EXPECT_EQ(dep2.body["metadata"]["ownerReferences"],
            json::array({Ref("ConfigMap", "other", other)}));
}

TEST_F(GarbageCollectorTest, ForegroundDeletesDependentsBeforeTheOwner) {
  std::string owner = MakeConfigMap("ns", "owner");
  std::string middle =
      MakeConfigMap("ns", "middle", json::array({Ref("ConfigMap", "owner", owner, true)}));
  MakeConfigMap("ns", "leaf", json::array({Ref("ConfigMap", "middle", middle, true)}));
  Result del =
      Call("DELETE", "/api/v1/namespaces/ns/configmaps/owner?propagationPolicy=Foreground");
  ASSERT_EQ(del.status, 200) << del.raw;
  EXPECT_EQ(del.body["metadata"]["finalizers"], json::array({"foregroundDeletion"}));

  // First pass: the owner waits on `middle`, which has a dependent of its
  // own and so is deleted in the foreground too.
  Pass();
  Result owner_now = GetConfigMap("owner");
  ASSERT_EQ(owner_now.status, 200) << "blocked by its dependents";
  Result middle_now = GetConfigMap("middle");
  ASSERT_EQ(middle_now.status, 200);
  EXPECT_EQ(middle_now.body["metadata"]["finalizers"], json::array({"foregroundDeletion"}));
  EXPECT_TRUE(middle_now.body["metadata"].contains("deletionTimestamp"));

  Settle();
  EXPECT_EQ(GetConfigMap("leaf").status, 404);
  EXPECT_EQ(GetConfigMap("middle").status, 404);
  EXPECT_EQ(GetConfigMap("owner").status, 404);
}

TEST_F(GarbageCollectorTest, ForegroundWaitsForAGracefullyDeletedPod) {
  std::string owner = MakeConfigMap("ns", "owner");
  json pod = json::parse(R"({"metadata":{"name":"p"},
      "spec":{"nodeName":"n1","automountServiceAccountToken":false,
              "containers":[{"name":"c","image":"busybox"}]}})");
  pod["metadata"]["ownerReferences"] = json::array({Ref("ConfigMap", "owner", owner, true)});
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/pods", pod.dump()).status, 201);
  ASSERT_EQ(
      Call("DELETE", "/api/v1/namespaces/ns/configmaps/owner?propagationPolicy=Foreground").status,
      200);
  Settle();
  Result p = Call("GET", "/api/v1/namespaces/ns/pods/p");
  ASSERT_EQ(p.status, 200) << "a scheduled pod terminates gracefully";
  EXPECT_EQ(p.body["metadata"]["deletionGracePeriodSeconds"], 30);
  EXPECT_EQ(GetConfigMap("owner").status, 200) << "the owner waits for it";
  EXPECT_EQ(Pass().writes, 0) << "nothing to do while the pod terminates";
  ASSERT_EQ(Call("DELETE", "/api/v1/namespaces/ns/pods/p?gracePeriodSeconds=0").status, 200);
  Settle();
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/pods/p").status, 404);
  EXPECT_EQ(GetConfigMap("owner").status, 404);
}

TEST_F(GarbageCollectorTest, ForegroundDoesNotWaitForNonBlockingDependents) {
  std::string owner = MakeConfigMap("ns", "owner");
  MakeConfigMap("ns", "dep", json::array({Ref("ConfigMap", "owner", owner)}),
                json::array({"example.com/hold"}));
  ASSERT_EQ(
      Call("DELETE", "/api/v1/namespaces/ns/configmaps/owner?propagationPolicy=Foreground").status,
      200);
  Settle();
  EXPECT_EQ(GetConfigMap("owner").status, 404);
  Result dep = GetConfigMap("dep");
  ASSERT_EQ(dep.status, 200) << "held by its own finalizer";
  EXPECT_TRUE(dep.body["metadata"].contains("deletionTimestamp"));
}

TEST_F(GarbageCollectorTest, DefaultPoliciesAndDeleteOptionsAsUpstream) {
  // batch/v1 Jobs (and core/v1 ReplicationControllers) orphan by default.
  Result job = Call("POST", "/apis/batch/v1/namespaces/ns/jobs", R"({"metadata":{"name":"j"},
      "spec":{"template":{"spec":{"restartPolicy":"Never",
        "containers":[{"name":"c","image":"busybox"}]}}}})");
  ASSERT_EQ(job.status, 201) << job.raw;
  Result del = Call("DELETE", "/apis/batch/v1/namespaces/ns/jobs/j");
  ASSERT_EQ(del.status, 200) << del.raw;
  EXPECT_EQ(del.body["metadata"]["finalizers"], json::array({"orphan"}));
  EXPECT_EQ(del.body["metadata"]["generation"], job.body["metadata"]["generation"].get<int>() + 1)
      << "deletion bumps the generation";
  Settle();
  EXPECT_EQ(Call("GET", "/apis/batch/v1/namespaces/ns/jobs/j").status, 404);

  // orphanDependents=false is Background; 202 when the object stays.
  MakeConfigMap("ns", "held", json::array(), json::array({"example.com/hold"}));
  Result held =
      Call("DELETE", "/api/v1/namespaces/ns/configmaps/held", R"({"orphanDependents":false})");
  EXPECT_EQ(held.status, 202) << held.raw;
  EXPECT_EQ(held.body["metadata"]["finalizers"], json::array({"example.com/hold"}));
  // The deprecated option and the policy together are refused.
  Result both = Call("DELETE", "/api/v1/namespaces/ns/configmaps/held",
                     R"({"orphanDependents":true,"propagationPolicy":"Background"})");
  EXPECT_EQ(both.status, 422) << both.raw;
  EXPECT_EQ(both.body["message"],
            "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Invalid value: "
            "\"Background\": orphanDependents and deletionPropagation cannot be both set");
  Result bad = Call("DELETE", "/api/v1/namespaces/ns/configmaps/held?propagationPolicy=Sideways");
  EXPECT_EQ(bad.status, 422) << bad.raw;
  EXPECT_EQ(bad.body["message"],
            "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: "
            "\"Sideways\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"");
  // A second delete of an object held by finalizers may switch the policy.
  Result orphan = Call("DELETE", "/api/v1/namespaces/ns/configmaps/held?propagationPolicy=Orphan");
  ASSERT_EQ(orphan.status, 200) << orphan.raw;
  EXPECT_EQ(orphan.body["metadata"]["finalizers"], json::array({"example.com/hold", "orphan"}));
  // Dry-run marks nothing.
  MakeConfigMap("ns", "dry");
  Result dry =
      Call("DELETE", "/api/v1/namespaces/ns/configmaps/dry?dryRun=All&propagationPolicy=Orphan");
  ASSERT_EQ(dry.status, 200) << dry.raw;
  Result still = GetConfigMap("dry");
  ASSERT_EQ(still.status, 200);
  EXPECT_FALSE(still.body["metadata"].contains("deletionTimestamp"));
}

TEST_F(GarbageCollectorTest, DeleteCollectionHonoursThePolicy) {
  std::string owner = MakeConfigMap("ns", "owner");
  MakeConfigMap("ns", "dep", json::array({Ref("ConfigMap", "owner", owner)}));
  Result del = Call("DELETE",
                    "/api/v1/namespaces/ns/configmaps?fieldSelector=metadata.name%3Downer"
                    "&propagationPolicy=Orphan");
  ASSERT_EQ(del.status, 200) << del.raw;
  ASSERT_EQ(del.body["items"].size(), 1u);
  EXPECT_EQ(del.body["items"][0]["metadata"]["finalizers"], json::array({"orphan"}));
  Settle();
  EXPECT_EQ(GetConfigMap("owner").status, 404);
  Result dep = GetConfigMap("dep");
  ASSERT_EQ(dep.status, 200);
  EXPECT_FALSE(dep.body["metadata"].contains("ownerReferences"));
}

TEST_F(GarbageCollectorTest, AnOwnershipCycleIsDeletedInTheForeground) {
  std::string a = MakeConfigMap("ns", "a");
  std::string b = MakeConfigMap("ns", "b", json::array({Ref("ConfigMap", "a", a, true)}));
  Result patched = Call(
      "PATCH", "/api/v1/namespaces/ns/configmaps/a",
      json({{"metadata", {{"ownerReferences", json::array({Ref("ConfigMap", "b", b, true)})}}}})
          .dump(),
      "application/merge-patch+json");
  ASSERT_EQ(patched.status, 200) << patched.raw;
  ASSERT_EQ(
      Call("DELETE", "/api/v1/namespaces/ns/configmaps/a?propagationPolicy=Foreground").status,
      200);
  Settle(10);
  EXPECT_EQ(GetConfigMap("a").status, 404);
  EXPECT_EQ(GetConfigMap("b").status, 404);
}

TEST_F(GarbageCollectorTest, ANamespaceDeletedInTheForegroundIsEmptiedFirst) {
  ASSERT_EQ(Call("POST", "/api/v1/namespaces", R"({"metadata":{"name":"doomed"}})").status, 201);
  MakeConfigMap("doomed", "content");
  for (const char* policy : {"Foreground", "Orphan"}) {
    Result del =
        Call("DELETE", std::string("/api/v1/namespaces/doomed?propagationPolicy=") + policy);
    ASSERT_EQ(del.status, 200) << del.raw;
  }
  Settle();
  Result ns = Call("GET", "/api/v1/namespaces/doomed");
  ASSERT_EQ(ns.status, 200) << "its content is still there";
  EXPECT_EQ(ns.body["status"]["phase"], "Terminating");
  // As upstream's namespace delete: a timestamp, no grace period.
  EXPECT_TRUE(ns.body["metadata"].contains("deletionTimestamp"));
  EXPECT_FALSE(ns.body["metadata"].contains("deletionGracePeriodSeconds"));
  for (int i = 0; i < 5 && Call("GET", "/api/v1/namespaces/doomed").status == 200; ++i) {
    ASSERT_TRUE(
        caches_.WaitFor(etcd_.Range("/", "", 0, 0)->revision, std::chrono::seconds(2)).ok());
    ASSERT_TRUE(FinalizeNamespaces(*rest_).ok());
    Settle();
  }
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/doomed").status, 404);
  EXPECT_EQ(GetConfigMap("content", "doomed").status, 404);
  // The cluster's own namespaces are never collected.
  ASSERT_EQ(Call("POST", "/api/v1/namespaces",
                 json({{"metadata",
                        {{"name", "kube-public"},
                         {"ownerReferences", json::array({Ref("ConfigMap", "x", "gone")})}}}})
                     .dump())
                .status,
            201);
  Settle();
  EXPECT_FALSE(
      Call("GET", "/api/v1/namespaces/kube-public").body["metadata"].contains("deletionTimestamp"));
}

TEST_F(GarbageCollectorTest, ATerminatingNamespaceReportsWhatRemainsInItsConditions) {
  ASSERT_EQ(Call("POST", "/api/v1/namespaces", R"({"metadata":{"name":"held"}})").status, 201);
  MakeConfigMap("held", "kept", json::array(), json::array({"example.com/hold"}));
  MakeConfigMap("held", "plain");
  ASSERT_EQ(Call("DELETE", "/api/v1/namespaces/held").status, 200);
  auto pass = [&] {
    ASSERT_TRUE(
        caches_.WaitFor(etcd_.Range("/", "", 0, 0)->revision, std::chrono::seconds(2)).ok());
    ASSERT_TRUE(FinalizeNamespaces(*rest_).ok());
  };
  pass();
  pass();
  Result ns = Call("GET", "/api/v1/namespaces/held");
  ASSERT_EQ(ns.status, 200);
  std::map<std::string, json> conditions;
  for (const json& c : ns.body["status"]["conditions"]) conditions[c["type"]] = c;
  ASSERT_EQ(conditions.size(), 5u) << ns.raw;
  EXPECT_EQ(conditions["NamespaceContentRemaining"]["status"], "True");
  EXPECT_EQ(conditions["NamespaceContentRemaining"]["message"],
            "Some resources are remaining: configmaps. has 1 resource instances");
  EXPECT_EQ(conditions["NamespaceFinalizersRemaining"]["reason"], "SomeFinalizersRemain");
  EXPECT_EQ(conditions["NamespaceFinalizersRemaining"]["message"],
            "Some content in the namespace has finalizers remaining: example.com/hold in 1 "
            "resource instances");
  EXPECT_EQ(conditions["NamespaceDeletionDiscoveryFailure"]["status"], "False");
  EXPECT_EQ(GetConfigMap("plain", "held").status, 404);
  // Releasing the finalizer lets the namespace go.
  Result kept = GetConfigMap("kept", "held");
  kept.body["metadata"].erase("finalizers");
  ASSERT_EQ(Call("PUT", "/api/v1/namespaces/held/configmaps/kept", kept.body.dump()).status, 200);
  for (int i = 0; i < 3 && Call("GET", "/api/v1/namespaces/held").status == 200; ++i) pass();
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/held").status, 404);
}

TEST(NamespaceConditions, KeepTransitionTimesOfUnchangedConditions) {
  RemainingContent some;
  some.resources["pods."] = 2;
  json first = DeletionConditions(json(), some, "2026-01-01T00:00:00Z");
  ASSERT_EQ(first.size(), 5u);
  json second = DeletionConditions(first, RemainingContent{}, "2026-01-02T00:00:00Z");
  EXPECT_EQ(second[0]["lastTransitionTime"], "2026-01-01T00:00:00Z");
  EXPECT_EQ(second[3]["type"], "NamespaceContentRemaining");
  EXPECT_EQ(second[3]["status"], "False");
  EXPECT_EQ(second[3]["reason"], "ContentRemoved");
  EXPECT_EQ(second[3]["lastTransitionTime"], "2026-01-02T00:00:00Z");
}

TEST_F(GarbageCollectorTest, EventsTakeNoCollectorFinalizersAndQueryOptionsParseAsUpstream) {
  Result ev = Call("POST", "/api/v1/namespaces/ns/events",
                   R"({"metadata":{"name":"e"},"involvedObject":{"kind":"Pod","name":"p",
                       "namespace":"ns"},"reason":"R","message":"m"})");
  ASSERT_EQ(ev.status, 201) << ev.raw;
  Result del = Call("DELETE", "/api/v1/namespaces/ns/events/e?propagationPolicy=Orphan");
  ASSERT_EQ(del.status, 200) << del.raw;
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/events/e").status, 404);

  // orphanDependents in the query: "0" or "false" in any case is false,
  // anything else true.
  MakeConfigMap("ns", "x", json::array(), json::array({"example.com/hold"}));
  Result f = Call("DELETE", "/api/v1/namespaces/ns/configmaps/x?orphanDependents=False");
  ASSERT_EQ(f.status, 202) << f.raw;
  EXPECT_EQ(f.body["metadata"]["finalizers"], json::array({"example.com/hold"}));
  Result again = Call("DELETE", "/api/v1/namespaces/ns/configmaps/x?orphanDependents=0");
  EXPECT_EQ(again.status, 202) << "still there, dependents asked to go";
  Result t = Call("DELETE", "/api/v1/namespaces/ns/configmaps/x?orphanDependents=yes");
  ASSERT_EQ(t.status, 200) << t.raw;
  EXPECT_EQ(t.body["metadata"]["finalizers"], json::array({"example.com/hold", "orphan"}));
  Result both = Call(
      "DELETE", "/api/v1/namespaces/ns/configmaps/x?orphanDependents=true&propagationPolicy=Up");
  EXPECT_EQ(both.status, 422);
  EXPECT_EQ(both.body["details"]["causes"].size(), 2u) << both.raw;
}

TEST_F(GarbageCollectorTest, AForceDeletedPodGoesWhenItsLastFinalizerIs) {
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/pods", R"({"metadata":{"name":"p",
      "finalizers":["example.com/hold"]},"spec":{"nodeName":"n1",
      "automountServiceAccountToken":false,"containers":[{"name":"c","image":"busybox"}]}})")
                .status,
            201);
  Result del = Call("DELETE", "/api/v1/namespaces/ns/pods/p?gracePeriodSeconds=0");
  ASSERT_EQ(del.status, 200) << del.raw;
  EXPECT_EQ(del.body["metadata"]["deletionGracePeriodSeconds"], 0);
  Result patched = Call("PATCH", "/api/v1/namespaces/ns/pods/p",
                        R"({"metadata":{"finalizers":null}})", "application/merge-patch+json");
  ASSERT_EQ(patched.status, 200) << patched.raw;
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/pods/p").status, 404);
}

TEST_F(GarbageCollectorTest, DuplicateOwnerReferencesAreDroppedWithAWarning) {
  std::string owner = MakeConfigMap("ns", "owner");
  json obj = {{"metadata",
               {{"name", "dup"},
                {"ownerReferences", json::array({Ref("ConfigMap", "owner", owner),
                                                 Ref("ConfigMap", "owner", owner)})}}}};
  Result r = Call("POST", "/api/v1/namespaces/ns/configmaps", obj.dump());
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body["metadata"]["ownerReferences"].size(), 1u);
}

}  // namespace
}  // namespace wisp::apiserver
