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

TEST(PersistentVolumeClaimStrategy, DataSourceAndRefSayTheSame) {
  auto s = NewPersistentVolumeClaimStrategy();
  Json restore = Claim();
  restore["spec"]["dataSource"] =
      J(R"({"apiGroup":"snapshot.storage.k8s.io","kind":"VolumeSnapshot","name":"snap"})");
  ASSERT_TRUE(testing::Create(*s, restore).empty());
  EXPECT_EQ(restore["spec"]["dataSourceRef"], restore["spec"]["dataSource"]);
  Json ref = Claim();
  ref["spec"]["dataSourceRef"] = J(R"({"kind":"PersistentVolumeClaim","name":"src"})");
  ASSERT_TRUE(testing::Create(*s, ref).empty());
  EXPECT_EQ(ref["spec"]["dataSource"], J(R"({"kind":"PersistentVolumeClaim","name":"src"})"));
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
  // Pending: the request is as immutable as the rest; binding is allowed.
  Json pending_growth = old;
  pending_growth["spec"]["resources"]["requests"]["storage"] = "2Gi";
  EXPECT_TRUE(HasCause(testing::Update(*s, pending_growth, old), "spec", "FieldValueForbidden"));
  Json binding = old;
  binding["spec"]["volumeName"] = "pv-1";
  EXPECT_TRUE(testing::Update(*s, binding, old).empty());
  // A claim without a class may get one (the retroactive default class).
  Json classed = old;
  classed["spec"]["storageClassName"] = "local";
  Causes causes = testing::Update(*s, classed, old);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  // Bound: the storage request may grow, not shrink to the capacity.
  Json bound = old;
  bound["status"] = J(R"({"phase":"Bound","capacity":{"storage":"1Gi"}})");
  Json grown = bound;
  grown["spec"]["resources"]["requests"]["storage"] = "2Gi";
  causes = testing::Update(*s, grown, bound);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  Json shrunk = bound;
  shrunk["spec"]["resources"]["requests"]["storage"] = "512Mi";
  EXPECT_TRUE(HasCause(testing::Update(*s, shrunk, bound), "spec.resources.requests.storage",
                       "FieldValueForbidden", "field can not be less than status.capacity"));
  Json changed = old;
  changed["spec"]["accessModes"] = J(R"(["ReadWriteMany"])");
  EXPECT_TRUE(HasCause(testing::Update(*s, changed, old), "spec", "FieldValueForbidden",
                       "spec is immutable after creation"));
}

}  // namespace
}  // namespace wisp::strategies
