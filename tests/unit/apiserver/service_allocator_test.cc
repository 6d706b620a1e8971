#include "apiserver/service_allocator.h"

#include <gtest/gtest.h>

#include <set>

#include "unit/apiserver/fake_etcd.h"

namespace wisp::apiserver {
namespace {

using nlohmann::json;
using testing::FakeEtcd;

json Service(const std::string& type = "ClusterIP") {
  return {{"metadata", {{"name", "s"}}},
          {"spec", {{"type", type}, {"ports", json::array({{{"port", 80}}})}}}};
}

TEST(ServiceAllocatorTest, RejectsBadRanges) {
  FakeEtcd etcd;
  EXPECT_FALSE(ServiceAllocator::Create(etcd, "10.96.0.0", "30000-32767").ok());
  EXPECT_FALSE(ServiceAllocator::Create(etcd, "10.96.0.0/12", "32767-30000").ok());
  EXPECT_FALSE(ServiceAllocator::Create(etcd, "nope/12", "30000-32767").ok());
}

TEST(ServiceAllocatorTest, AllocatesDistinctAddressesInRange) {
  FakeEtcd etcd;
  auto a = ServiceAllocator::Create(etcd, "10.0.0.0/28", "30000-30010");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ((*a)->FirstIp(), "10.0.0.1");
  std::set<std::string> seen;
  for (int i = 0; i < 13; ++i) {  // 16 - network - broadcast - first
    json svc = Service();
    apimachinery::ApiError err;
    ASSERT_TRUE((*a)->Allocate(svc, false, &err).ok()) << err.message;
    std::string ip = svc["spec"]["clusterIP"];
    EXPECT_TRUE(seen.insert(ip).second) << ip;
    EXPECT_NE(ip, "10.0.0.1");
    EXPECT_EQ(svc["spec"]["clusterIPs"], json::array({ip}));
  }
  json full = Service();
  apimachinery::ApiError err;
  EXPECT_FALSE((*a)->Allocate(full, false, &err).ok());
}

TEST(ServiceAllocatorTest, RequestedAddressAndPortConflicts) {
  FakeEtcd etcd;
  auto a = ServiceAllocator::Create(etcd, "10.96.0.0/12", "30000-32767");
  ASSERT_TRUE(a.ok());
  json one = Service("NodePort");
  one["spec"]["clusterIP"] = "10.96.0.50";
  one["spec"]["ports"][0]["nodePort"] = 30080;
  apimachinery::ApiError err;
  ASSERT_TRUE((*a)->Allocate(one, false, &err).ok()) << err.message;
  json two = one;
  EXPECT_FALSE((*a)->Allocate(two, false, &err).ok());
  EXPECT_EQ(err.code, 422);
  EXPECT_NE(err.message.find("provided IP is already allocated"), std::string::npos) << err.message;
  json three = Service("NodePort");
  three["spec"]["ports"][0]["nodePort"] = 30080;
  EXPECT_FALSE((*a)->Allocate(three, false, &err).ok());
  EXPECT_NE(err.message.find("provided port is already allocated"), std::string::npos)
      << err.message;
  (*a)->Release(one);
  json again = one;
  EXPECT_TRUE((*a)->Allocate(again, false, &err).ok()) << err.message;
}

TEST(ServiceAllocatorTest, HeadlessAndExternalNameGetNoAddress) {
  FakeEtcd etcd;
  auto a = ServiceAllocator::Create(etcd, "10.96.0.0/12", "30000-32767");
  ASSERT_TRUE(a.ok());
  json headless = Service();
  headless["spec"]["clusterIP"] = "None";
  apimachinery::ApiError err;
  ASSERT_TRUE((*a)->Allocate(headless, false, &err).ok());
  EXPECT_EQ(headless["spec"]["clusterIP"], "None");
  json ext = Service("ExternalName");
  ASSERT_TRUE((*a)->Allocate(ext, false, &err).ok());
  EXPECT_FALSE(ext["spec"].contains("clusterIP"));
}

// upstream's initNodePorts: the TCP and UDP entries of one port share a
// node port; a load balancer may opt out of unrequested ones.
TEST(ServiceAllocatorTest, EntriesOfOnePortShareANodePort) {
  FakeEtcd etcd;
  auto a = ServiceAllocator::Create(etcd, "10.96.0.0/12", "30000-30100");
  ASSERT_TRUE(a.ok());
  json dns = Service("NodePort");
  dns["spec"]["ports"] = json::parse(R"([{"port":53,"protocol":"UDP"},
      {"port":53,"protocol":"TCP","nodePort":30053},{"port":80}])");
  apimachinery::ApiError err;
  ASSERT_TRUE((*a)->Allocate(dns, false, &err).ok()) << err.message;
  EXPECT_EQ(dns["spec"]["ports"][0]["nodePort"], 30053);
  EXPECT_EQ(dns["spec"]["ports"][1]["nodePort"], 30053);
  EXPECT_NE(dns["spec"]["ports"][2]["nodePort"], 30053);
  json quiet = Service("LoadBalancer");
  quiet["spec"]["allocateLoadBalancerNodePorts"] = false;
  ASSERT_TRUE((*a)->Allocate(quiet, false, &err).ok()) << err.message;
  EXPECT_FALSE(quiet["spec"]["ports"][0].contains("nodePort"));
}

TEST(ServiceAllocatorTest, LocalLoadBalancersGetAHealthCheckNodePort) {
  FakeEtcd etcd;
  auto a = ServiceAllocator::Create(etcd, "10.96.0.0/12", "30000-30001");
  ASSERT_TRUE(a.ok());
  json cluster = Service("LoadBalancer");
  cluster["spec"]["externalTrafficPolicy"] = "Cluster";
  apimachinery::ApiError err;
  ASSERT_TRUE((*a)->Allocate(cluster, true, &err).ok()) << err.message;
  EXPECT_FALSE(cluster["spec"].contains("healthCheckNodePort"));
  json local = Service("LoadBalancer");
  local["spec"]["externalTrafficPolicy"] = "Local";
  ASSERT_TRUE((*a)->Allocate(local, false, &err).ok()) << err.message;
  const int health = local["spec"]["healthCheckNodePort"];
  const int node = local["spec"]["ports"][0]["nodePort"];
  EXPECT_NE(health, node);
  EXPECT_EQ(std::set<int>({health, node}), std::set<int>({30000, 30001}));
  // Both ports of the two-port range are taken now.
  json another = Service("NodePort");
  EXPECT_FALSE((*a)->Allocate(another, false, &err).ok());
  // Switching to Cluster frees the health-check port once the update is stored.
  json next = local;
  next["spec"]["externalTrafficPolicy"] = "Cluster";
  next["spec"].erase("healthCheckNodePort");
  ASSERT_TRUE((*a)->AllocateUpdate(next, local, false, &err).ok()) << err.message;
  (*a)->ReleaseUnused(local, next);
  json third = Service("NodePort");
  ASSERT_TRUE((*a)->Allocate(third, false, &err).ok()) << err.message;
  EXPECT_EQ(third["spec"]["ports"][0]["nodePort"], health);
  // And back to Local needs a port the full range no longer has.
  json back = next;
  back["spec"]["externalTrafficPolicy"] = "Local";
  EXPECT_FALSE((*a)->AllocateUpdate(back, next, false, &err).ok());
  EXPECT_NE(err.message.find("range is full"), std::string::npos) << err.message;
}

TEST(ServiceAllocatorTest, RepairDropsUnusedAndRestoresMissingReservations) {
  FakeEtcd etcd;
  auto a = ServiceAllocator::Create(etcd, "10.96.0.0/12", "30000-32767");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(etcd.Create("/registry/wisp/serviceips/10.96.0.9", "1").ok());  // leaked
  json svc = Service();
  svc["spec"]["clusterIP"] = "10.96.0.7";
  ASSERT_TRUE(etcd.Create("/registry/services/specs/default/s", svc.dump()).ok());
  ASSERT_TRUE((*a)->Repair().ok());
  EXPECT_TRUE(etcd.Range("/registry/wisp/serviceips/10.96.0.9", "", 0, 0)->kvs.empty());
  EXPECT_EQ(etcd.Range("/registry/wisp/serviceips/10.96.0.7", "", 0, 0)->kvs.size(), 1u);
}

}  // namespace
}  // namespace wisp::apiserver
