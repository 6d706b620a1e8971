// Pod spec defaulting compared with what upstream's defaults give.
#include "strategies/pod_defaults.h"

#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::J;

TEST(PodDefaults, MinimalSpecGetsUpstreamDefaults) {
  Json spec = J(R"({"containers":[{"name":"web","image":"nginx:1.27",
      "ports":[{"containerPort":80}]}]})");
  DefaultPodSpec(spec);
  // A pod template (deployment, job, ...) gets no pod-only fields.
  EXPECT_FALSE(spec.contains("enableServiceLinks"));
  EXPECT_FALSE(spec.contains("priority"));
  EXPECT_FALSE(spec.contains("preemptionPolicy"));
  DefaultPodOnly(spec);
  // What `kubectl get pod -o json` shows upstream for this pod (before admission
  // adds service account volumes and tolerations).
  Json want = J(R"({
    "containers":[{"name":"web","image":"nginx:1.27","imagePullPolicy":"IfNotPresent",
      "ports":[{"containerPort":80,"protocol":"TCP"}],"resources":{},
      "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
    "dnsPolicy":"ClusterFirst","enableServiceLinks":true,"preemptionPolicy":"PreemptLowerPriority",
    "priority":0,"restartPolicy":"Always","schedulerName":"default-scheduler",
    "securityContext":{},"terminationGracePeriodSeconds":30})");
  EXPECT_EQ(spec, want) << spec.dump(2);
}

TEST(PodDefaults, PullPolicyFollowsTheTag) {
  EXPECT_EQ(DefaultPullPolicy("nginx"), "Always");
  EXPECT_EQ(DefaultPullPolicy("nginx:latest"), "Always");
  EXPECT_EQ(DefaultPullPolicy("nginx:1.27"), "IfNotPresent");
  EXPECT_EQ(DefaultPullPolicy("localhost:5000/app"), "Always");
  EXPECT_EQ(DefaultPullPolicy("localhost:5000/app:v1"), "IfNotPresent");
  EXPECT_EQ(DefaultPullPolicy("nginx@sha256:abcd"), "IfNotPresent");
}

TEST(PodDefaults, ExplicitValuesAreKept) {
  Json spec = J(R"({"restartPolicy":"Never","terminationGracePeriodSeconds":5,
      "priorityClassName":"high",
      "containers":[{"name":"a","image":"busybox","imagePullPolicy":"Never"}]})");
  DefaultPodSpec(spec);
  DefaultPodOnly(spec);
  EXPECT_EQ(spec["restartPolicy"], "Never");
  EXPECT_EQ(spec["terminationGracePeriodSeconds"], 5);
  EXPECT_EQ(spec["containers"][0]["imagePullPolicy"], "Never");
  EXPECT_FALSE(spec.contains("priority"));  // admission resolves the class
}

TEST(PodDefaults, ProbesEnvAndLimits) {
  Json spec = J(R"({"initContainers":[{"name":"i","image":"busybox"}],"containers":[{
      "name":"a","image":"busybox",
      "livenessProbe":{"httpGet":{"port":8080}},
      "readinessProbe":{"exec":{"command":["true"]},"periodSeconds":3},
      "lifecycle":{"preStop":{"httpGet":{"port":80,"path":"/stop"}}},
      "env":[{"name":"NODE","valueFrom":{"fieldRef":{"fieldPath":"spec.nodeName"}}}],
      "resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"500m"}}}]})");
  DefaultPodSpec(spec);
  // Pod templates keep requests as written; Pods get them from the limits.
  EXPECT_EQ(spec["containers"][0]["resources"]["requests"], J(R"({"cpu":"500m"})"));
  DefaultPodOnly(spec);
  const Json& c = spec["containers"][0];
  EXPECT_EQ(c["livenessProbe"], J(R"({"httpGet":{"port":8080,"path":"/","scheme":"HTTP"},
      "timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3})"));
  EXPECT_EQ(c["readinessProbe"]["periodSeconds"], 3);
  EXPECT_EQ(c["lifecycle"]["preStop"]["httpGet"]["scheme"], "HTTP");
  EXPECT_EQ(c["lifecycle"]["preStop"]["httpGet"]["path"], "/stop");
  EXPECT_EQ(c["env"][0]["valueFrom"]["fieldRef"]["apiVersion"], "v1");
  EXPECT_EQ(c["resources"]["requests"], J(R"({"cpu":"500m","memory":"1Gi"})"));
  EXPECT_EQ(spec["initContainers"][0]["terminationMessagePolicy"], "File");
}

TEST(PodDefaults, VolumeSources) {
  Json spec = J(R"({"containers":[],"volumes":[
      {"name":"scratch"},
      {"name":"cfg","configMap":{"name":"c"}},
      {"name":"sec","secret":{"secretName":"s","defaultMode":256}},
      {"name":"host","hostPath":{"path":"/var"}},
      {"name":"info","downwardAPI":{"items":[{"path":"l","fieldRef":{"fieldPath":"metadata.labels"}}]}}]})");
  DefaultPodSpec(spec);
  const Json& v = spec["volumes"];
  EXPECT_EQ(v[0]["emptyDir"], Json::object());
  EXPECT_EQ(v[1]["configMap"]["defaultMode"], 420);
  EXPECT_EQ(v[2]["secret"]["defaultMode"], 256);
  EXPECT_EQ(v[3]["hostPath"]["type"], "");
  EXPECT_FALSE(v[3].contains("emptyDir"));
  EXPECT_EQ(v[4]["downwardAPI"]["defaultMode"], 420);
  EXPECT_EQ(v[4]["downwardAPI"]["items"][0]["fieldRef"]["apiVersion"], "v1");
}

TEST(PodDefaults, ProjectedEphemeralAndNetworkVolumeSources) {
  Json spec = J(R"({"containers":[],"volumes":[
      {"name":"p","projected":{"sources":[
        {"serviceAccountToken":{"path":"token"}},
        {"serviceAccountToken":{"path":"t2","expirationSeconds":7200}},
        {"downwardAPI":{"items":[{"path":"n","fieldRef":{"fieldPath":"metadata.name"}}]}}]}},
      {"name":"e","ephemeral":{"volumeClaimTemplate":{"spec":{"accessModes":["ReadWriteOnce"]}}}},
      {"name":"i","iscsi":{"targetPortal":"10.0.0.1:3260","iqn":"iqn.x","lun":0}},
      {"name":"r","rbd":{"monitors":["m"],"image":"img"}},
      {"name":"a","azureDisk":{"diskName":"d","diskURI":"u"}},
      {"name":"s","scaleIO":{"gateway":"g","system":"s","secretRef":{"name":"x"}}}]})");
  DefaultPodSpec(spec);
  const Json& v = spec["volumes"];
  const Json& sources = v[0]["projected"]["sources"];
  EXPECT_EQ(v[0]["projected"]["defaultMode"], 420);
  EXPECT_EQ(sources[0]["serviceAccountToken"]["expirationSeconds"], 3600);
  EXPECT_EQ(sources[1]["serviceAccountToken"]["expirationSeconds"], 7200);
  EXPECT_EQ(sources[2]["downwardAPI"]["items"][0]["fieldRef"]["apiVersion"], "v1");
  EXPECT_EQ(v[1]["ephemeral"]["volumeClaimTemplate"]["spec"]["volumeMode"], "Filesystem");
  EXPECT_EQ(v[2]["iscsi"]["iscsiInterface"], "default");
  EXPECT_EQ(v[3]["rbd"], J(R"({"monitors":["m"],"image":"img","pool":"rbd","user":"admin",
      "keyring":"/etc/ceph/keyring"})"));
  EXPECT_EQ(v[4]["azureDisk"], J(R"({"diskName":"d","diskURI":"u","cachingMode":"ReadWrite",
      "fsType":"ext4","readOnly":false,"kind":"Shared"})"));
  EXPECT_EQ(v[5]["scaleIO"]["storageMode"], "ThinProvisioned");
  EXPECT_EQ(v[5]["scaleIO"]["fsType"], "xfs");
}

TEST(PodDefaults, GrpcProbesGetAnEmptyService) {
  Json spec = J(R"({"containers":[{"name":"c","image":"x",
      "readinessProbe":{"grpc":{"port":9090}},
      "livenessProbe":{"grpc":{"port":9090,"service":"health"}}}]})");
  DefaultPodSpec(spec);
  EXPECT_EQ(spec["containers"][0]["readinessProbe"]["grpc"]["service"], "");
  EXPECT_EQ(spec["containers"][0]["livenessProbe"]["grpc"]["service"], "health");
}

TEST(PodDefaults, FieldsOfFeaturesOffInV132AreDropped) {
  Json spec = J(R"({"hostUsers":false,"resources":{"limits":{"cpu":"1"}},
      "securityContext":{"runAsUser":1000,"supplementalGroupsPolicy":"Strict"},
      "containers":[{"name":"c","image":"x",
        "resizePolicy":[{"resourceName":"cpu","restartPolicy":"NotRequired"}],
        "resources":{"limits":{"memory":"1Gi"}}}]})");
  DefaultPodSpec(spec);
  EXPECT_FALSE(spec.contains("hostUsers"));
  EXPECT_FALSE(spec.contains("resources"));
  EXPECT_EQ(spec["securityContext"], J(R"({"runAsUser":1000})"));
  EXPECT_FALSE(spec["containers"][0].contains("resizePolicy"));
  EXPECT_EQ(spec["containers"][0]["resources"]["limits"]["memory"], "1Gi");
}

TEST(PodDefaults, ProcMountBecomesDefaultWhileItsFeatureIsOff) {
  Json spec = J(R"({"containers":[{"name":"c","securityContext":{"procMount":"Unmasked"}},
      {"name":"d","securityContext":{}}],
      "ephemeralContainers":[{"name":"e","securityContext":{"procMount":"Bogus"}}]})");
  DefaultPodSpec(spec);
  EXPECT_EQ(spec["containers"][0]["securityContext"]["procMount"], "Default");
  EXPECT_FALSE(spec["containers"][1]["securityContext"].contains("procMount"));
  EXPECT_EQ(spec["ephemeralContainers"][0]["securityContext"]["procMount"], "Default");
}

TEST(PodDefaults, MalformedSpecDoesNotThrow) {
  Json spec = J(R"({"containers":"nope","volumes":[1,"x",null]})");
  EXPECT_NO_THROW(DefaultPodSpec(spec));
  Json not_object = J("[1,2]");
  EXPECT_NO_THROW(DefaultPodSpec(not_object));
  EXPECT_EQ(not_object, J("[1,2]"));
}

}  // namespace
}  // namespace wisp::strategies
