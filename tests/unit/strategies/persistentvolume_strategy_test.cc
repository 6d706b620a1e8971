// PersistentVolumes: defaults and required fields.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

TEST(PersistentVolumeStrategy, DefaultsAndPendingStatus) {
  auto s = NewPersistentVolumeStrategy();
  Json pv = J(R"({"metadata":{"name":"pv1"},"spec":{"capacity":{"storage":"1Gi"},
      "accessModes":["ReadWriteOnce"],"hostPath":{"path":"/data"}}})");
  Causes causes = testing::Create(*s, pv);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(pv["spec"]["persistentVolumeReclaimPolicy"], "Retain");
  EXPECT_EQ(pv["spec"]["volumeMode"], "Filesystem");
  EXPECT_EQ(pv["spec"]["hostPath"]["type"], "");
  EXPECT_EQ(pv["status"]["phase"], "Pending");
  EXPECT_EQ(pv["status"]["lastPhaseTransitionTime"].get<std::string>().size(), 20u);
  Json available = pv;
  available["status"] = J(R"({"phase":"Available"})");
  s->PrepareForStatusUpdate(available, pv);
  EXPECT_EQ(available["status"]["phase"], "Available");
  EXPECT_TRUE(available["status"]["lastPhaseTransitionTime"].is_string());
}

TEST(PersistentVolumeStrategy, NetworkSourcesAreDefaultedAsInPods) {
  auto s = NewPersistentVolumeStrategy();
  Json pv = J(R"({"metadata":{"name":"pv1"},"spec":{"capacity":{"storage":"1Gi"},
      "accessModes":["ReadWriteOnce"],"rbd":{"monitors":["m"],"image":"img"}}})");
  Causes causes = testing::Create(*s, pv);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(pv["spec"]["rbd"]["pool"], "rbd");
  EXPECT_EQ(pv["spec"]["rbd"]["keyring"], "/etc/ceph/keyring");
}

TEST(PersistentVolumeStrategy, TheSourceIsImmutable) {
  auto s = NewPersistentVolumeStrategy();
  Json pv = J(R"({"metadata":{"name":"pv1"},"spec":{"capacity":{"storage":"1Gi"},
      "accessModes":["ReadWriteOnce"],"hostPath":{"path":"/data"}}})");
  ASSERT_TRUE(testing::Create(*s, pv).empty());
  Json resized = pv;
  resized["spec"]["capacity"]["storage"] = "2Gi";
  Causes causes = testing::Update(*s, resized, pv);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  Json moved = pv;
  moved["spec"]["hostPath"]["path"] = "/other";
  EXPECT_TRUE(HasCause(testing::Update(*s, moved, pv), "spec.persistentvolumesource",
                       "FieldValueForbidden", "is immutable after creation"));
}

TEST(PersistentVolumeStrategy, RequiredFields) {
  auto s = NewPersistentVolumeStrategy();
  Json pv = J(R"({"metadata":{"name":"pv1"},"spec":{}})");
  Causes causes = testing::Create(*s, pv);
  EXPECT_TRUE(HasCause(causes, "spec.accessModes", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, "spec.capacity", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, "spec", "FieldValueRequired", "must specify a volume type"));
}

}  // namespace
}  // namespace wisp::strategies
