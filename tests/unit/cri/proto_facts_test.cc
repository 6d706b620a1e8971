// proto/cri/api.proto must declare the complete CRI v1 API recorded in
// ../shared/reference/cri-v1-proto-fields.json: every upstream service
// method, message, field and enum value, with the same name, number, type,
// label, map key/value, packing, wire type and streaming flags, and nothing
// beyond it. Any difference in either direction fails. Skipped when the
// facts file is not available.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cri/api.grpc.pb.h"
#include "cri/api.pb.h"
#include "google/protobuf/descriptor.h"

namespace wisp::cri {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;

nlohmann::json LoadFacts() {
  std::ifstream in(std::string(WISP_SOURCE_DIR) + "/../shared/reference/cri-v1-proto-fields.json");
  if (!in) return nullptr;
  return nlohmann::json::parse(in);
}

const FileDescriptor* CriFile() { return runtime::v1::VersionRequest::descriptor()->file(); }

// The facts' "type": a scalar's proto type name, "map", or a full type name.
std::string TypeName(const FieldDescriptor* f) {
  if (f->is_map()) return "map";
  if (f->message_type()) return f->message_type()->full_name();
  if (f->enum_type()) return f->enum_type()->full_name();
  return f->type_name();
}

// The facts' "kind": how the (map value) type is encoded.
std::string Kind(const FieldDescriptor* f) {
  if (f->message_type()) return "message";
  if (f->enum_type()) return "enum";
  return "scalar";
}

// The facts' "label": proto3 singular fields are "optional".
std::string Label(const FieldDescriptor* f) {
  if (f->is_map()) return "map";
  return f->is_repeated() ? "repeated" : "optional";
}

// The wire type of the field's tag, as the facts record it.
int WireType(const FieldDescriptor* f) {
  if (f->is_packed()) return 2;
  switch (f->type()) {
    case FieldDescriptor::TYPE_DOUBLE:
    case FieldDescriptor::TYPE_FIXED64:
    case FieldDescriptor::TYPE_SFIXED64:
      return 1;
    case FieldDescriptor::TYPE_FLOAT:
    case FieldDescriptor::TYPE_FIXED32:
    case FieldDescriptor::TYPE_SFIXED32:
      return 5;
    case FieldDescriptor::TYPE_STRING:
    case FieldDescriptor::TYPE_BYTES:
    case FieldDescriptor::TYPE_MESSAGE:
      return 2;
    case FieldDescriptor::TYPE_GROUP:
      return 3;
    default:
      return 0;  // varint: ints, bool, enum
  }
}

void CollectMessages(const Descriptor* d, std::vector<const Descriptor*>& out) {
  if (d->options().map_entry()) return;
  out.push_back(d);
  for (int i = 0; i < d->nested_type_count(); ++i) CollectMessages(d->nested_type(i), out);
}

void CollectEnums(const Descriptor* d, std::vector<const EnumDescriptor*>& out) {
  for (int i = 0; i < d->enum_type_count(); ++i) out.push_back(d->enum_type(i));
  for (int i = 0; i < d->nested_type_count(); ++i) CollectEnums(d->nested_type(i), out);
}

std::vector<const Descriptor*> DeclaredMessages() {
  std::vector<const Descriptor*> out;
  for (int i = 0; i < CriFile()->message_type_count(); ++i) {
    CollectMessages(CriFile()->message_type(i), out);
  }
  return out;
}

std::vector<const EnumDescriptor*> DeclaredEnums() {
  std::vector<const EnumDescriptor*> out;
  for (int i = 0; i < CriFile()->enum_type_count(); ++i) out.push_back(CriFile()->enum_type(i));
  for (int i = 0; i < CriFile()->message_type_count(); ++i) {
    CollectEnums(CriFile()->message_type(i), out);
  }
  return out;
}

const Descriptor* FindMessage(const std::string& full_name) {
  const Descriptor* d = CriFile()->pool()->FindMessageTypeByName(full_name);
  return d != nullptr && d->file() == CriFile() ? d : nullptr;
}

const EnumDescriptor* FindEnum(const std::string& full_name) {
  const EnumDescriptor* e = CriFile()->pool()->FindEnumTypeByName(full_name);
  return e != nullptr && e->file() == CriFile() ? e : nullptr;
}

void ExpectFieldMatches(const FieldDescriptor* fd, const nlohmann::json& f) {
  const std::string where = fd->full_name();
  EXPECT_EQ(fd->number(), f["number"].get<int>()) << where;
  EXPECT_EQ(TypeName(fd), f["type"].get<std::string>()) << where;
  EXPECT_EQ(Label(fd), f["label"].get<std::string>()) << where;
  EXPECT_EQ(WireType(fd), f["wire_type"].get<int>()) << where;
  EXPECT_EQ(fd->is_packed(), f.value("packed", false)) << where;
  EXPECT_EQ(fd->containing_oneof(), nullptr) << where << " is in a oneof; upstream has none";
  if (fd->is_map()) {
    const Descriptor* entry = fd->message_type();
    EXPECT_EQ(TypeName(entry->map_key()), f["map_key"].get<std::string>()) << where;
    EXPECT_EQ(TypeName(entry->map_value()), f["map_value"].get<std::string>()) << where;
    EXPECT_EQ(Kind(entry->map_value()), f["map_value_kind"].get<std::string>()) << where;
  } else {
    EXPECT_EQ(Kind(fd), f["kind"].get<std::string>()) << where;
  }
}

class CriProtoFactsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    facts_ = LoadFacts();
    if (facts_.is_null()) GTEST_SKIP() << "reference facts not available";
    // Guards against a truncated facts file passing every check vacuously.
    ASSERT_FALSE(facts_["services"].empty());
    ASSERT_FALSE(facts_["messages"].empty());
    ASSERT_FALSE(facts_["enums"].empty());
  }
  nlohmann::json facts_;
};

TEST_F(CriProtoFactsTest, FileIsProto3PackageRuntimeV1) {
  EXPECT_EQ(CriFile()->package(), "runtime.v1");
  EXPECT_EQ(CriFile()->syntax(), FileDescriptor::SYNTAX_PROTO3);
  for (const auto& [name, message] : facts_["messages"].items()) {
    EXPECT_EQ(message["syntax"].get<std::string>(), "proto3") << name;
  }
}

TEST_F(CriProtoFactsTest, DeclaresExactlyTheUpstreamServicesAndMethods) {
  EXPECT_EQ(CriFile()->service_count(), static_cast<int>(facts_["services"].size()));
  for (const auto& [service_name, methods] : facts_["services"].items()) {
    const ServiceDescriptor* s = CriFile()->pool()->FindServiceByName(service_name);
    ASSERT_NE(s, nullptr) << service_name << " is not declared";
    EXPECT_EQ(s->method_count(), static_cast<int>(methods.size()))
        << service_name << " declares a different number of methods than upstream";
    for (const auto& m : methods) {
      const std::string rpc = m["rpc"].get<std::string>();
      const MethodDescriptor* md = s->FindMethodByName(rpc);
      if (md == nullptr) {
        ADD_FAILURE() << service_name << "." << rpc << " is missing";
        continue;
      }
      EXPECT_EQ(md->input_type()->full_name(), m["request"].get<std::string>()) << rpc;
      EXPECT_EQ(md->output_type()->full_name(), m["response"].get<std::string>()) << rpc;
      EXPECT_EQ(md->client_streaming(), m["client_streaming"].get<bool>()) << rpc;
      EXPECT_EQ(md->server_streaming(), m["server_streaming"].get<bool>()) << rpc;
    }
  }
}

TEST_F(CriProtoFactsTest, DeclaresEveryUpstreamMessageAndField) {
  for (const auto& [name, message] : facts_["messages"].items()) {
    const Descriptor* d = FindMessage(name);
    if (d == nullptr) {
      ADD_FAILURE() << name << " is missing";
      continue;
    }
    for (const auto& f : message["fields"]) {
      const std::string field = f["name"].get<std::string>();
      const FieldDescriptor* fd = d->FindFieldByName(field);
      if (fd == nullptr) {
        ADD_FAILURE() << name << "." << field << " is missing";
        continue;
      }
      ExpectFieldMatches(fd, f);
    }
  }
}

TEST_F(CriProtoFactsTest, DeclaresNoMessageOrFieldBeyondUpstream) {
  const std::vector<const Descriptor*> messages = DeclaredMessages();
  EXPECT_EQ(messages.size(), facts_["messages"].size());
  for (const Descriptor* d : messages) {
    const std::string& name = d->full_name();
    if (!facts_["messages"].contains(name)) {
      ADD_FAILURE() << name << " is not an upstream message";
      continue;
    }
    std::set<std::string> upstream;
    for (const auto& f : facts_["messages"][name]["fields"])
      upstream.insert(f["name"].get<std::string>());
    for (int i = 0; i < d->field_count(); ++i) {
      EXPECT_TRUE(upstream.count(d->field(i)->name()))
          << d->field(i)->full_name() << " is not an upstream field";
    }
  }
}

TEST_F(CriProtoFactsTest, DeclaresEveryUpstreamEnumValue) {
  for (const auto& [name, values] : facts_["enums"].items()) {
    const EnumDescriptor* e = FindEnum(name);
    if (e == nullptr) {
      ADD_FAILURE() << name << " is missing";
      continue;
    }
    EXPECT_EQ(e->value_count(), static_cast<int>(values.size())) << name;
    for (const auto& [value, number] : values.items()) {
      const auto* v = e->FindValueByName(value);
      if (v == nullptr) {
        ADD_FAILURE() << name << "." << value << " is missing";
        continue;
      }
      EXPECT_EQ(v->number(), number.get<int>()) << name << "." << value;
    }
  }
}

TEST_F(CriProtoFactsTest, DeclaresNoEnumBeyondUpstream) {
  const std::vector<const EnumDescriptor*> enums = DeclaredEnums();
  EXPECT_EQ(enums.size(), facts_["enums"].size());
  for (const EnumDescriptor* e : enums) {
    EXPECT_TRUE(facts_["enums"].contains(e->full_name()))
        << e->full_name() << " is not an upstream enum";
  }
}

}  // namespace
}  // namespace wisp::cri
