// File: tests/e2e/kubectl/kubectl_fixture.h
//
// KubectlTest: the installed kubectl against a `wisp controller` on the
// SQLite datastore or on a real etcd (the test parameter). One cluster per
// storage is shared by the tests of a process; tests use their own
// namespaces.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "e2e/kubectl/cluster.h"

namespace wisp::e2e {

class KubectlTest : public ::testing::TestWithParam<Storage> {
 protected:
  void SetUp() override {
    if (system("command -v kubectl >/dev/null 2>&1") != 0) GTEST_SKIP() << "kubectl not installed";
    if (GetParam() == Storage::kEtcd && system("command -v etcd >/dev/null 2>&1") != 0) {
      GTEST_SKIP() << "etcd not installed";
    }
    auto& slot = GetParam() == Storage::kSqlite ? sqlite_ : etcd_;
    if (!slot) {
      slot = std::make_unique<Cluster>(GetParam());
      ASSERT_TRUE(slot->Start()) << slot->Logs();
    }
    cluster_ = slot.get();
  }

  static void TearDownTestSuite() {
    sqlite_.reset();
    etcd_.reset();
  }

  CommandResult K(const std::string& args) { return cluster_->Kubectl(args); }
  // Runs kubectl and expects success.
  std::string Ok(const std::string& args) {
    CommandResult r = K(args);
    EXPECT_EQ(r.exit_code, 0) << "kubectl " << args << "\n" << r.output;
    return r.output;
  }
  void Namespace(const std::string& ns) { Ok("create namespace " + ns); }

  Cluster* cluster_ = nullptr;
  static std::unique_ptr<Cluster> sqlite_;
  static std::unique_ptr<Cluster> etcd_;
};

}  // namespace wisp::e2e
