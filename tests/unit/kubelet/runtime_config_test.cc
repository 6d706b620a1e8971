// Pod and container specs → CRI configs (labels, resources, security, mounts).
#include "kubelet/runtime_config.h"

#include <gtest/gtest.h>

#include <map>

#include "unit/kubelet/test_pods.h"

namespace wisp::kubelet {
namespace {

using testing::ParseTestPod;

constexpr char kPod[] = R"yaml(
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  containers:
  - name: c
    image: b:1
    command: [sh, -c]
    args: ["echo $(A) $$(A)"]
    env: [{name: A, value: one}, {name: B, value: "$(A)-two"}]
    ports: [{containerPort: 80, hostPort: 8080}]
    resources: {requests: {cpu: 250m, memory: 32Mi}, limits: {cpu: 500m, memory: 64Mi}}
    securityContext:
      runAsUser: 1000
      runAsGroup: 2000
      readOnlyRootFilesystem: true
      allowPrivilegeEscalation: false
      capabilities: {drop: [ALL]}
    volumeMounts: [{name: data, mountPath: /data}, {name: host, mountPath: /h, subPath: x}]
  volumes:
  - {name: data, emptyDir: {}}
  - {name: host, hostPath: {path: /srv}}
)yaml";

TEST(RuntimeConfigTest, SandboxCarriesPodLabelsLogDirAndPorts) {
  Pod pod = ParseTestPod(kPod);
  auto cfg = BuildSandboxConfig(pod, "/logs", 2);
  EXPECT_EQ(cfg.metadata().name(), "web-node1");
  EXPECT_EQ(cfg.metadata().namespace_(), "default");
  EXPECT_EQ(cfg.metadata().uid(), "uid1");
  EXPECT_EQ(cfg.metadata().attempt(), 2u);
  EXPECT_EQ(cfg.log_directory(), "/logs/default_web-node1_uid1");
  EXPECT_EQ(cfg.labels().at(kPodUidLabel), "uid1");
  EXPECT_EQ(cfg.labels().at(kPodNameLabel), "web-node1");
  EXPECT_EQ(cfg.labels().at("app"), "web");
  EXPECT_EQ(cfg.hostname(), "web-node1");
  ASSERT_EQ(cfg.port_mappings_size(), 1);
  EXPECT_EQ(cfg.port_mappings(0).host_port(), 8080);
  EXPECT_EQ(cfg.linux().security_context().namespace_options().network(), cri::v1::POD);
}

TEST(RuntimeConfigTest, ContainerConfigAsUpstream) {
  Pod pod = ParseTestPod(kPod);
  ContainerConfigInput in{&pod, &pod.containers[0], 3, "sha256:img", "/pods", 1LL << 30};
  auto cfg = BuildContainerConfig(in);
  ASSERT_TRUE(cfg.ok()) << cfg.status();
  EXPECT_EQ(cfg->metadata().attempt(), 3u);
  EXPECT_EQ(cfg->image().image(), "sha256:img");
  EXPECT_EQ(cfg->log_path(), "c/3.log");
  EXPECT_EQ(cfg->args(0), "echo one $(A)");
  EXPECT_EQ(cfg->envs(1).value(), "one-two");
  EXPECT_EQ(cfg->labels().at(kContainerNameLabel), "c");
  EXPECT_EQ(cfg->annotations().at(kRestartCountAnnotation), "3");
  EXPECT_EQ(cfg->annotations().at(kGracePeriodAnnotation), "30");
  const auto& r = cfg->linux().resources();
  EXPECT_EQ(r.cpu_shares(), 256);
  EXPECT_EQ(r.cpu_quota(), 50000);
  EXPECT_EQ(r.cpu_period(), 100000);
  EXPECT_EQ(r.memory_limit_in_bytes(), 64 << 20);
  EXPECT_EQ(r.oom_score_adj(), 1000 - (1000LL * (32 << 20)) / (1LL << 30));  // Burstable.
  const auto& sc = cfg->linux().security_context();
  EXPECT_EQ(sc.run_as_user().value(), 1000);
  EXPECT_EQ(sc.run_as_group().value(), 2000);
  EXPECT_TRUE(sc.readonly_rootfs());
  EXPECT_TRUE(sc.no_new_privs());
  EXPECT_EQ(sc.capabilities().drop_capabilities(0), "ALL");
  EXPECT_GT(sc.masked_paths_size(), 0);
  ASSERT_EQ(cfg->mounts_size(), 3);
  EXPECT_EQ(cfg->mounts(2).container_path(), "/dev/termination-log");
  EXPECT_EQ(cfg->mounts(2).host_path(), "/pods/uid1/containers/c/3");
  EXPECT_EQ(cfg->mounts(0).host_path(), "/pods/uid1/volumes/kubernetes.io~empty-dir/data");
  EXPECT_EQ(cfg->mounts(1).host_path(), "/srv/x");
}

TEST(RuntimeConfigTest, DownwardApiEnv) {
  Pod pod = ParseTestPod(R"yaml(
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}, annotations: {team: edge}}
spec:
  containers:
  - name: c
    image: b:1
    resources: {requests: {cpu: 250m, memory: 32Mi}, limits: {cpu: 1500m, memory: 64Mi}}
    env:
    - {name: APP, valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}}
    - {name: TEAM, valueFrom: {fieldRef: {fieldPath: "metadata.annotations['team']"}}}
    - {name: NONE, valueFrom: {fieldRef: {fieldPath: "metadata.labels['none']"}}}
    - {name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
    - {name: HOST_IP, valueFrom: {fieldRef: {fieldPath: status.hostIP}}}
    - {name: CPU, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}
    - {name: CPU_M, valueFrom: {resourceFieldRef: {resource: requests.cpu, divisor: 1m}}}
    - {name: MEM_MI, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}
    - {name: SIDE_MEM, valueFrom: {resourceFieldRef: {containerName: side, resource: limits.memory}}}
    - {name: SIDE_CPU, valueFrom: {resourceFieldRef: {containerName: side, resource: limits.cpu}}}
    - {name: ADDR, value: "$(POD_IP):80"}
  - {name: side, image: b:1}
)yaml");
  ContainerConfigInput in{&pod, &pod.containers[0], 0, "sha256:img", "/pods", 1LL << 30};
  in.node_cpu_milli = 2000;
  in.pod_ip = "10.249.0.7";
  in.host_ip = "192.0.2.1";
  auto cfg = BuildContainerConfig(in);
  ASSERT_TRUE(cfg.ok()) << cfg.status();
  std::map<std::string, std::string> env;
  for (const auto& kv : cfg->envs()) env[kv.key()] = kv.value();
  EXPECT_EQ(env["APP"], "web");
  EXPECT_EQ(env["TEAM"], "edge");
  EXPECT_EQ(env["NONE"], "");
  EXPECT_EQ(env["NODE"], "node1");
  EXPECT_EQ(env["POD_IP"], "10.249.0.7");
  EXPECT_EQ(env["HOST_IP"], "192.0.2.1");
  EXPECT_EQ(env["CPU"], "2");  // 1500m rounded up to whole cores.
  EXPECT_EQ(env["CPU_M"], "250");
  EXPECT_EQ(env["MEM_MI"], "64");
  EXPECT_EQ(env["SIDE_MEM"], std::to_string(1LL << 30));  // No limit: the node's memory.
  EXPECT_EQ(env["SIDE_CPU"], "2");
  EXPECT_EQ(env["ADDR"], "10.249.0.7:80");
}

TEST(RuntimeConfigTest, QosClasses) {
  Pod best = ParseTestPod(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: "
      "b}]}");
  EXPECT_EQ(QosClass(best), "BestEffort");
  EXPECT_EQ(BuildResources(best, best.containers[0].resources, 0).oom_score_adj(), 1000);
  EXPECT_EQ(BuildResources(best, best.containers[0].resources, 0).cpu_shares(), 2);
  Pod guaranteed = ParseTestPod(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: b, "
      "resources: {limits: {cpu: 1, memory: 1Gi}}}]}");
  EXPECT_EQ(QosClass(guaranteed), "Guaranteed");
  EXPECT_EQ(BuildResources(guaranteed, guaranteed.containers[0].resources, 0).oom_score_adj(),
            -997);
}

TEST(RuntimeConfigTest, VolumeMountWithoutVolumeIsAnError) {
  Pod pod = ParseTestPod(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: b, "
      "volumeMounts: [{name: nope, mountPath: /x}]}]}");
  ContainerConfigInput in{&pod, &pod.containers[0], 0, "", "/pods", 0};
  EXPECT_FALSE(BuildContainerConfig(in).ok());
}

TEST(RuntimeConfigTest, HandlerRoundTripsThroughJson) {
  Handler h;
  h.kind = Handler::Kind::kExec;
  h.command = {"sh", "-c", "sleep 1"};
  auto back = HandlerFromJson(HandlerToJson(h).dump());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->command, h.command);
  EXPECT_FALSE(HandlerFromJson("not json"));
}

}  // namespace
}  // namespace wisp::kubelet
