#include "supervisor/environment.h"

#include <string_view>
#include <unordered_map>

namespace wisp::supervisor {
namespace {

std::string_view Key(std::string_view entry) { return entry.substr(0, entry.find('=')); }

}  // namespace

std::vector<std::string> MergeEnvironment(const char* const* inherited,
                                          const std::vector<std::string>& overrides) {
  std::vector<std::string> env;
  std::unordered_map<std::string_view, size_t> index;  // Key → position in env.
  auto put = [&](std::string_view entry) {
    if (entry.find('=') == std::string_view::npos) return;
    // Keys view into `inherited`/`overrides`, which outlive this function.
    auto [it, inserted] = index.try_emplace(Key(entry), env.size());
    if (inserted) {
      env.emplace_back(entry);
    } else {
      env[it->second] = std::string(entry);
    }
  };
  for (const char* const* p = inherited; p != nullptr && *p != nullptr; ++p) put(*p);
  for (const std::string& entry : overrides) put(entry);
  return env;
}

}  // namespace wisp::supervisor
