// proto/etcd/*.proto must state exactly the etcd v3 wire facts recorded in
// ../shared/reference/etcd-v3-proto-fields.json: every service method,
// message field (name, number, type, label, oneof) and enum value.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "etcd/rpc.grpc.pb.h"
#include "etcd/rpc.pb.h"
#include "google/protobuf/descriptor.h"

namespace wisp::datastore {
namespace {

using google::protobuf::DescriptorPool;
using google::protobuf::FieldDescriptor;

nlohmann::json LoadFacts() {
  // The reference data sits next to the repository (WISP_SOURCE_DIR is a
  // compile definition from tests/CMakeLists.txt).
  std::string src = WISP_SOURCE_DIR;
  std::ifstream in(src + "/../shared/reference/etcd-v3-proto-fields.json");
  if (!in) return nullptr;
  return nlohmann::json::parse(in);
}

std::string TypeName(const FieldDescriptor* f) {
  if (f->message_type()) return f->message_type()->full_name();
  if (f->enum_type()) return f->enum_type()->full_name();
  return f->type_name();
}

TEST(ProtoFactsTest, MessagesEnumsAndServicesMatchEtcd) {
  nlohmann::json facts = LoadFacts();
  if (facts.is_null()) GTEST_SKIP() << "reference facts not available";
  etcdserverpb::RangeRequest link_rpc;  // Forces the generated files into the pool.
  const DescriptorPool* pool = DescriptorPool::generated_pool();
  for (const auto& [name, msg] : facts["messages"].items()) {
    const auto* d = pool->FindMessageTypeByName(name);
    ASSERT_NE(d, nullptr) << name;
    EXPECT_EQ(d->field_count(), static_cast<int>(msg["fields"].size())) << name;
    for (const auto& f : msg["fields"]) {
      const FieldDescriptor* fd = d->FindFieldByName(f["name"].get<std::string>());
      ASSERT_NE(fd, nullptr) << name << "." << f["name"];
      EXPECT_EQ(fd->number(), f["number"].get<int>()) << name << "." << f["name"];
      EXPECT_EQ(TypeName(fd), f["type"].get<std::string>()) << name << "." << f["name"];
      EXPECT_EQ(fd->is_repeated(), f["label"] == "repeated") << name << "." << f["name"];
      if (f.contains("oneof")) {
        ASSERT_NE(fd->containing_oneof(), nullptr) << name << "." << f["name"];
        EXPECT_EQ(fd->containing_oneof()->name(), f["oneof"].get<std::string>());
      }
    }
  }
  for (const auto& [name, values] : facts["enums"].items()) {
    const auto* e = pool->FindEnumTypeByName(name);
    ASSERT_NE(e, nullptr) << name;
    EXPECT_EQ(e->value_count(), static_cast<int>(values.size())) << name;
    for (const auto& [value, number] : values.items()) {
      const auto* v = e->FindValueByName(value);
      ASSERT_NE(v, nullptr) << name << "." << value;
      EXPECT_EQ(v->number(), number.get<int>()) << name << "." << value;
    }
  }
  for (const auto& [name, methods] : facts["services"].items()) {
    const auto* s = pool->FindServiceByName(name);
    ASSERT_NE(s, nullptr) << name;
    for (const auto& m : methods) {
      const auto* md = s->FindMethodByName(m["rpc"].get<std::string>());
      ASSERT_NE(md, nullptr) << name << "." << m["rpc"];
      EXPECT_EQ(md->input_type()->full_name(), m["request"].get<std::string>());
      EXPECT_EQ(md->output_type()->full_name(), m["response"].get<std::string>());
      EXPECT_EQ(md->client_streaming(), m["client_streaming"].get<bool>());
      EXPECT_EQ(md->server_streaming(), m["server_streaming"].get<bool>());
    }
  }
}

}  // namespace
}  // namespace wisp::datastore
