// pvc-protection and pv-protection, as housekeeping runs them.
#include "apiserver/volume_protection.h"

#include <gtest/gtest.h>

#include "unit/apiserver/rest_fixture.h"

namespace wisp::apiserver {
namespace {

class VolumeProtectionTest : public RestTest {
 protected:
  // Housekeeping reads the watch cache: let it catch up, then run a pass.
  void Pass() {
    ASSERT_TRUE(
        caches_.WaitFor(etcd_.Range("/", "", 0, 0)->revision, std::chrono::seconds(2)).ok());
    ASSERT_TRUE(ReleaseProtectedVolumes(*rest_).ok());
  }
};

TEST_F(VolumeProtectionTest, ClaimsStayWhileAPodUsesThem) {
  Result pvc = Call("POST", "/api/v1/namespaces/ns/persistentvolumeclaims",
                    R"({"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],
                        "resources":{"requests":{"storage":"1Gi"}}}})");
  ASSERT_EQ(pvc.status, 201) << pvc.raw;
  EXPECT_EQ(pvc.body["metadata"]["finalizers"], json::array({"kubernetes.io/pvc-protection"}));
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/pods", R"({"metadata":{"name":"pending"},
      "spec":{"automountServiceAccountToken":false,
        "containers":[{"name":"c","image":"busybox"}],
        "volumes":[{"name":"d","persistentVolumeClaim":{"claimName":"data"}}]}})")
                .status,
            201);  // never scheduled: uses nothing yet
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/pods", R"({"metadata":{"name":"db"},
      "spec":{"automountServiceAccountToken":false,"nodeName":"n1",
        "containers":[{"name":"c","image":"busybox"}],
        "volumes":[{"name":"d","persistentVolumeClaim":{"claimName":"data"}}]}})")
                .status,
            201);
  ASSERT_EQ(Call("DELETE", "/api/v1/namespaces/ns/persistentvolumeclaims/data").status, 200);
  Pass();
  Result held = Call("GET", "/api/v1/namespaces/ns/persistentvolumeclaims/data");
  ASSERT_EQ(held.status, 200) << "a pod still uses it";
  EXPECT_TRUE(held.body["metadata"].contains("deletionTimestamp"));
  ASSERT_EQ(Call("DELETE", "/api/v1/namespaces/ns/pods/db?gracePeriodSeconds=0").status, 200);
  Pass();
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/persistentvolumeclaims/data").status, 404);
}

TEST_F(VolumeProtectionTest, VolumesStayWhileBoundAndOtherFinalizersAreKept) {
  Result pv = Call("POST", "/api/v1/persistentvolumes",
                   R"({"metadata":{"name":"pv1","finalizers":["example.com/keep"]},
                       "spec":{"accessModes":["ReadWriteOnce"],"capacity":{"storage":"1Gi"},
                       "hostPath":{"path":"/tmp/pv1"}}})");
  ASSERT_EQ(pv.status, 201) << pv.raw;
  EXPECT_EQ(pv.body["metadata"]["finalizers"],
            json::array({"example.com/keep", "kubernetes.io/pv-protection"}));
  ASSERT_EQ(Call("DELETE", "/api/v1/persistentvolumes/pv1").status, 200);
  Pass();
  Result left = Call("GET", "/api/v1/persistentvolumes/pv1");
  ASSERT_EQ(left.status, 200);
  EXPECT_EQ(left.body["metadata"]["finalizers"], json::array({"example.com/keep"}));
}

}  // namespace
}  // namespace wisp::apiserver
