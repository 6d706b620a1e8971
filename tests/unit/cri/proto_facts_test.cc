// proto/cri/api.proto must state the CRI v1 wire facts recorded in
// ../shared/reference/cri-v1-proto-fields.json. wisp declares the Linux
// subset it uses: every declared service method, message, field and enum
// must match upstream, and a declared message may omit only Windows fields.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cri/api.grpc.pb.h"
#include "cri/api.pb.h"
#include "google/protobuf/descriptor.h"

namespace wisp::cri {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;

nlohmann::json LoadFacts() {
  std::ifstream in(std::string(WISP_SOURCE_DIR) + "/../shared/reference/cri-v1-proto-fields.json");
  if (!in) return nullptr;
  return nlohmann::json::parse(in);
}

std::string TypeName(const FieldDescriptor* f) {
  if (f->is_map()) return "map";
  if (f->message_type()) return f->message_type()->full_name();
  if (f->enum_type()) return f->enum_type()->full_name();
  return f->type_name();
}

const FileDescriptor* CriFile() { return runtime::v1::VersionRequest::descriptor()->file(); }

void CollectMessages(const Descriptor* d, std::vector<const Descriptor*>& out) {
  if (d->options().map_entry()) return;
  out.push_back(d);
  for (int i = 0; i < d->nested_type_count(); ++i) CollectMessages(d->nested_type(i), out);
}

class CriProtoFactsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    facts_ = LoadFacts();
    if (facts_.is_null()) GTEST_SKIP() << "reference facts not available";
  }
  nlohmann::json facts_;
};

TEST_F(CriProtoFactsTest, EveryDeclaredMessageMatchesUpstream) {
  std::vector<const Descriptor*> messages;
  for (int i = 0; i < CriFile()->message_type_count(); ++i) {
    CollectMessages(CriFile()->message_type(i), messages);
  }
  ASSERT_GT(messages.size(), 50u);
  for (const Descriptor* d : messages) {
    const std::string& name = d->full_name();
    ASSERT_TRUE(facts_["messages"].contains(name)) << name << " is not an upstream message";
    const nlohmann::json& fields = facts_["messages"][name]["fields"];
    int upstream_linux_fields = 0;
    for (const auto& f : fields) {
      std::string fname = f["name"].get<std::string>();
      const FieldDescriptor* fd = d->FindFieldByName(fname);
      if (fd == nullptr) {
        EXPECT_NE(f["type"].get<std::string>().find("Windows"), std::string::npos)
            << name << "." << fname << " is missing (only Windows fields may be left out)";
        continue;
      }
      ++upstream_linux_fields;
      EXPECT_EQ(fd->number(), f["number"].get<int>()) << name << "." << fname;
      EXPECT_EQ(TypeName(fd), f["type"].get<std::string>()) << name << "." << fname;
      EXPECT_EQ(fd->is_repeated() && !fd->is_map(), f["label"] == "repeated")
          << name << "." << fname;
      if (fd->is_map()) {
        EXPECT_EQ(TypeName(fd->message_type()->map_value()), f["map_value"].get<std::string>())
            << name << "." << fname;
      }
    }
    EXPECT_EQ(d->field_count(), upstream_linux_fields) << name << " declares non-upstream fields";
  }
}

TEST_F(CriProtoFactsTest, EveryDeclaredEnumMatchesUpstream) {
  std::vector<const google::protobuf::EnumDescriptor*> enums;
  for (int i = 0; i < CriFile()->enum_type_count(); ++i) enums.push_back(CriFile()->enum_type(i));
  enums.push_back(runtime::v1::SecurityProfile::descriptor()->enum_type(0));
  ASSERT_GE(enums.size(), 7u);
  for (const auto* e : enums) {
    ASSERT_TRUE(facts_["enums"].contains(e->full_name())) << e->full_name();
    const nlohmann::json& values = facts_["enums"][e->full_name()];
    EXPECT_EQ(e->value_count(), static_cast<int>(values.size())) << e->full_name();
    for (const auto& [value, number] : values.items()) {
      const auto* v = e->FindValueByName(value);
      ASSERT_NE(v, nullptr) << e->full_name() << "." << value;
      EXPECT_EQ(v->number(), number.get<int>()) << e->full_name() << "." << value;
    }
  }
}

TEST_F(CriProtoFactsTest, EveryDeclaredMethodMatchesUpstream) {
  ASSERT_EQ(CriFile()->service_count(), 2);
  for (int i = 0; i < CriFile()->service_count(); ++i) {
    const auto* s = CriFile()->service(i);
    ASSERT_TRUE(facts_["services"].contains(s->full_name())) << s->full_name();
    for (int j = 0; j < s->method_count(); ++j) {
      const auto* md = s->method(j);
      const nlohmann::json* found = nullptr;
      for (const auto& m : facts_["services"][s->full_name()]) {
        if (m["rpc"] == md->name()) found = &m;
      }
      ASSERT_NE(found, nullptr) << md->full_name() << " is not an upstream method";
      EXPECT_EQ(md->input_type()->full_name(), (*found)["request"].get<std::string>());
      EXPECT_EQ(md->output_type()->full_name(), (*found)["response"].get<std::string>());
      EXPECT_EQ(md->client_streaming(), (*found)["client_streaming"].get<bool>());
      EXPECT_EQ(md->server_streaming(), (*found)["server_streaming"].get<bool>());
    }
  }
}

}  // namespace
}  // namespace wisp::cri
