// File: src/api/builtin_tables.h (private)
//
// The declarative text tables the built-in registry is parsed from. Each
// function returns a static string literal; see resource_table.cc and
// schema_parser.h for the formats.
#pragma once

#include <string_view>
#include <vector>

namespace wisp::api::internal {

// One resource per line (format in resource_table.cc).
std::string_view BuiltInResourceTable();

// Schema texts (format in schema_parser.h), one per API package group.
std::string_view MetaSchemaText();
std::string_view CorePodSchemaText();
std::string_view CoreVolumeSchemaText();
std::string_view CoreOtherSchemaText();
std::string_view AppsBatchSchemaText();
std::string_view GroupsSchemaText();
std::string_view MoreGroupsSchemaText();

// Which fields Go drops when zero or always encodes (format in
// schema_parser.h, ApplyEncodings).
std::string_view EncodingText();

inline std::vector<std::string_view> AllSchemaTexts() {
  return {MetaSchemaText(),      CorePodSchemaText(), CoreVolumeSchemaText(), CoreOtherSchemaText(),
          AppsBatchSchemaText(), GroupsSchemaText(),  MoreGroupsSchemaText()};
}

}  // namespace wisp::api::internal
