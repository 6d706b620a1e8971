#include "config/problems.h"

#include <algorithm>

#include "wisp/base/strings.h"

namespace wisp::config::internal {
namespace {

// The parent of a path, or "" for a top-level field. Only the syntax produced
// by Field() and Item() is understood; keys containing '.' or '[' (extraArgs
// flag names) may yield a shorter parent, which only costs line precision.
std::string_view Parent(std::string_view path) {
  if (!path.empty() && path.back() == ']') {
    size_t open = path.rfind('[');
    return open == std::string_view::npos ? std::string_view() : path.substr(0, open);
  }
  size_t dot = path.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : path.substr(0, dot);
}

}  // namespace

int FindLine(const LineIndex& lines, std::string_view path) {
  while (!path.empty()) {
    auto it = lines.find(path);
    if (it != lines.end()) return it->second;
    path = Parent(path);
  }
  return 0;
}

std::string Field(std::string_view parent, std::string_view name) {
  if (parent.empty()) return std::string(name);
  return base::StrCat(parent, ".", name);
}

std::string Item(std::string_view parent, size_t index) {
  return base::StrCat(parent, "[", index, "]");
}

void Problems::Add(std::string_view path, std::string message) {
  AddAt(path, lines_ == nullptr ? 0 : FindLine(*lines_, path), std::move(message));
}

void Problems::AddAt(std::string_view path, int line, std::string message) {
  problems_.push_back(Problem{std::string(path), line, std::move(message)});
}

std::string FormatProblem(const Problem& problem) {
  std::string where = problem.path;
  if (problem.line > 0) {
    where = where.empty() ? base::StrCat("line ", problem.line)
                          : base::StrCat(where, " (line ", problem.line, ")");
  }
  if (where.empty()) return problem.message;
  return base::StrCat(where, ": ", problem.message);
}

absl::Status Problems::ToStatus() const {
  if (problems_.empty()) return absl::OkStatus();
  std::vector<Problem> sorted = problems_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Problem& a, const Problem& b) {
    // Lines ascending; unknown (0) after every known line.
    if ((a.line == 0) != (b.line == 0)) return b.line == 0;
    return a.line < b.line;
  });
  std::string text;
  for (const Problem& p : sorted) {
    if (!text.empty()) text.push_back('\n');
    text += FormatProblem(p);
  }
  return absl::InvalidArgumentError(text);
}

std::string Quote(std::string_view s) { return base::Quote(s); }

}  // namespace wisp::config::internal
