// File: tests/unit/kubelet/test_pods.h
//
// Pods for the kubelet's unit tests, parsed from YAML like real manifests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "kubelet/pod_parse.h"
#include "kubelet/yaml_json.h"

namespace wisp::testing {

inline kubelet::Pod ParseTestPod(const std::string& yaml, const std::string& uid = "uid1") {
  auto obj = kubelet::YamlToJson(yaml);
  EXPECT_TRUE(obj.ok()) << obj.status();
  auto pod = kubelet::ParsePod(*obj, "node1", uid);
  EXPECT_TRUE(pod.ok()) << pod.status();
  return pod.ok() ? *pod : kubelet::Pod{};
}

}  // namespace wisp::testing
