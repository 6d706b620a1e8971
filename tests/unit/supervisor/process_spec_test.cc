#include <gtest/gtest.h>

#include "wisp/supervisor/process_supervisor.h"

namespace wisp::supervisor {
namespace {

ProcessSpec Valid() {
  ProcessSpec spec;
  spec.name = "datastore";
  spec.argv = {"/usr/bin/wisp", "datastore"};
  spec.env = {"GOMAXPROCS=2"};
  spec.run_dir = "/run/wisp";
  spec.log_dir = "/var/log/wisp";
  return spec;
}

void ExpectInvalid(const ProcessSpec& spec, const std::string& field) {
  absl::Status st = ValidateSpec(spec);
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;
  EXPECT_NE(st.message().find(field), absl::string_view::npos) << st;
}

TEST(ProcessSpecTest, AcceptsValidSpec) { EXPECT_TRUE(ValidateSpec(Valid()).ok()); }

TEST(ProcessSpecTest, RejectsBadNames) {
  for (const char* name : {"", ".", "..", "a/b"}) {
    ProcessSpec spec = Valid();
    spec.name = name;
    ExpectInvalid(spec, "name");
  }
}

TEST(ProcessSpecTest, RejectsEmptyOrRelativeArgv) {
  ProcessSpec spec = Valid();
  spec.argv.clear();
  ExpectInvalid(spec, "argv");
  spec.argv = {"wisp", "datastore"};
  ExpectInvalid(spec, "argv[0]");
}

TEST(ProcessSpecTest, RequiresRunAndLogDirs) {
  ProcessSpec spec = Valid();
  spec.run_dir.clear();
  ExpectInvalid(spec, "run_dir");
  spec = Valid();
  spec.log_dir.clear();
  ExpectInvalid(spec, "log_dir");
}

TEST(ProcessSpecTest, RejectsEnvEntryWithoutKey) {
  ProcessSpec spec = Valid();
  spec.env.push_back("NOEQUALS");
  ExpectInvalid(spec, "env[1]");
  spec.env.back() = "=value";
  ExpectInvalid(spec, "env[1]");
}

TEST(ProcessSpecTest, RejectsZeroLogSize) {
  ProcessSpec spec = Valid();
  spec.log_max_bytes = 0;
  ExpectInvalid(spec, "log_max_bytes");
}

TEST(ProcessSpecTest, Paths) {
  EXPECT_EQ(PidFilePath(Valid()), "/run/wisp/datastore.pid");
  EXPECT_EQ(LogFilePath(Valid()), "/var/log/wisp/datastore.log");
}

}  // namespace
}  // namespace wisp::supervisor
