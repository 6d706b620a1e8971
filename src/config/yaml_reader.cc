#include "config/yaml_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "wisp/base/strings.h"

namespace wisp::config::internal {
namespace {

// yaml-cpp's tag for a plain (unquoted, untagged) scalar, and the YAML core
// tag that explicitly marks an integer.
constexpr std::string_view kPlainTag = "?";
constexpr std::string_view kIntTag = "tag:yaml.org,2002:int";

int LineOf(const YAML::Node& node) {
  int line = node.Mark().line;
  return line < 0 ? 0 : line + 1;
}

// yaml-cpp's tag for a quoted scalar, and the YAML core string tag.
constexpr std::string_view kQuotedTag = "!";
constexpr std::string_view kStrTag = "tag:yaml.org,2002:str";

// True unless the scalar may be read as an integer (plain or tagged !!int).
bool IsQuotedOrStringTagged(const YAML::Node& node) {
  return node.Tag() != kPlainTag && node.Tag() != kIntTag;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string KnownList(const std::vector<YamlReader::FieldSpec>& fields) {
  std::string out;
  for (const YamlReader::FieldSpec& f : fields) {
    if (!out.empty()) out += ", ";
    out += f.name;
  }
  return out;
}

}  // namespace

std::string DescribeNode(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
      return "null";
    case YAML::NodeType::Scalar:
      if (node.Tag() == kQuotedTag || node.Tag() == kStrTag) {
        return base::StrCat("the string ", Quote(node.Scalar()));
      }
      if (IsQuotedOrStringTagged(node)) {
        return base::StrCat(Quote(node.Scalar()), " tagged ", node.Tag());
      }
      return Quote(node.Scalar());
    default:
      return "nothing";
  }
}

std::string_view ClosestName(std::string_view name, const std::vector<std::string_view>& known) {
  std::string lower = Lower(name);
  std::string_view best;
  size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;
  for (std::string_view candidate : known) {
    size_t d = Lower(candidate) == lower ? 0 : EditDistance(lower, Lower(candidate));
    if (d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  return best;
}

void YamlReader::RecordLine(const std::string& path, const YAML::Node& node) {
  int line = LineOf(node);
  if (line > 0) lines_.emplace(path, line);
}

std::optional<std::string> YamlReader::Key(const YAML::Node& key, std::string_view path,
                                           std::map<std::string, int>& seen) {
  if (!key.IsScalar()) {
    problems_.AddAt(path, LineOf(key),
                    base::StrCat("field names must be strings, got ", DescribeNode(key)));
    return std::nullopt;
  }
  std::string name = key.Scalar();
  auto [it, inserted] = seen.emplace(name, LineOf(key));
  if (!inserted) {
    problems_.AddAt(
        Field(path, name), LineOf(key),
        base::StrCat("duplicate field ", Quote(name), " (first on line ", it->second, ")"));
    return std::nullopt;
  }
  RecordLine(Field(path, name), key);
  return name;
}

bool YamlReader::ReadMap(const YAML::Node& node, std::string_view path,
                         const std::vector<FieldSpec>& fields) {
  if (node.IsNull()) return true;
  if (!node.IsMap()) {
    Error(path, base::StrCat("expected a map with fields ", KnownList(fields), "; got ",
                             DescribeNode(node)));
    return false;
  }
  std::map<std::string, int> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::optional<std::string> name = Key(it->first, path, seen);
    if (!name) continue;
    auto field = std::find_if(fields.begin(), fields.end(),
                              [&](const FieldSpec& f) { return f.name == *name; });
    if (field != fields.end()) {
      field->read(it->second, Field(path, *name));
      continue;
    }
    std::vector<std::string_view> known;
    for (const FieldSpec& f : fields) known.push_back(f.name);
    std::string_view guess = ClosestName(*name, known);
    std::string message = base::StrCat("unknown field ", Quote(*name));
    if (!guess.empty()) message += base::StrCat("; did you mean ", Quote(guess), "?");
    message += base::StrCat(" (known fields: ", KnownList(fields), ")");
    Error(Field(path, *name), std::move(message));
  }
  return true;
}

std::optional<std::string> YamlReader::Scalar(const YAML::Node& node, std::string_view path,
                                              std::string_view expected) {
  if (node.IsScalar()) return node.Scalar();
  Error(path, base::StrCat("expected ", expected, ", got ", DescribeNode(node)));
  return std::nullopt;
}

void YamlReader::ReadString(const YAML::Node& node, std::string_view path, std::string& out) {
  if (node.IsNull()) return;
  if (std::optional<std::string> s = Scalar(node, path, "a string")) out = std::move(*s);
}

void YamlReader::ReadInt(const YAML::Node& node, std::string_view path, int& out) {
  if (node.IsNull()) return;
  std::optional<std::string> text = Scalar(node, path, "an integer");
  if (!text) return;
  if (IsQuotedOrStringTagged(node)) {
    Error(path, base::StrCat("expected an integer, got ", DescribeNode(node),
                             "; write the number without quotes"));
    return;
  }
  std::string_view s = *text;
  if (s.starts_with('+')) s.remove_prefix(1);
  int value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || end != s.data() + s.size()) {
    Error(path, base::StrCat("expected an integer, got ", DescribeNode(node)));
  } else if (ec == std::errc::result_out_of_range) {
    Error(path, base::StrCat("integer ", *text, " is out of range"));
  } else {
    out = value;
  }
}

bool YamlReader::ReadList(const YAML::Node& node, std::string_view path, const Reader& read) {
  if (node.IsNull()) return true;
  if (!node.IsSequence()) {
    Error(path, base::StrCat("expected a list, got ", DescribeNode(node)));
    return false;
  }
  size_t index = 0;
  for (auto it = node.begin(); it != node.end(); ++it, ++index) {
    std::string item_path = Item(path, index);
    RecordLine(item_path, *it);
    read(*it, item_path);
  }
  return true;
}

void YamlReader::ReadStringList(const YAML::Node& node, std::string_view path,
                                std::vector<std::string>& out) {
  std::vector<std::string> items;
  bool ok = ReadList(node, path, [&](const YAML::Node& item, const std::string& item_path) {
    if (std::optional<std::string> s = Scalar(item, item_path, "a string")) {
      items.push_back(std::move(*s));
    }
  });
  if (ok && !node.IsNull()) out = std::move(items);
}

void YamlReader::ReadStringMap(const YAML::Node& node, std::string_view path,
                               std::map<std::string, std::string>& out) {
  if (node.IsNull()) return;
  if (!node.IsMap()) {
    Error(path, base::StrCat("expected a map of flag names to values, got ", DescribeNode(node)));
    return;
  }
  std::map<std::string, std::string> entries;
  std::map<std::string, int> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::optional<std::string> key = Key(it->first, path, seen);
    if (!key) continue;
    std::string entry_path = Field(path, *key);
    if (it->second.IsNull()) {
      Error(entry_path, "value is missing; write \"\" for an empty value");
    } else if (std::optional<std::string> value =
                   Scalar(it->second, entry_path, "a string, number or boolean")) {
      entries[*key] = std::move(*value);
    }
  }
  out = std::move(entries);
}

}  // namespace wisp::config::internal
