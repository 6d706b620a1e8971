// Admission that reads other objects: ServiceAccount and Priority.
#include <gtest/gtest.h>

#include "unit/apiserver/rest_fixture.h"

namespace wisp::apiserver {
namespace {

constexpr char kPods[] = "/api/v1/namespaces/ns/pods";

json Pod(const std::string& name) {
  return {{"metadata", {{"name", name}}},
          {"spec",
           {{"initContainers", json::array({{{"name", "init"}, {"image", "busybox"}}})},
            {"containers", json::array({{{"name", "c"}, {"image", "busybox"}}})}}}};
}

TEST_F(RestTest, PodsRunAsTheDefaultServiceAccountWithItsToken) {
  Result r = Call("POST", kPods, Pod("p").dump());
  ASSERT_EQ(r.status, 201) << r.raw;
  const json& spec = r.body["spec"];
  EXPECT_EQ(spec["serviceAccountName"], "default");
  EXPECT_EQ(spec["serviceAccount"], "default");
  ASSERT_EQ(spec["volumes"].size(), 1u);
  const json& volume = spec["volumes"][0];
  const std::string name = volume["name"];
  EXPECT_EQ(name.rfind("kube-api-access-", 0), 0u);
  EXPECT_EQ(name.size(), std::string("kube-api-access-").size() + 5);
  EXPECT_EQ(volume["projected"], json::parse(R"({"defaultMode":420,"sources":[
      {"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},
      {"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},
      {"downwardAPI":{"items":[{"path":"namespace",
        "fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}]})"));
  for (const char* list : {"containers", "initContainers"}) {
    EXPECT_EQ(spec[list][0]["volumeMounts"],
              json::array({{{"name", name},
                            {"readOnly", true},
                            {"mountPath", "/var/run/secrets/kubernetes.io/serviceaccount"}}}))
        << list;
  }
  // The default account exists now (made on demand if housekeeping had not yet).
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/serviceaccounts/default").status, 200);
}

TEST_F(RestTest, NewNodesAreTaintedNotReadyOnce) {
  Result r = Call("POST", "/api/v1/nodes", R"({"metadata":{"name":"n1"}})");
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body["spec"]["taints"],
            json::parse(R"([{"key":"node.kubernetes.io/not-ready","effect":"NoSchedule"}])"));
  r = Call("POST", "/api/v1/nodes", R"({"metadata":{"name":"n2"},"spec":{"taints":[
      {"key":"a","effect":"NoExecute"},
      {"key":"node.kubernetes.io/not-ready","value":"x","effect":"NoSchedule"}]}})");
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body["spec"]["taints"].size(), 2u);
  // Only a create: an update that drops the taint keeps it dropped.
  r = Call("PUT", "/api/v1/nodes/n1", R"({"metadata":{"name":"n1"},"spec":{}})");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_FALSE(r.body["spec"].contains("taints")) << r.raw;
}

TEST_F(RestTest, RuntimeClassesMustExistAndBringOverheadAndScheduling) {
  json pod = Pod("p");
  pod["spec"]["runtimeClassName"] = "nope";
  Result missing = Call("POST", kPods, pod.dump());
  EXPECT_EQ(missing.status, 403);
  EXPECT_EQ(missing.body["message"],
            "pods \"p\" is forbidden: pod rejected: RuntimeClass \"nope\" not found");
  ASSERT_EQ(Call("POST", "/apis/node.k8s.io/v1/runtimeclasses", R"({"metadata":{"name":"kata"},
      "handler":"kata","overhead":{"podFixed":{"cpu":"250m","memory":"120Mi"}},
      "scheduling":{"nodeSelector":{"runtime":"kata"},
        "tolerations":[{"key":"kata","operator":"Exists","effect":"NoSchedule"}]}})")
                .status,
            201);
  pod["spec"]["runtimeClassName"] = "kata";
  Result ok = Call("POST", kPods, pod.dump());
  ASSERT_EQ(ok.status, 201) << ok.raw;
  EXPECT_EQ(ok.body["spec"]["overhead"], json::parse(R"({"cpu":"250m","memory":"120Mi"})"));
  EXPECT_EQ(ok.body["spec"]["nodeSelector"], json::parse(R"({"runtime":"kata"})"));
  // After DefaultTolerationSeconds' two, as upstream's plugin order has it.
  EXPECT_EQ(ok.body["spec"]["tolerations"], json::parse(R"([
      {"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute",
       "tolerationSeconds":300},
      {"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute",
       "tolerationSeconds":300},
      {"key":"kata","operator":"Exists","effect":"NoSchedule"}])"));
  // A pod toleration covering the class's (any effect) keeps the class's out;
  // one the class's covers is dropped for it.
  json wide = Pod("w");
  wide["spec"]["runtimeClassName"] = "kata";
  wide["spec"]["tolerations"] = json::parse(R"([{"key":"kata","operator":"Exists"}])");
  Result merged = Call("POST", kPods, wide.dump());
  ASSERT_EQ(merged.status, 201) << merged.raw;
  EXPECT_EQ(merged.body["spec"]["tolerations"].size(), 3u) << merged.raw;
  EXPECT_EQ(merged.body["spec"]["tolerations"][0],
            json::parse(R"({"key":"kata","operator":"Exists"})"));
  json narrow = Pod("n");
  narrow["spec"]["runtimeClassName"] = "kata";
  narrow["spec"]["tolerations"] =
      json::parse(R"([{"key":"kata","operator":"Equal","value":"v","effect":"NoSchedule"}])");
  merged = Call("POST", kPods, narrow.dump());
  ASSERT_EQ(merged.status, 201) << merged.raw;
  EXPECT_EQ(merged.body["spec"]["tolerations"].back(),
            json::parse(R"({"key":"kata","operator":"Exists","effect":"NoSchedule"})"));
  EXPECT_EQ(merged.body["spec"]["tolerations"].size(), 3u) << merged.raw;
  json conflict = Pod("q");
  conflict["spec"]["runtimeClassName"] = "kata";
  conflict["spec"]["nodeSelector"] = {{"runtime", "runc"}};
  Result clash = Call("POST", kPods, conflict.dump());
  EXPECT_EQ(clash.status, 403);
  EXPECT_EQ(clash.body["message"],
            "pods \"q\" is forbidden: conflict: "
            "runtimeClass.scheduling.nodeSelector[runtime] = kata; "
            "pod.spec.nodeSelector[runtime] = runc");
  json overhead = Pod("r");
  overhead["spec"]["overhead"] = {{"cpu", "1"}};
  Result lone = Call("POST", kPods, overhead.dump());
  EXPECT_EQ(lone.status, 403);
  EXPECT_EQ(lone.body["message"],
            "pods \"r\" is forbidden: pod rejected: Pod Overhead set without corresponding "
            "RuntimeClass defined Overhead");
}

TEST_F(RestTest, ServiceAccountsMustExistAndMayOptOutOfTokens) {
  json pod = Pod("p");
  pod["spec"]["serviceAccountName"] = "nosa";
  Result missing = Call("POST", kPods, pod.dump());
  EXPECT_EQ(missing.status, 403);
  EXPECT_EQ(missing.body["message"],
            "pods \"p\" is forbidden: error looking up service account ns/nosa: serviceaccount "
            "\"nosa\" not found");
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/serviceaccounts",
                 R"({"metadata":{"name":"quiet"},"automountServiceAccountToken":false})")
                .status,
            201);
  pod["spec"]["serviceAccountName"] = "quiet";
  Result quiet = Call("POST", kPods, pod.dump());
  ASSERT_EQ(quiet.status, 201) << quiet.raw;
  EXPECT_FALSE(quiet.body["spec"].contains("volumes"));
  // The pod's own setting wins over the account's.
  json loud = Pod("loud");
  loud["spec"]["serviceAccountName"] = "quiet";
  loud["spec"]["automountServiceAccountToken"] = true;
  Result mounted = Call("POST", kPods, loud.dump());
  ASSERT_EQ(mounted.status, 201);
  EXPECT_EQ(mounted.body["spec"]["volumes"].size(), 1u);
  // Something already at the token path keeps it.
  json own = Pod("own");
  own["spec"]["volumes"] = json::array({{{"name", "mine"}, {"emptyDir", json::object()}}});
  own["spec"]["containers"][0]["volumeMounts"] = json::array(
      {{{"name", "mine"}, {"mountPath", "/var/run/secrets/kubernetes.io/serviceaccount"}}});
  Result kept = Call("POST", kPods, own.dump());
  ASSERT_EQ(kept.status, 201) << kept.raw;
  EXPECT_EQ(kept.body["spec"]["containers"][0]["volumeMounts"].size(), 1u);
  EXPECT_EQ(kept.body["spec"]["initContainers"][0]["volumeMounts"].size(), 1u);
  EXPECT_EQ(kept.body["spec"]["volumes"].size(), 2u);
}

TEST_F(RestTest, PriorityClassesResolveToPriorities) {
  ASSERT_EQ(Call("POST", "/apis/scheduling.k8s.io/v1/priorityclasses",
                 R"({"metadata":{"name":"hi"},"value":1000,"preemptionPolicy":"Never"})")
                .status,
            201);
  json pod = Pod("p");
  pod["spec"]["priorityClassName"] = "hi";
  Result r = Call("POST", kPods, pod.dump());
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body["spec"]["priority"], 1000);
  EXPECT_EQ(r.body["spec"]["preemptionPolicy"], "Never");
  json nope = Pod("nope");
  nope["spec"]["priorityClassName"] = "nope";
  Result refused = Call("POST", kPods, nope.dump());
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.body["message"],
            "pods \"nope\" is forbidden: no PriorityClass with name nope was found");
  json forged = Pod("forged");
  forged["spec"]["priorityClassName"] = "hi";
  forged["spec"]["priority"] = 5;
  EXPECT_EQ(Call("POST", kPods, forged.dump()).status, 403);

  json chosen = Pod("chosen");
  chosen["spec"]["priority"] = 2000001000;  // no class: a client may not pick its priority
  EXPECT_EQ(Call("POST", kPods, chosen.dump()).status, 403);
  Result plain = Call("POST", kPods, Pod("plain").dump());
  EXPECT_EQ(plain.body["spec"]["priority"], 0);
  ASSERT_EQ(Call("POST", "/apis/scheduling.k8s.io/v1/priorityclasses",
                 R"({"metadata":{"name":"base"},"value":7,"globalDefault":true})")
                .status,
            201);
  ASSERT_TRUE(caches_.WaitFor(etcd_.Range("/", "", 0, 0)->revision, std::chrono::seconds(2)).ok());
  Result defaulted = Call("POST", kPods, Pod("defaulted").dump());
  ASSERT_EQ(defaulted.status, 201) << defaulted.raw;
  EXPECT_EQ(defaulted.body["spec"]["priorityClassName"], "base");
  EXPECT_EQ(defaulted.body["spec"]["priority"], 7);
}

TEST_F(RestTest, OneGlobalDefaultPriorityClassAndSystemClassesStay) {
  ASSERT_EQ(Call("POST", "/apis/scheduling.k8s.io/v1/priorityclasses",
                 R"({"metadata":{"name":"gd1"},"value":5,"globalDefault":true})")
                .status,
            201);
  Result second = Call("POST", "/apis/scheduling.k8s.io/v1/priorityclasses",
                       R"({"metadata":{"name":"gd2"},"value":6,"globalDefault":true})");
  EXPECT_EQ(second.status, 403) << second.raw;
  EXPECT_EQ(second.body["message"],
            "priorityclasses.scheduling.k8s.io \"gd2\" is forbidden: PriorityClass gd1 is already "
            "marked as default. Only one default can exist");
  ASSERT_EQ(Call("POST", "/apis/scheduling.k8s.io/v1/priorityclasses",
                 R"({"metadata":{"name":"plain"},"value":7})")
                .status,
            201);
  Result marked = Call("PATCH", "/apis/scheduling.k8s.io/v1/priorityclasses/plain",
                       R"({"globalDefault":true})", "application/merge-patch+json");
  EXPECT_EQ(marked.status, 403) << marked.raw;
  EXPECT_EQ(Call("PATCH", "/apis/scheduling.k8s.io/v1/priorityclasses/gd1",
                 R"({"metadata":{"labels":{"a":"b"}}})", "application/merge-patch+json")
                .status,
            200)
      << "the default itself may change";

  ASSERT_EQ(Call("POST", "/apis/scheduling.k8s.io/v1/priorityclasses",
                 R"({"metadata":{"name":"system-node-critical"},"value":2000001000})")
                .status,
            201);
  Result del = Call("DELETE", "/apis/scheduling.k8s.io/v1/priorityclasses/system-node-critical");
  EXPECT_EQ(del.status, 403) << del.raw;
  EXPECT_EQ(del.body["message"],
            "priorityclasses.scheduling.k8s.io \"system-node-critical\" is forbidden: this is a "
            "system priority class and cannot be deleted");
}

TEST_F(RestTest, LimitRangesDefaultContainerResources) {
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/limitranges",
                 R"({"metadata":{"name":"defaults"},"spec":{"limits":[{"type":"Container",
                     "default":{"cpu":"300m"},"defaultRequest":{"cpu":"100m"}}]}})")
                .status,
            201);
  ASSERT_TRUE(caches_.WaitFor(etcd_.Range("/", "", 0, 0)->revision, std::chrono::seconds(2)).ok());
  json pod = Pod("p");
  pod["spec"]["containers"][0]["resources"] = {{"limits", {{"cpu", "1"}}}};
  Result r = Call("POST", kPods, pod.dump());
  ASSERT_EQ(r.status, 201) << r.raw;
  const json& spec = r.body["spec"];
  // A container with a limit already has its request from it (pod
  // defaulting runs before admission, as upstream); the other gets both.
  EXPECT_EQ(spec["containers"][0]["resources"],
            json::parse(R"({"limits":{"cpu":"1"},"requests":{"cpu":"1"}})"));
  EXPECT_EQ(spec["initContainers"][0]["resources"],
            json::parse(R"({"limits":{"cpu":"300m"},"requests":{"cpu":"100m"}})"));
  EXPECT_EQ(r.body["metadata"]["annotations"]["kubernetes.io/limit-ranger"],
            "LimitRanger plugin set: cpu request for init container init; cpu limit for init "
            "container init");
}

TEST_F(RestTest, LimitRangesBoundContainersPodsAndClaims) {
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/limitranges",
                 R"({"metadata":{"name":"bounds"},"spec":{"limits":[
                     {"type":"Container","max":{"cpu":"1"},"min":{"memory":"16Mi"},
                      "maxLimitRequestRatio":{"cpu":"4"}},
                     {"type":"Pod","max":{"memory":"1Gi"}},
                     {"type":"PersistentVolumeClaim","max":{"storage":"2Gi"}}]}})")
                .status,
            201);
  ASSERT_TRUE(caches_.WaitFor(etcd_.Range("/", "", 0, 0)->revision, std::chrono::seconds(2)).ok());
  auto pod = [&](const std::string& name, const json& resources) {
    json p = Pod(name);
    p["spec"].erase("initContainers");
    p["spec"]["containers"][0]["resources"] = resources;
    return Call("POST", kPods, p.dump());
  };
  Result over = pod("over", json::parse(R"({"limits":{"cpu":"2","memory":"64Mi"},
                                            "requests":{"cpu":"1","memory":"64Mi"}})"));
  EXPECT_EQ(over.status, 403) << over.raw;
  EXPECT_EQ(over.body["message"],
            "pods \"over\" is forbidden: maximum cpu usage per Container is 1, but limit is 2");
  Result several = pod("several", json::parse(R"({"limits":{"cpu":"800m","memory":"2Gi"},
                                                  "requests":{"cpu":"100m","memory":"8Mi"}})"));
  EXPECT_EQ(several.status, 403) << several.raw;
  EXPECT_EQ(several.body["message"],
            "pods \"several\" is forbidden: [minimum memory usage per Container is 16Mi, but "
            "request is 8Mi, cpu max limit to request ratio per Container is 4, but provided ratio "
            "is 8.000000, maximum memory usage per Pod is 1Gi, but limit is 2Gi]");
  Result fits = pod("fits", json::parse(R"({"limits":{"cpu":"400m","memory":"64Mi"},
                                            "requests":{"cpu":"100m","memory":"64Mi"}})"));
  EXPECT_EQ(fits.status, 201) << fits.raw;
  // A sidecar keeps running beside the containers: its memory adds to the
  // pod's total (600Mi + 600Mi > 1Gi), as upstream's podLimits counts it.
  json sidecar = Pod("sidecar");
  const json half = json::parse(R"({"limits":{"cpu":"400m","memory":"600Mi"},
                                    "requests":{"cpu":"100m","memory":"600Mi"}})");
  sidecar["spec"]["containers"][0]["resources"] = half;
  sidecar["spec"]["initContainers"] = json::array(
      {{{"name", "proxy"}, {"image", "x"}, {"restartPolicy", "Always"}, {"resources", half}}});
  Result both = Call("POST", kPods, sidecar.dump());
  EXPECT_EQ(both.status, 403) << both.raw;
  EXPECT_EQ(both.body["message"],
            "pods \"sidecar\" is forbidden: maximum memory usage per Pod is 1Gi, but limit is "
            "1200Mi");

  Result claim = Call("POST", "/api/v1/namespaces/ns/persistentvolumeclaims",
                      R"({"metadata":{"name":"big"},"spec":{"accessModes":["ReadWriteOnce"],
                          "resources":{"requests":{"storage":"3Gi"}}}})");
  EXPECT_EQ(claim.status, 403) << claim.raw;
  EXPECT_EQ(claim.body["message"],
            "persistentvolumeclaims \"big\" is forbidden: maximum storage usage per "
            "PersistentVolumeClaim is 2Gi, but request is 3Gi");
}

// PodSecurity with upstream's default configuration: the namespace labels
// decide; enforce refuses pods, warn warns (workloads only warn).
TEST_F(RestTest, PodSecurityLabelsEnforceAndWarn) {
  Result bad = Call("POST", "/api/v1/namespaces",
                    R"({"metadata":{"name":"bad","labels":{
                        "pod-security.kubernetes.io/enforce":"strict"}}})");
  EXPECT_EQ(bad.status, 422) << bad.raw;
  EXPECT_EQ(bad.body["message"],
            "Namespace \"bad\" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: "
            "Invalid value: \"strict\": must be one of privileged, baseline, restricted");
  ASSERT_EQ(Call("POST", "/api/v1/namespaces",
                 R"({"metadata":{"name":"sec","labels":{
                     "pod-security.kubernetes.io/enforce":"baseline",
                     "pod-security.kubernetes.io/warn":"restricted"}}})")
                .status,
            201);
  json priv = {{"metadata", {{"name", "priv"}}},
               {"spec",
                {{"hostNetwork", true},
                 {"containers", json::array({{{"name", "c"},
                                              {"image", "busybox"},
                                              {"securityContext", {{"privileged", true}}}}})}}}};
  Result refused = Call("POST", "/api/v1/namespaces/sec/pods", priv.dump());
  EXPECT_EQ(refused.status, 403) << refused.raw;
  EXPECT_EQ(refused.body["message"],
            "pods \"priv\" is forbidden: violates PodSecurity \"baseline:latest\": "
            "host namespaces (hostNetwork=true), privileged (container \"c\" must not set "
            "securityContext.privileged=true)");
  EXPECT_EQ(refused.body["reason"], "Forbidden");
  // Baseline passes; the restricted warning names what is missing.
  json plain = {{"metadata", {{"name", "plain"}}},
                {"spec", {{"containers", json::array({{{"name", "c"}, {"image", "busybox"}}})}}}};
  Result warned = Call("POST", "/api/v1/namespaces/sec/pods", plain.dump());
  ASSERT_EQ(warned.status, 201) << warned.raw;
  EXPECT_NE(warned.warnings.find("would violate PodSecurity \\\"restricted:latest\\\": "
                                 "allowPrivilegeEscalation != false (container \\\"c\\\" must set "
                                 "securityContext.allowPrivilegeEscalation=false)"),
            std::string::npos)
      << warned.warnings;
  // A Deployment is never refused, only warned about at the enforce level.
  json deploy = json::parse(R"({"metadata":{"name":"d"},"spec":{
      "selector":{"matchLabels":{"app":"d"}},
      "template":{"metadata":{"labels":{"app":"d"}},"spec":{"hostPID":true,
        "containers":[{"name":"c","image":"busybox"}]}}}})");
  Result d = Call("POST", "/apis/apps/v1/namespaces/sec/deployments", deploy.dump());
  ASSERT_EQ(d.status, 201) << d.raw;
  EXPECT_NE(d.warnings.find("would violate PodSecurity \\\"restricted:latest\\\": host namespaces "
                            "(hostPID=true)"),
            std::string::npos)
      << d.warnings;
  // A metadata-only pod update is not evaluated again.
  Result relabel = Call("PATCH", "/api/v1/namespaces/sec/pods/plain",
                        R"({"metadata":{"labels":{"a":"b"}}})", "application/merge-patch+json");
  EXPECT_EQ(relabel.status, 200) << relabel.raw;
  EXPECT_EQ(relabel.warnings, "");
  // Tightening enforce warns about the pods that would now be refused.
  Result tighten =
      Call("PATCH", "/api/v1/namespaces/sec",
           R"({"metadata":{"labels":{"pod-security.kubernetes.io/enforce":"restricted"}}})",
           "application/merge-patch+json");
  ASSERT_EQ(tighten.status, 200) << tighten.raw;
  EXPECT_NE(tighten.warnings.find("existing pods in namespace \\\"sec\\\" violate the new "
                                  "PodSecurity enforce level \\\"restricted:latest\\\""),
            std::string::npos)
      << tighten.warnings;
  EXPECT_NE(tighten.warnings.find("plain: allowPrivilegeEscalation != false, unrestricted "
                                  "capabilities, runAsNonRoot != true, seccompProfile"),
            std::string::npos)
      << tighten.warnings;
  // A namespace without labels admits anything.
  EXPECT_EQ(Call("POST", "/api/v1/namespaces/ns/pods", priv.dump()).status, 201);
}

}  // namespace
}  // namespace wisp::apiserver
