#include "api/schema_parser.h"

#include <gtest/gtest.h>

namespace wisp::api::internal {
namespace {

TEST(SchemaParserTest, ParsesFieldsTypesAndExtensions) {
  auto types = ParseSchemas({R"(
@io.k8s.apimachinery.pkg.apis.meta.v1
Time=time
@io.example.v1
Thing *name count:i big:l on:b ratio:d data:byte when:Time
  items:[]Item~m:key|m:key,port tags:{}s extra:{}[]s
Item *key port:i
Free+ a
)"});
  ASSERT_TRUE(types.ok()) << types.status();
  ASSERT_EQ(types->size(), 4u);
  const TypeSchema& thing = (*types)[2];
  ASSERT_EQ(thing.name, "io.example.v1.Thing");
  const FieldSchema* name = thing.Field("name");
  ASSERT_NE(name, nullptr);
  EXPECT_TRUE(name->required);
  EXPECT_EQ(name->type, ValueType::kString);
  EXPECT_EQ(thing.Field("count")->format, "int32");
  EXPECT_EQ(thing.Field("big")->format, "int64");
  EXPECT_EQ(thing.Field("on")->type, ValueType::kBoolean);
  EXPECT_EQ(thing.Field("ratio")->type, ValueType::kNumber);
  EXPECT_EQ(thing.Field("data")->format, "byte");
  EXPECT_EQ(thing.Field("when")->ref, "io.k8s.apimachinery.pkg.apis.meta.v1.Time");
  const FieldSchema* items = thing.Field("items");
  EXPECT_EQ(items->container, Container::kList);
  EXPECT_EQ(items->ref, "io.example.v1.Item");
  EXPECT_EQ(items->patch_strategy, "merge");
  EXPECT_EQ(items->patch_merge_key, "key");
  EXPECT_EQ(items->list_type, "map");
  EXPECT_EQ(items->list_map_keys, (std::vector<std::string>{"key", "port"}));
  EXPECT_EQ(thing.Field("tags")->container, Container::kMap);
  EXPECT_EQ(thing.Field("extra")->container, Container::kMapOfList);
  EXPECT_TRUE((*types)[0].preserve_unknown_fields);  // Free sorts first
  EXPECT_EQ((*types)[3].format, "date-time");
}

TEST(SchemaParserTest, RejectsUnknownReference) {
  auto types = ParseSchemas({"@io.x.v1\nThing other:Missing\n"});
  ASSERT_FALSE(types.ok());
  EXPECT_NE(types.status().message().find("Missing"), std::string::npos);
}

TEST(SchemaParserTest, RejectsDuplicateFieldsAndDefinitions) {
  EXPECT_FALSE(ParseSchemas({"@io.x.v1\nThing a a\n"}).ok());
  EXPECT_FALSE(ParseSchemas({"@io.x.v1\nThing a\nThing b\n"}).ok());
}

TEST(SchemaParserTest, RejectsBadSyntaxNamingTheLine) {
  auto bad_type = ParseSchemas({"@io.x.v1\nThing a:q\n"});
  ASSERT_FALSE(bad_type.ok());
  EXPECT_NE(bad_type.status().message().find("line 2"), std::string::npos);
  EXPECT_FALSE(ParseSchemas({"Thing a\n"}).ok());              // no package
  EXPECT_FALSE(ParseSchemas({"@io.x.v1\nThing a~z\n"}).ok());  // bad strategy
  EXPECT_FALSE(ParseSchemas({"@io.x.v1\nThing a|m\n"}).ok());  // map without keys
  EXPECT_FALSE(ParseSchemas({"@io.x.v1\nT=weird\n"}).ok());    // bad scalar
}

TEST(SchemaParserTest, ParsesProtobufNumbersAndEmbeddings) {
  auto types = ParseSchemas({R"(
@io.x.v1
Thing apiVersion *name#1 count#3:i~m|a exec#2.1:Other host#2.4.2
Other a#1
)"});
  ASSERT_TRUE(types.ok()) << types.status();
  const TypeSchema& thing = (*types)[1];
  EXPECT_EQ(thing.Field("apiVersion")->proto_number, 0);
  EXPECT_EQ(thing.Field("name")->proto_number, 1);
  EXPECT_TRUE(thing.Field("name")->required);
  EXPECT_EQ(thing.Field("count")->proto_number, 3);
  EXPECT_EQ(thing.Field("count")->format, "int32");
  EXPECT_EQ(thing.Field("count")->patch_strategy, "merge");
  EXPECT_TRUE(thing.Field("count")->proto_embedding.empty());
  EXPECT_EQ(thing.Field("exec")->proto_number, 1);
  EXPECT_EQ(thing.Field("exec")->proto_embedding, (std::vector<int>{2}));
  EXPECT_EQ(thing.Field("exec")->ref, "io.x.v1.Other");
  EXPECT_EQ(thing.Field("host")->proto_embedding, (std::vector<int>{2, 4}));
  EXPECT_EQ(thing.Field("host")->proto_number, 2);
}

TEST(SchemaParserTest, RejectsBadOrReusedProtobufNumbers) {
  EXPECT_FALSE(ParseSchemas({"@io.x.v1\nThing a#\n"}).ok());
  EXPECT_FALSE(ParseSchemas({"@io.x.v1\nThing a#0\n"}).ok());
  EXPECT_FALSE(ParseSchemas({"@io.x.v1\nThing a#x1\n"}).ok());
  EXPECT_FALSE(ParseSchemas({"@io.x.v1\nThing a#1. \n"}).ok());
  auto reused = ParseSchemas({"@io.x.v1\nThing a#1 b#1\n"});
  ASSERT_FALSE(reused.ok());
  EXPECT_NE(reused.status().message().find("reuses protobuf number 1"), std::string::npos);
  EXPECT_TRUE(ParseSchemas({"@io.x.v1\nThing a#1 b#2.1 c#2.2\n"}).ok());
}

}  // namespace
}  // namespace wisp::api::internal

namespace wisp::api::internal {
namespace {

TEST(SchemaParserTest, EncodingsMarkFieldsAndRejectUnknownNames) {
  auto types = ParseSchemas({"@io.example.v1\nThing count:i inner:Inner name\nInner a\n"});
  ASSERT_TRUE(types.ok()) << types.status();
  ASSERT_TRUE(ApplyEncodings("@io.example.v1\nThing ?count\n  +inner\n", *types).ok());
  const TypeSchema& thing = (*types)[1];
  ASSERT_EQ(thing.name, "io.example.v1.Thing");
  EXPECT_TRUE(thing.Field("count")->omit_zero);
  EXPECT_TRUE(thing.Field("inner")->always_encoded);
  EXPECT_FALSE(thing.Field("name")->omit_zero);
  EXPECT_FALSE(ApplyEncodings("@io.example.v1\nThing ?missing\n", *types).ok());
  EXPECT_FALSE(ApplyEncodings("@io.example.v1\nNothing ?count\n", *types).ok());
  EXPECT_FALSE(ApplyEncodings("@io.example.v1\nThing count\n", *types).ok());
}

}  // namespace
}  // namespace wisp::api::internal
