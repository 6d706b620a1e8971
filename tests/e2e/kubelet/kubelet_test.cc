// `wisp kubelet` on real containerd + runc (as root): static pods from
// manifests run, log, get pod IPs in the pod CIDR (and the host's with
// hostNetwork), enforce securityContext and limits, restart per
// restartPolicy with back-off, run init containers in order, share emptyDirs,
// use hostPaths, get OOM-killed, report probes (exec/httpGet/tcpSocket) and
// reach each other over the bridge; survive kill -9 of the kubelet (no
// duplicates) and of containerd; are replaced when edited and disappear with
// their manifest within the grace period plus 2 s (after their preStop
// hook); images come from a local registry.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "e2e/kubelet/fixture.h"

namespace wisp::e2e {
namespace {

// Seconds since the epoch of an RFC 3339 UTC time ("2026-01-02T03:04:05Z").
time_t ParseRfc3339(const std::string& t) {
  std::tm tm{};
  if (strptime(t.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm) == nullptr) {
    ADD_FAILURE() << "not an RFC 3339 time: " << t;
    return 0;
  }
  return timegm(&tm);
}

using nlohmann::json;
using std::chrono::seconds;
namespace fs = std::filesystem;

std::string Pod(const std::string& name, const std::string& spec) {
  return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\nspec:\n" + spec;
}

bool Running(const json& st) { return st.value("phase", "") == "Running"; }

bool Ready(const json& st) {
  auto conditions = st.find("conditions");
  if (conditions == st.end()) return false;
  for (const json& c : *conditions) {
    if (c["type"] == "Ready") return c["status"] == "True";
  }
  return false;
}

json Container(const json& st, const std::string& name, const char* list = "containerStatuses") {
  auto it = st.find(list);
  if (it == st.end()) return nullptr;
  for (const json& c : *it) {
    if (c["name"] == name) return c;
  }
  return nullptr;
}

class KubeletE2eTest : public KubeletNode {};

TEST_F(KubeletE2eTest, WorkerRunsKubeletAndStaticPodsWithLogsIpsInitAndEmptyDir) {
  StartNode(/*supervise_kubelet=*/true);
  WritePod("hello", Pod("hello", R"(  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: docker.io/wisp-e2e/busybox:1
    command: [sh, -c, "echo hello from $(WHO); echo my ip $(POD_IP); exec sleep 3600"]
    env:
    - {name: WHO, value: wisp}
    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
)"));
  WritePod("init", Pod("init", R"(  terminationGracePeriodSeconds: 1
  initContainers:
  - {name: first, image: "docker.io/wisp-e2e/busybox:1", command: [sh, -c, "echo first >> /work/order"],
     volumeMounts: [{name: work, mountPath: /work}]}
  - {name: second, image: "docker.io/wisp-e2e/busybox:1", command: [sh, -c, "echo second >> /work/order"],
     volumeMounts: [{name: work, mountPath: /work}]}
  containers:
  - name: writer
    image: docker.io/wisp-e2e/busybox:1
    command: [sh, -c, "cat /work/order; echo shared > /work/msg; exec sleep 3600"]
    volumeMounts: [{name: work, mountPath: /work}]
  - name: reader
    image: docker.io/wisp-e2e/busybox:1
    command: [sh, -c, "while ! cat /in/msg; do sleep 0.2; done; exec sleep 3600"]
    volumeMounts: [{name: work, mountPath: /in}, {name: mem, mountPath: /mem}]
  volumes:
  - {name: work, emptyDir: {}}
  - {name: mem, emptyDir: {medium: Memory}}
)"));
  WritePod("host", Pod("host", R"(  hostNetwork: true
  terminationGracePeriodSeconds: 1
  containers:
  - {name: main, image: "docker.io/wisp-e2e/busybox:1", command: [sh, -c, "ls /sys/class/net; exec sleep 3600"]}
)"));

  WritePod("secure", Pod("secure", R"(  terminationGracePeriodSeconds: 1
  securityContext: {runAsUser: 1000, runAsGroup: 3000}
  containers:
  - name: main
    image: docker.io/wisp-e2e/busybox:1
    command: [sh, -c, "id -u; id -g; touch /x 2>/dev/null || echo readonly; cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/cpu.max /sys/fs/cgroup/memory.max; exec sleep 3600"]
    securityContext: {readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
    resources: {limits: {cpu: 250m, memory: 64Mi}}
)"));
  json hello = WaitPod(
      "hello", [](const json& s) { return Running(s) && Ready(s); }, seconds(60));
  std::string ip = hello.value("podIP", "");
  EXPECT_EQ(ip.rfind("10.249.0.", 0), 0u) << "pod IP " << ip << " not in the pod CIDR";
  EXPECT_EQ(Container(hello, "main")["restartCount"], 0);
  EXPECT_TRUE(WaitFor(
      [&] {
        return ContainerLog("hello", "main", 0).find(" stdout F hello from wisp\n") !=
               std::string::npos;
      },
      seconds(10)))
      << ContainerLog("hello", "main", 0);
  EXPECT_NE(ContainerLog("hello", "main", 0).find(" stdout F my ip " + ip + "\n"),
            std::string::npos)
      << "status.podIP from the downward API: " << ContainerLog("hello", "main", 0);

  json init = WaitPod(
      "init", [](const json& s) { return Running(s) && Ready(s); }, seconds(60));
  EXPECT_EQ(Container(init, "first", "initContainerStatuses")["state"]["terminated"]["reason"],
            "Completed");
  EXPECT_TRUE(WaitFor(
      [&] { return ContainerLog("init", "reader", 0).find("F shared") != std::string::npos; },
      seconds(10)))
      << ContainerLog("init", "reader", 0);
  std::string order = ContainerLog("init", "writer", 0);
  size_t first = order.find("F first"), second = order.find("F second");
  EXPECT_TRUE(first != std::string::npos && second != std::string::npos && first < second) << order;
  EXPECT_NE(init.value("podIP", ""), ip);

  json host = WaitPod("host", Running, seconds(60));
  EXPECT_TRUE(
      WaitFor([&] { return ContainerLog("host", "main", 0).find("F wisp0") != std::string::npos; },
              seconds(10)))
      << "hostNetwork pod should see the host's bridge: " << ContainerLog("host", "main", 0);
  json secure = WaitPod("secure", Running, seconds(60));
  EXPECT_EQ(secure["qosClass"], "Guaranteed");
  std::string out;
  EXPECT_TRUE(WaitFor(
      [&] {
        out = ContainerLog("secure", "main", 0);
        return out.find("F 67108864") != std::string::npos ||
               out.find("F 25000 100000") != std::string::npos;
      },
      seconds(10)))
      << out;
  for (const char* want : {"F 1000\n", "F 3000\n", "F readonly\n", "F 25000"}) {
    EXPECT_NE(out.find(want), std::string::npos) << want << " missing from:\n" << out;
  }
  EXPECT_EQ(Sandboxes("hello").size(), 1u);
  EXPECT_EQ(Containers("hello").size(), 1u);
}

TEST_F(KubeletE2eTest, RestartPoliciesBackOffAndOomKilled) {
  StartNode(false);
  StartKubelet();
  WritePod("crash", Pod("crash", R"(  terminationGracePeriodSeconds: 1
  containers:
  - {name: main, image: "docker.io/wisp-e2e/busybox:1", command: [sh, -c, "echo crash; exit 3"]}
)"));
  WritePod("done", Pod("done", R"(  restartPolicy: OnFailure
  containers:
  - {name: main, image: "docker.io/wisp-e2e/busybox:1", command: [sh, -c, "echo ok"]}
)"));
  WritePod("fail", Pod("fail", R"(  restartPolicy: Never
  containers:
  - {name: main, image: "docker.io/wisp-e2e/busybox:1", command: [sh, -c, "echo bye > /dev/termination-log; exit 7"]}
)"));
  WritePod("oom", Pod("oom", R"(  restartPolicy: Never
  containers:
  - name: main
    image: docker.io/wisp-e2e/busybox:1
    command: [sh, -c, "x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo survived"]
    resources: {limits: {memory: 32Mi}}
)"));

  json done = WaitPod(
      "done", [](const json& s) { return s["phase"] == "Succeeded"; }, seconds(60));
  EXPECT_EQ(Container(done, "main")["restartCount"], 0);
  EXPECT_EQ(Container(done, "main")["state"]["terminated"]["reason"], "Completed");
  json fail = WaitPod(
      "fail", [](const json& s) { return s["phase"] == "Failed"; }, seconds(60));
  EXPECT_EQ(Container(fail, "main")["state"]["terminated"]["exitCode"], 7);
  EXPECT_EQ(Container(fail, "main")["state"]["terminated"]["message"], "bye\n");
  EXPECT_EQ(Container(fail, "main")["restartCount"], 0);
  json oom = WaitPod(
      "oom", [](const json& s) { return s["phase"] == "Failed"; }, seconds(60));
  EXPECT_EQ(Container(oom, "main")["state"]["terminated"]["reason"], "OOMKilled") << oom.dump(1);

  // Always: restarted at once, then after 10 s of CrashLoopBackOff, doubling.
  // The back-off is read from the status's own timestamps (the end of run n
  // to the start of run n + 1), not from when this test looked.
  json crash = WaitPod(
      "crash", [](const json& s) { return Container(s, "main")["restartCount"] >= 1; },
      seconds(30));
  crash = WaitPod(
      "crash",
      [](const json& s) {
        return Container(s, "main")["state"].contains("waiting") &&
               Container(s, "main")["state"]["waiting"]["reason"] == "CrashLoopBackOff";
      },
      seconds(30));
  EXPECT_EQ(Container(crash, "main")["lastState"]["terminated"]["exitCode"], 3);
  const int restarts = Container(crash, "main")["restartCount"];
  ASSERT_GE(restarts, 1);
  const time_t died =
      ParseRfc3339(Container(crash, "main")["lastState"]["terminated"]["finishedAt"]);
  crash = WaitPod(
      "crash", [&](const json& s) { return Container(s, "main")["restartCount"] >= restarts + 1; },
      seconds(30 << restarts));
  ASSERT_EQ(Container(crash, "main")["restartCount"], restarts + 1) << crash.dump(1);
  const json& next = Container(crash, "main");
  const json& run = next["state"].contains("running")      ? next["state"]["running"]
                    : next["state"].contains("terminated") ? next["state"]["terminated"]
                                                           : next["lastState"]["terminated"];
  // 10 s after the first restart, twice that after the second; timestamps
  // have whole seconds.
  EXPECT_GE(ParseRfc3339(run["startedAt"]) - died, (10 << (restarts - 1)) - 1) << crash.dump(1);
  EXPECT_EQ(crash["phase"], "Running");
  EXPECT_NE(ContainerLog("crash", "main", 1).find("F crash"), std::string::npos);
  EXPECT_LE(Containers("crash").size(), 3u);  // Dead containers are collected.
}

TEST_F(KubeletE2eTest, KilledKubeletAdoptsPodsEditReplacesAndRemoveStops) {
  StartNode(false);
  StartKubelet();
  WritePod("keep", Pod("keep", R"(  terminationGracePeriodSeconds: 3
  containers:
  - {name: main, image: "docker.io/wisp-e2e/busybox:1", command: [sleep, "3600"]}
  - {name: side, image: "docker.io/wisp-e2e/busybox:1", command: [sleep, "3600"]}
)"));
  json st = WaitPod(
      "keep", [](const json& s) { return Running(s) && Ready(s); }, seconds(60));
  std::string main_id = Container(st, "main")["containerID"];
  auto sandboxes = Sandboxes("keep");
  ASSERT_EQ(sandboxes.size(), 1u);

  KillKubelet();
  StartKubelet();
  // Give the new kubelet a few syncs, then compare.
  std::filesystem::remove(run_ + "/kubelet/pods/default_keep-e2e.json");
  st = WaitPod(
      "keep", [](const json& s) { return Running(s) && Ready(s); }, seconds(30));
  std::this_thread::sleep_for(seconds(2));  // Several 500 ms syncs.
  EXPECT_EQ(Container(PodStatus("keep"), "main")["containerID"], main_id);
  EXPECT_EQ(Container(PodStatus("keep"), "main")["restartCount"], 0);
  EXPECT_EQ(Containers("keep").size(), 2u);
  ASSERT_EQ(Sandboxes("keep").size(), 1u);
  EXPECT_EQ(Sandboxes("keep")[0].id(), sandboxes[0].id());

  // Edited: a new pod (new UID) replaces the old one once that is gone.
  std::string old_uid = Slurp(run_ + "/kubelet/pods/default_keep-e2e.json");
  old_uid = nlohmann::json::parse(old_uid)["metadata"]["uid"];
  WritePod("keep", Pod("keep", R"(  terminationGracePeriodSeconds: 3
  containers:
  - {name: main, image: "docker.io/wisp-e2e/busybox:1", command: [sleep, "3601"]}
)"));
  st = WaitPod(
      "keep",
      [&](const json& s) {
        return Running(s) && Container(s, "main")["containerID"] != main_id &&
               Container(s, "side").is_null();
      },
      seconds(30));
  EXPECT_EQ(Sandboxes("keep").size(), 1u);
  EXPECT_EQ(Containers("keep").size(), 1u);
  auto obj = nlohmann::json::parse(Slurp(run_ + "/kubelet/pods/default_keep-e2e.json"));
  EXPECT_NE(obj["metadata"]["uid"], old_uid);

  // Removed: gone within grace (3 s; sleep as PID 1 ignores SIGTERM) + 2 s.
  auto t0 = std::chrono::steady_clock::now();
  RemovePod("keep");
  EXPECT_TRUE(
      WaitFor([&] { return Sandboxes("keep").empty() && Containers("keep").empty(); }, seconds(5)))
      << Logs();
  EXPECT_LE(std::chrono::steady_clock::now() - t0, seconds(5));
  EXPECT_TRUE(WaitFor([&] { return PodStatus("keep").is_null(); }, seconds(2)));
}

// Rotation through containerd's ReopenContainerLog: the container keeps
// running and writing, the live log is a new file, at most max-files remain.
TEST_F(KubeletE2eTest, RotatesContainerLogs) {
  StartNode(false);
  StartKubelet({"--container-log-max-size", "4Ki", "--container-log-max-files", "3"});
  WritePod("chatty", Pod("chatty", R"(  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: docker.io/wisp-e2e/busybox:1
    command: [sh, -c, "while true; do head -c 1000 /dev/zero | tr '\\0' x; echo; sleep 0.05; done"]
)"));
  WaitPod("chatty", Running, seconds(60));
  auto obj = nlohmann::json::parse(Slurp(run_ + "/kubelet/pods/default_chatty-e2e.json"));
  std::string dir =
      logs_ + "/default_chatty-e2e_" + obj["metadata"]["uid"].get<std::string>() + "/main";
  auto files = [&] {
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      names.push_back(it->path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  };
  auto rotated = [&] {
    int n = 0;
    for (const std::string& f : files()) n += f.rfind("0.log.", 0) == 0;
    return n;
  };
  ASSERT_TRUE(WaitFor([&] { return rotated() >= 2; }, seconds(30))) << Logs();
  // A few more rotations: retention holds and the live file keeps growing.
  std::this_thread::sleep_for(seconds(3));
  std::vector<std::string> now = files();
  EXPECT_LE(now.size(), 3u) << ::testing::PrintToString(now);
  EXPECT_TRUE(WaitFor(
      [&] { return ContainerLog("chatty", "main", 0).find(" stdout F xxxx") != std::string::npos; },
      seconds(10)))
      << "containerd did not reopen the log: " << ::testing::PrintToString(files());
  json st = PodStatus("chatty");
  EXPECT_EQ(Container(st, "main")["restartCount"], 0);
  EXPECT_TRUE(Running(st));
}

TEST_F(KubeletE2eTest, ProbesPodToPodHostPathAndContainerdRestart) {
  StartNode(false);
  StartKubelet();
  WritePod("web", Pod("web", R"(  terminationGracePeriodSeconds: 1
  containers:
  - name: web
    image: docker.io/wisp-e2e/busybox:1
    command: [sh, -c, "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www"]
    ports: [{name: http, containerPort: 8080}]
    readinessProbe: {httpGet: {path: /index.html, port: http}, periodSeconds: 1}
    livenessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
  - name: flaky
    image: docker.io/wisp-e2e/busybox:1
    command: [sh, -c, "touch /tmp/healthy; sleep 3; rm /tmp/healthy; exec sleep 3600"]
    livenessProbe: {exec: {command: [cat, /tmp/healthy]}, periodSeconds: 1, failureThreshold: 2}
)"));
  json web = WaitPod(
      "web", [](const json& s) { return Container(s, "web")["ready"] == true; }, seconds(60));
  std::string ip = web["podIP"];
  // The exec liveness probe fails after 3 s: the container is restarted.
  web = WaitPod(
      "web", [](const json& s) { return Container(s, "flaky")["restartCount"] >= 1; }, seconds(30));
  EXPECT_EQ(Container(web, "web")["restartCount"], 0);
  EXPECT_EQ(Container(web, "flaky")["lastState"]["terminated"]["exitCode"], 137);

  std::string host_dir = tmp_ + "/hostdir";
  WritePod("client", Pod("client", R"(  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: docker.io/wisp-e2e/busybox:1
    command: [sh, -c, "echo hi > /h/file; until wget -q -O - http://)" +
                                       ip +
                                       R"(:8080/index.html; do sleep 0.5; done; exec sleep 3600"]
    volumeMounts: [{name: h, mountPath: /h}]
    lifecycle: {preStop: {exec: {command: [sh, -c, "echo stopping > /h/prestop"]}}}
  volumes:
  - {name: h, hostPath: {path: )" + host_dir +
                                       R"(, type: DirectoryOrCreate}}
)"));
  WaitPod("client", Running, seconds(60));
  EXPECT_TRUE(
      WaitFor([&] { return ContainerLog("client", "main", 0).find("F ok") != std::string::npos; },
              seconds(20)))
      << ContainerLog("client", "main", 0);
  EXPECT_EQ(Slurp(host_dir + "/file"), "hi\n");

  // kill -9 containerd: the worker restarts it and the pods keep running.
  std::string web_id = Container(PodStatus("web"), "web")["containerID"];
  pid_t containerd = std::stoi(Slurp(run_ + "/containerd.pid"));
  ASSERT_EQ(::kill(containerd, SIGKILL), 0);
  EXPECT_TRUE(WaitFor(
      [&] {
        std::string pid = Slurp(run_ + "/containerd.pid");
        return !pid.empty() && std::stoi(pid) != containerd && !Containers("web").empty();
      },
      seconds(60)))
      << Logs();
  std::this_thread::sleep_for(seconds(2));  // Some syncs against the new containerd.
  json after = WaitPod("web", Running, seconds(30));
  EXPECT_EQ(Container(after, "web")["containerID"], web_id);
  EXPECT_EQ(Container(after, "web")["restartCount"], 0);
  EXPECT_EQ(Sandboxes("web").size(), 1u);
  WritePod("late", Pod("late", R"(  containers:
  - {name: main, image: "docker.io/wisp-e2e/busybox:1", command: [sleep, "3600"]}
)"));
  WaitPod("late", Running, seconds(60));

  // The preStop hook runs before the container is stopped.
  RemovePod("client");
  EXPECT_TRUE(WaitFor([&] { return Sandboxes("client").empty(); }, seconds(10))) << Logs();
  EXPECT_EQ(Slurp(host_dir + "/prestop"), "stopping\n");
}

// A free TCP port on 127.0.0.1 (bound, then released for the registry).
int FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    return 0;
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

TEST_F(KubeletE2eTest, PullsFromALocalRegistry) {
  for (const char* tool : {"/usr/bin/docker-registry", "/usr/bin/skopeo"}) {
    if (::access(tool, X_OK) != 0) GTEST_SKIP() << tool << " is not installed";
  }
  int port = FreeLoopbackPort();
  ASSERT_GT(port, 0);
  std::string addr = "127.0.0.1:" + std::to_string(port);
  std::string config = tmp_ + "/registry.yaml";
  std::ofstream(config) << "version: 0.1\nlog: {level: warn}\nstorage:\n  filesystem:\n"
                           "    rootdirectory: "
                        << tmp_ << "/registry\nhttp:\n  addr: " << addr << "\n";
  pid_t registry = ::fork();
  ASSERT_GE(registry, 0);
  if (registry == 0) {
    ::setpgid(0, 0);
    std::string log = tmp_ + "/registry.log";
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::execl("/usr/bin/docker-registry", "docker-registry", "serve", config.c_str(), nullptr);
    ::_exit(127);
  }
  // Plain HTTP for this registry, through containerd's hosts dir.
  std::string hosts = data_ + "/containerd/certs.d/" + addr;
  std::filesystem::create_directories(hosts);
  std::ofstream(hosts + "/hosts.toml") << "server = \"http://" << addr << "\"\n[host.\"http://"
                                       << addr << "\"]\n  capabilities = [\"pull\", \"resolve\"]\n";
  std::string image = addr + "/wisp/busybox:2";
  std::string push =
      "skopeo --insecure-policy copy -q --dest-tls-verify=false oci-archive:" + data_ +
      "/images/busybox.tar docker://" + image + " >> " + tmp_ + "/registry.log 2>&1";
  EXPECT_TRUE(WaitFor([&] { return std::system(push.c_str()) == 0; }, seconds(30)))
      << Slurp(tmp_ + "/registry.log");
  // The node starts with only the archive's image; the pod's image is pulled.
  std::filesystem::remove(data_ + "/images/busybox.tar");
  StartNode(false, /*wait_for_image=*/false);
  StartKubelet();
  WritePod("pulled", Pod("pulled",
                         "  terminationGracePeriodSeconds: 1\n  containers:\n"
                         "  - {name: main, image: \"" +
                             image + "\", command: [sh, -c, \"echo pulled; exec sleep 3600\"]}\n"));
  json st = WaitPod("pulled", Running, seconds(90));
  EXPECT_NE(Container(st, "main")["imageID"].get<std::string>().find("sha256:"), std::string::npos);
  EXPECT_TRUE(WaitFor(
      [&] { return ContainerLog("pulled", "main", 0).find("F pulled") != std::string::npos; },
      seconds(10)));
  ::kill(-registry, SIGKILL);
  ::waitpid(registry, nullptr, 0);
}

}  // namespace
}  // namespace wisp::e2e
