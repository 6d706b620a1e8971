// Static pod manifests → Pod, with upstream's defaults.
#include "kubelet/pod_parse.h"

#include <gtest/gtest.h>

#include "kubelet/yaml_json.h"

namespace wisp::kubelet {
namespace {

absl::StatusOr<Pod> Parse(const std::string& yaml) {
  auto obj = YamlToJson(yaml);
  if (!obj.ok()) return obj.status();
  return ParsePod(*obj, "node1", "uid1");
}

constexpr char kMinimal[] = R"(
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: c
    image: busybox
)";

TEST(PodParseTest, AppliesUpstreamDefaults) {
  auto pod = Parse(kMinimal);
  ASSERT_TRUE(pod.ok()) << pod.status();
  EXPECT_EQ(pod->name, "web-node1");
  EXPECT_EQ(pod->namespace_, "default");
  EXPECT_EQ(pod->uid, "uid1");
  EXPECT_EQ(pod->restart_policy, "Always");
  EXPECT_EQ(pod->termination_grace_period_seconds, 30);
  EXPECT_EQ(pod->containers[0].image_pull_policy, "Always");
  EXPECT_EQ(pod->containers[0].termination_message_path, "/dev/termination-log");
  const auto& spec = pod->object["spec"];
  EXPECT_EQ(spec["dnsPolicy"], "ClusterFirst");
  EXPECT_EQ(spec["nodeName"], "node1");
  EXPECT_EQ(spec["restartPolicy"], "Always");
  EXPECT_EQ(spec["containers"][0]["terminationMessagePolicy"], "File");
  EXPECT_EQ(pod->object["metadata"]["uid"], "uid1");
  EXPECT_EQ(pod->annotations["kubernetes.io/config.source"], "file");
}

TEST(PodParseTest, PullPolicyFollowsTheTag) {
  EXPECT_EQ(DefaultPullPolicy("busybox"), "Always");
  EXPECT_EQ(DefaultPullPolicy("busybox:latest"), "Always");
  EXPECT_EQ(DefaultPullPolicy("busybox:1.36"), "IfNotPresent");
  EXPECT_EQ(DefaultPullPolicy("localhost:5000/busybox"), "Always");
  EXPECT_EQ(DefaultPullPolicy("localhost:5000/busybox:1"), "IfNotPresent");
  EXPECT_EQ(DefaultPullPolicy("busybox@sha256:abcd"), "IfNotPresent");
}

TEST(PodParseTest, ReadsContainersProbesResourcesAndVolumes) {
  auto pod = Parse(R"(
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: kube-system, labels: {app: x}}
spec:
  restartPolicy: OnFailure
  terminationGracePeriodSeconds: 5
  hostNetwork: true
  securityContext: {runAsUser: 1000}
  initContainers:
  - {name: init, image: "b:1", command: [sh, -c, "echo hi"]}
  containers:
  - name: c
    image: b:1
    args: ["$(GREETING) world"]
    workingDir: /tmp
    env: [{name: GREETING, value: hello}, {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
    ports: [{name: http, containerPort: 8080}]
    resources: {limits: {cpu: 500m, memory: 64Mi}}
    securityContext: {privileged: true, capabilities: {add: [NET_ADMIN]}}
    livenessProbe: {httpGet: {port: http}, initialDelaySeconds: 3}
    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 2}
    startupProbe: {exec: {command: ["true"]}, failureThreshold: 30}
    lifecycle: {preStop: {exec: {command: [sleep, "1"]}}}
    volumeMounts: [{name: scratch, mountPath: /scratch}, {name: host, mountPath: /h, readOnly: true}]
  volumes:
  - {name: scratch, emptyDir: {medium: Memory, sizeLimit: 16Mi}}
  - {name: host, hostPath: {path: /tmp, type: Directory}}
)");
  ASSERT_TRUE(pod.ok()) << pod.status();
  EXPECT_EQ(pod->namespace_, "kube-system");
  EXPECT_EQ(pod->restart_policy, "OnFailure");
  EXPECT_EQ(pod->termination_grace_period_seconds, 5);
  EXPECT_TRUE(pod->host_network);
  ASSERT_EQ(pod->init_containers.size(), 1u);
  const Container& c = pod->containers[0];
  EXPECT_EQ(c.image_pull_policy, "IfNotPresent");
  EXPECT_EQ(c.env[1].value, "p-node1");
  EXPECT_EQ(c.resources.cpu_limit_milli, 500);
  EXPECT_EQ(c.resources.cpu_request_milli, 500);  // Requests default to limits.
  EXPECT_EQ(c.resources.memory_limit, 64 << 20);
  EXPECT_EQ(c.security_context.run_as_user, 1000);
  EXPECT_TRUE(c.security_context.privileged);
  ASSERT_TRUE(c.liveness_probe);
  EXPECT_EQ(c.liveness_probe->handler.kind, Handler::Kind::kHttpGet);
  EXPECT_EQ(c.liveness_probe->handler.port, "http");
  EXPECT_EQ(c.liveness_probe->handler.path, "/");
  EXPECT_EQ(c.liveness_probe->initial_delay_seconds, 3);
  EXPECT_EQ(c.liveness_probe->period_seconds, 10);
  EXPECT_EQ(c.readiness_probe->period_seconds, 2);
  EXPECT_EQ(c.readiness_probe->failure_threshold, 3);
  EXPECT_EQ(c.startup_probe->failure_threshold, 30);
  ASSERT_TRUE(c.pre_stop);
  EXPECT_EQ(c.pre_stop->command.size(), 2u);
  ASSERT_EQ(pod->volumes.size(), 2u);
  EXPECT_EQ(pod->volumes[0].medium, "Memory");
  EXPECT_EQ(pod->volumes[0].size_limit, 16 << 20);
  EXPECT_EQ(pod->volumes[1].kind, Volume::Kind::kHostPath);
  EXPECT_EQ(pod->object["spec"]["containers"][0]["resources"]["requests"]["cpu"], "500m");
}

TEST(PodParseTest, ErrorsNameTheField) {
  auto missing = Parse(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
      "  - name: c\n");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "spec.containers[0].image: required");
  auto policy = Parse(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  restartPolicy: "
      "Sometimes\n  containers: [{name: c, image: b}]\n");
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.status().message(), "spec.restartPolicy: must be Always, OnFailure or Never");
  auto kind = Parse("apiVersion: v1\nkind: Service\nmetadata: {name: p}\nspec: {}\n");
  EXPECT_FALSE(kind.ok());
  auto qty = Parse(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
      "  - {name: c, image: b, resources: {limits: {memory: lots}}}\n");
  ASSERT_FALSE(qty.ok());
  EXPECT_NE(qty.status().message().find("lots"), absl::string_view::npos) << qty.status();
  EXPECT_NE(qty.status().message().find("spec.containers[0].resources."), absl::string_view::npos);
  auto env = [](const std::string& from) {
    return Parse(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
        "  - {name: c, image: b, env: [{name: X, valueFrom: " +
        from + "}]}\n");
  };
  auto field = env("{fieldRef: {fieldPath: status.phase}}");
  ASSERT_FALSE(field.ok());
  EXPECT_NE(field.status().message().find("spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: "
                                          "unsupported value \"status.phase\""),
            absl::string_view::npos)
      << field.status();
  auto res = env("{resourceFieldRef: {resource: limits.gpu}}");
  ASSERT_FALSE(res.ok());
  EXPECT_NE(res.status().message().find("resourceFieldRef.resource"), absl::string_view::npos);
  auto divisor = env("{resourceFieldRef: {resource: limits.cpu, divisor: zero}}");
  ASSERT_FALSE(divisor.ok());
  EXPECT_NE(divisor.status().message().find("divisor"), absl::string_view::npos);
  auto secret = env("{secretKeyRef: {name: s, key: k}}");
  ASSERT_FALSE(secret.ok());
  EXPECT_NE(secret.status().message().find("static pods cannot reference"),
            absl::string_view::npos);
  EXPECT_TRUE(env("{fieldRef: {fieldPath: \"metadata.labels['a']\"}}").ok());
}

}  // namespace
}  // namespace wisp::kubelet
