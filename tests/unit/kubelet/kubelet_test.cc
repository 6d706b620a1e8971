// The kubelet as a component over the fake runtime: manifests in a temp dir
// become pods and status files; a restarted kubelet adopts them; edited and
// removed manifests replace and remove pods; pods the runtime holds without a
// manifest are removed. Real threads and inotify: tests wait on conditions.
#include "wisp/kubelet/kubelet.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "kubelet/runtime_config.h"
#include "unit/kubelet/fake_runtime.h"
#include "wisp/base/files.h"

namespace wisp::kubelet {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::FakeRuntime;
using testing::RuntimeRef;

template <typename F>
bool WaitFor(F cond) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return cond();
}

std::string PodYaml(const std::string& name, const std::string& command) {
  return "apiVersion: v1\nkind: Pod\nmetadata: {name: " + name +
         "}\nspec:\n  terminationGracePeriodSeconds: 0\n  containers:\n"
         "  - {name: c, image: \"b:1\", command: [" +
         command + "]}\n";
}

class KubeletTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/wisp-kubelet-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    tmp_ = tmpl;
    options_.data_dir = tmp_ + "/data";
    options_.run_dir = tmp_ + "/run";
    options_.pod_logs_dir = tmp_ + "/logs";
    options_.node_name = "n1";
    options_.sync_frequency = std::chrono::milliseconds(50);
    options_ = WithDefaults(options_);
    fs::create_directories(options_.pod_manifest_path);
    rt_.AddImage("b:1");
  }
  void TearDown() override {
    if (kubelet_) (void)kubelet_->Stop();
    fs::remove_all(tmp_);
  }
  void Start() {
    kubelet_ = NewKubelet(options_, std::make_unique<RuntimeRef>(rt_));
    ASSERT_TRUE(kubelet_->Init().ok());
    ASSERT_TRUE(kubelet_->Start().ok());
    EXPECT_TRUE(kubelet_->Ready().ok());
  }
  void Write(const std::string& file, const std::string& yaml) {
    ASSERT_TRUE(base::WriteFileAtomic(options_.pod_manifest_path + "/" + file, yaml).ok());
  }
  json Status(const std::string& name) {
    std::ifstream in(PodStatusPath(options_, "default", name + "-n1"));
    std::stringstream ss;
    ss << in.rdbuf();
    return json::parse(ss.str(), nullptr, false);
  }
  bool Running(const std::string& name) {
    json obj = Status(name);
    return !obj.is_discarded() && obj["status"]["phase"] == "Running";
  }
  size_t Sandboxes() { return rt_.sandboxes().size(); }

  std::string tmp_;
  KubeletOptions options_;
  FakeRuntime rt_;
  std::unique_ptr<component::Component> kubelet_;
};

TEST_F(KubeletTest, RunsStaticPodAndWritesItsStatus) {
  Write("web.yaml", PodYaml("web", "sleep"));
  Start();
  ASSERT_TRUE(WaitFor([&] { return Running("web"); }));
  json obj = Status("web");
  EXPECT_EQ(obj["kind"], "Pod");
  EXPECT_EQ(obj["metadata"]["name"], "web-n1");
  EXPECT_EQ(obj["spec"]["restartPolicy"], "Always");
  EXPECT_EQ(obj["status"]["podIP"].get<std::string>().rfind("10.0.0.", 0), 0u);
  EXPECT_EQ(Sandboxes(), 1u);
}

TEST_F(KubeletTest, ASteadyPodIsReadOncePerSync) {
  Write("web.yaml", PodYaml("web", "sleep"));
  Start();
  ASSERT_TRUE(WaitFor([&] { return Running("web"); }));
  // The node-wide listing and the pod's own sync both run every 50 ms; a
  // sync that changes nothing reads the pod once, not again afterwards.
  int pod_reads = rt_.filtered_list_calls();
  int node_reads = rt_.list_calls() - pod_reads;
  std::this_thread::sleep_for(std::chrono::seconds(1));
  pod_reads = rt_.filtered_list_calls() - pod_reads;
  node_reads = rt_.list_calls() - rt_.filtered_list_calls() - node_reads;
  EXPECT_GT(node_reads, 5);
  EXPECT_LT(pod_reads, node_reads * 3 / 2)
      << pod_reads << " pod reads, " << node_reads << " node-wide listings";
  EXPECT_TRUE(Running("web"));
}

TEST_F(KubeletTest, RejectsBadLogRotationOptions) {
  KubeletOptions o = options_;
  EXPECT_TRUE(ValidateOptions(o).ok());
  o.container_log_max_size = "ten";
  absl::Status st = ValidateOptions(o);
  EXPECT_NE(st.message().find("--container-log-max-size"), std::string_view::npos) << st;
  o.container_log_max_size = "0";
  EXPECT_FALSE(ValidateOptions(o).ok());
  o = options_;
  o.container_log_max_files = 1;
  st = ValidateOptions(o);
  EXPECT_NE(st.message().find("--container-log-max-files"), std::string_view::npos) << st;
  options_.container_log_max_files = 0;
  kubelet_ = NewKubelet(options_, std::make_unique<RuntimeRef>(rt_));
  EXPECT_FALSE(kubelet_->Init().ok());
  kubelet_.reset();
}

TEST_F(KubeletTest, RotatesTheLogOfARunningContainer) {
  options_.container_log_max_size = "1Ki";
  options_.container_log_max_files = 2;
  Write("web.yaml", PodYaml("web", "sleep"));
  Start();
  ASSERT_TRUE(WaitFor([&] { return Running("web"); }));
  std::string dir;
  for (const auto& e : fs::recursive_directory_iterator(options_.pod_logs_dir)) {
    if (e.is_directory() && e.path().filename() == "c") dir = e.path().string();
  }
  ASSERT_FALSE(dir.empty());
  std::ofstream(dir + "/0.log") << std::string(2048, 'x');
  ASSERT_TRUE(WaitFor([&] { return !rt_.reopened().empty(); }));
  EXPECT_EQ(rt_.reopened()[0], rt_.containers().begin()->first);
  EXPECT_FALSE(fs::exists(dir + "/0.log"));
  int rotated = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    rotated += e.path().filename().string().rfind("0.log.", 0) == 0;
  }
  EXPECT_EQ(rotated, 1);
}

TEST_F(KubeletTest, RestartedKubeletAdoptsPodsWithoutDuplicates) {
  Write("web.yaml", PodYaml("web", "sleep"));
  Start();
  ASSERT_TRUE(WaitFor([&] { return Running("web"); }));
  auto containers = rt_.containers();
  ASSERT_TRUE(kubelet_->Stop().ok());
  fs::remove(PodStatusPath(options_, "default", "web-n1"));
  Start();
  // The status file is written after the pod's first sync; then some more.
  ASSERT_TRUE(WaitFor([&] { return Running("web"); }));
  int lists = rt_.list_calls();
  ASSERT_TRUE(WaitFor([&] { return rt_.list_calls() >= lists + 10; }));
  EXPECT_EQ(Sandboxes(), 1u);
  auto after = rt_.containers();
  ASSERT_EQ(after.size(), containers.size());
  EXPECT_EQ(after.begin()->first, containers.begin()->first);
}

TEST_F(KubeletTest, EditedManifestReplacesPodAndRemovedManifestRemovesIt) {
  Write("web.yaml", PodYaml("web", "sleep"));
  Start();
  ASSERT_TRUE(WaitFor([&] { return Running("web"); }));
  std::string old_uid = Status("web")["metadata"]["uid"];
  Write("web.yaml", PodYaml("web", "sleep, \"2\""));
  ASSERT_TRUE(WaitFor([&] {
    json obj = Status("web");
    return !obj.is_discarded() && obj["metadata"]["uid"] != old_uid && Running("web") &&
           Sandboxes() == 1;
  }));
  for (const auto& [id, c] : rt_.containers()) {
    EXPECT_NE(c.config.labels().at(kPodUidLabel), old_uid);
  }
  fs::remove(options_.pod_manifest_path + "/web.yaml");
  ASSERT_TRUE(WaitFor([&] { return Sandboxes() == 0 && rt_.containers().empty(); }));
  EXPECT_TRUE(WaitFor([&] { return !fs::exists(PodStatusPath(options_, "default", "web-n1")); }));
}

TEST_F(KubeletTest, PodWithoutManifestIsRemoved) {
  cri::v1::RunPodSandboxRequest req;
  req.mutable_config()->mutable_metadata()->set_name("stale-n1");
  auto& labels = *req.mutable_config()->mutable_labels();
  labels[kPodUidLabel] = "stale-uid";
  labels[kPodNameLabel] = "stale-n1";
  labels[kPodNamespaceLabel] = "default";
  ASSERT_TRUE(rt_.RunPodSandbox(req).ok());
  cri::v1::RunPodSandboxRequest foreign;  // Not the kubelet's: no labels.
  foreign.mutable_config()->mutable_metadata()->set_name("foreign");
  ASSERT_TRUE(rt_.RunPodSandbox(foreign).ok());
  Start();
  ASSERT_TRUE(WaitFor([&] { return Sandboxes() == 1; }));
  EXPECT_EQ(rt_.sandboxes().begin()->second.config.metadata().name(), "foreign");
}

}  // namespace
}  // namespace wisp::kubelet
