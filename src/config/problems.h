// File: config/problems.h
//
// The error vocabulary shared by the parser and the validator: every problem
// names a YAML path ("spec.network.podCIDR", "spec.api.sans[2]") and, when the
// config came from a document, the 1-based line it sits on. All problems are
// collected and reported together as one InvalidArgument status.
//
// Thread-compatible.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace wisp::config::internal {

// YAML path -> 1-based line of the key (or list item) in the document.
using LineIndex = std::map<std::string, int, std::less<>>;

// Returns the line recorded for `path`, else for its nearest recorded parent
// ("a.b[1].c" -> "a.b[1]" -> "a.b" -> "a"); 0 when none is known.
int FindLine(const LineIndex& lines, std::string_view path);

// "a.b" + "c" -> "a.b.c"; "" + "c" -> "c".
std::string Field(std::string_view parent, std::string_view name);
// "a.b" + 2 -> "a.b[2]".
std::string Item(std::string_view parent, size_t index);

struct Problem {
  std::string path;  // "" for the document as a whole.
  int line = 0;      // 1-based; 0 = unknown.
  std::string message;
};

// Collects problems. Lines come from an optional LineIndex, which must
// outlive this object.
class Problems {
 public:
  explicit Problems(const LineIndex* lines = nullptr) : lines_(lines) {}

  // Records a problem at `path`, taking its line from the index.
  void Add(std::string_view path, std::string message);
  // Records a problem at an explicit 1-based line (0 = unknown).
  void AddAt(std::string_view path, int line, std::string message);

  // True when the document gave `path` itself (not just a parent).
  bool HasLine(std::string_view path) const {
    return lines_ != nullptr && lines_->find(path) != lines_->end();
  }

  bool empty() const { return problems_.empty(); }
  const std::vector<Problem>& list() const { return problems_; }

  // OK when empty; otherwise InvalidArgument listing every problem, one per
  // line, ordered by document line (problems without a line last), e.g.
  //   spec.network.podCIDR (line 7): invalid CIDR "10.0.0.0/33": ...
  absl::Status ToStatus() const;

 private:
  const LineIndex* lines_;
  std::vector<Problem> problems_;
};

// Renders one problem in the format above.
std::string FormatProblem(const Problem& problem);

// Double-quotes `s` for messages, escaping control characters, so that odd
// input never breaks the one-problem-per-line format.
std::string Quote(std::string_view s);

}  // namespace wisp::config::internal
