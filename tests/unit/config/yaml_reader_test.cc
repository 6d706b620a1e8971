#include "config/yaml_reader.h"

#include <gtest/gtest.h>

#include <string>

#include "wisp/base/strings.h"

namespace wisp::config::internal {
namespace {

// Reads `yaml` with a reader over a fresh problem list.
class YamlReaderTest : public ::testing::Test {
 protected:
  YAML::Node Load(const std::string& yaml) { return YAML::Load(yaml); }
  std::string Errors() { return std::string(base::ToStd(problems_.ToStatus().message())); }

  LineIndex lines_;
  Problems problems_{&lines_};
  YamlReader reader_{problems_, lines_};
};

TEST_F(YamlReaderTest, ReadMapDispatchesKnownFieldsAndRecordsLines) {
  std::string a;
  int b = 0;
  bool ok = reader_.ReadMap(
      Load("a: x\nb: 5\n"), "top",
      {{"a", [&](const YAML::Node& n, const std::string& p) { reader_.ReadString(n, p, a); }},
       {"b", [&](const YAML::Node& n, const std::string& p) { reader_.ReadInt(n, p, b); }}});
  EXPECT_TRUE(ok);
  EXPECT_TRUE(problems_.empty()) << Errors();
  EXPECT_EQ(a, "x");
  EXPECT_EQ(b, 5);
  EXPECT_EQ(lines_.at("top.a"), 1);
  EXPECT_EQ(lines_.at("top.b"), 2);
}

TEST_F(YamlReaderTest, UnknownFieldSuggestsTheClosestKnownOne) {
  reader_.ReadMap(Load("port: 1\nprot: 2\n"), "spec.api",
                  {{"address", [](const YAML::Node&, const std::string&) {}},
                   {"port", [](const YAML::Node&, const std::string&) {}}});
  EXPECT_EQ(Errors(),
            "spec.api.prot (line 2): unknown field \"prot\"; did you mean \"port\"? "
            "(known fields: address, port)");
}

TEST_F(YamlReaderTest, UnknownFieldWithoutCloseMatchListsKnownFields) {
  reader_.ReadMap(Load("zzzzzz: 1\n"), "spec",
                  {{"api", [](const YAML::Node&, const std::string&) {}}});
  EXPECT_EQ(Errors(), "spec.zzzzzz (line 1): unknown field \"zzzzzz\" (known fields: api)");
}

TEST_F(YamlReaderTest, DuplicateFieldIsAnError) {
  int port = 0;
  reader_.ReadMap(
      Load("port: 1\nport: 2\n"), "spec.api",
      {{"port", [&](const YAML::Node& n, const std::string& p) { reader_.ReadInt(n, p, port); }}});
  EXPECT_EQ(Errors(), "spec.api.port (line 2): duplicate field \"port\" (first on line 1)");
  EXPECT_EQ(port, 1);
}

TEST_F(YamlReaderTest, NonMapIsReportedAndNullKeepsDefaults) {
  EXPECT_TRUE(reader_.ReadMap(Load("~"), "spec", {}));
  EXPECT_TRUE(problems_.empty());
  EXPECT_FALSE(reader_.ReadMap(Load("[1, 2]"), "spec",
                               {{"api", [](const YAML::Node&, const std::string&) {}}}));
  EXPECT_EQ(Errors(), "spec: expected a map with fields api; got a list");
}

TEST_F(YamlReaderTest, NonScalarKeyIsAnError) {
  reader_.ReadMap(Load("? [a]\n: 1\n"), "spec", {});
  EXPECT_EQ(Errors(), "spec (line 1): field names must be strings, got a list");
}

TEST_F(YamlReaderTest, ReadIntRejectsStringsFloatsAndOverflow) {
  int value = 7;
  reader_.ReadInt(Load("\"6443\""), "q", value);
  reader_.ReadInt(Load("64.5"), "f", value);
  reader_.ReadInt(Load("{a: 1}"), "m", value);
  reader_.ReadInt(Load("99999999999"), "o", value);
  EXPECT_EQ(value, 7);
  EXPECT_EQ(Errors(),
            "q: expected an integer, got the string \"6443\"; write the number without quotes\n"
            "f: expected an integer, got \"64.5\"\n"
            "m: expected an integer, got a map\n"
            "o: integer 99999999999 is out of range");
  reader_.ReadInt(Load("!!int 42"), "t", value);
  EXPECT_EQ(value, 42);
}

TEST_F(YamlReaderTest, ReadStringAcceptsScalarsAndKeepsDefaultOnNull) {
  std::string s = "default";
  reader_.ReadString(Load("~"), "s", s);
  EXPECT_EQ(s, "default");
  reader_.ReadString(Load("123"), "s", s);
  EXPECT_EQ(s, "123");
  reader_.ReadString(Load("[a]"), "s", s);
  EXPECT_EQ(Errors(), "s: expected a string, got a list");
}

TEST_F(YamlReaderTest, ReadStringListRecordsItemLinesAndRejectsNonScalars) {
  std::vector<std::string> items = {"default"};
  reader_.ReadStringList(Load("- a\n- {b: 1}\n- c\n"), "l", items);
  EXPECT_EQ(Errors(), "l[1] (line 2): expected a string, got a map");
  EXPECT_EQ(items, (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(lines_.at("l[2]"), 3);
}

TEST_F(YamlReaderTest, ReadStringListRejectsScalar) {
  std::vector<std::string> items = {"default"};
  reader_.ReadStringList(Load("a"), "l", items);
  EXPECT_EQ(Errors(), "l: expected a list, got \"a\"");
  EXPECT_EQ(items, std::vector<std::string>{"default"});
}

TEST_F(YamlReaderTest, ReadStringMapTakesScalarValuesOnly) {
  std::map<std::string, std::string> args;
  reader_.ReadStringMap(Load("v: 2\nflag: true\nlist: [1]\nempty:\n"), "x", args);
  EXPECT_EQ(args, (std::map<std::string, std::string>{{"v", "2"}, {"flag", "true"}}));
  EXPECT_EQ(Errors(),
            "x.list (line 3): expected a string, number or boolean, got a list\n"
            "x.empty (line 4): value is missing; write \"\" for an empty value");
}

TEST(ClosestNameTest, MatchesTyposAndCase) {
  std::vector<std::string_view> known = {"podCIDR", "serviceCIDR", "clusterDomain",
                                         "nodePortRange"};
  EXPECT_EQ(ClosestName("podCidr", known), "podCIDR");
  EXPECT_EQ(ClosestName("servceCIDR", known), "serviceCIDR");
  EXPECT_EQ(ClosestName("nodeportrange", known), "nodePortRange");
  EXPECT_EQ(ClosestName("storage", known), "");
}

TEST(DescribeNodeTest, NamesKinds) {
  EXPECT_EQ(DescribeNode(YAML::Load("{}")), "a map");
  EXPECT_EQ(DescribeNode(YAML::Load("[]")), "a list");
  EXPECT_EQ(DescribeNode(YAML::Load("~")), "null");
  EXPECT_EQ(DescribeNode(YAML::Load("x")), "\"x\"");
  EXPECT_EQ(DescribeNode(YAML::Load("'x'")), "the string \"x\"");
  EXPECT_EQ(DescribeNode(YAML::Load("!!str 5")), "the string \"5\"");
  EXPECT_EQ(DescribeNode(YAML::Load("!custom 5")), "\"5\" tagged !custom");
}

}  // namespace
}  // namespace wisp::config::internal
