// PersistentVolumeClaims: defaults, required fields, immutable spec.
#include "strategies/kinds.h"
#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

Json Claim() {
  return J(R"({"metadata":{"name":"data","namespace":"d"},"spec":{"accessModes":["ReadWriteOnce"],
      "resources":{"requests":{"storage":"1Gi"}}}})");
}

TEST(PersistentVolumeClaimStrategy, DefaultsAndPendingStatus) {
  auto s = NewPersistentVolumeClaimStrategy();
  Json pvc = Claim();
  Causes causes = testing::Create(*s, pvc);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  EXPECT_EQ(pvc["spec"]["volumeMode"], "Filesystem");
  EXPECT_EQ(pvc["status"], J(R"({"phase":"Pending"})"));
}

TEST(PersistentVolumeClaimStrategy, RequiredFields) {
  auto s = NewPersistentVolumeClaimStrategy();
  Json pvc = J(R"({"metadata":{"name":"data","namespace":"d"},"spec":{}})");
  Causes causes = testing::Create(*s, pvc);
  EXPECT_TRUE(HasCause(causes, "spec.accessModes", "FieldValueRequired",
                       "at least 1 access mode is required"));
  EXPECT_TRUE(HasCause(causes, "spec.resources[storage]", "FieldValueRequired"));
}

TEST(PersistentVolumeClaimStrategy, SpecIsImmutableExceptRequestsAndBinding) {
  auto s = NewPersistentVolumeClaimStrategy();
  Json old = Claim();
  testing::Create(*s, old);
  Json grown = old;
  grown["spec"]["resources"]["requests"]["storage"] = "2Gi";
  grown["spec"]["volumeName"] = "pv-1";
  EXPECT_TRUE(testing::Update(*s, grown, old).empty());
  Json changed = old;
  changed["spec"]["accessModes"] = J(R"(["ReadWriteMany"])");
  EXPECT_TRUE(HasCause(testing::Update(*s, changed, old), "spec", "FieldValueForbidden",
                       "spec is immutable after creation"));
}

}  // namespace
}  // namespace wisp::strategies
