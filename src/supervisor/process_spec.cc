// ProcessSpec helpers declared in wisp/supervisor/process_supervisor.h.
#include "wisp/base/strings.h"
#include "wisp/supervisor/process_supervisor.h"

namespace wisp::supervisor {
namespace {

absl::Status Invalid(const ProcessSpec& spec, std::string_view field, std::string_view problem) {
  return absl::InvalidArgumentError(
      base::StrCat("process spec \"", spec.name, "\": ", field, ": ", problem));
}

}  // namespace

absl::Status ValidateSpec(const ProcessSpec& spec) {
  if (spec.name.empty() || spec.name == "." || spec.name == ".." ||
      spec.name.find('/') != std::string::npos) {
    return Invalid(spec, "name", "must be a non-empty file name without '/'");
  }
  if (spec.argv.empty() || spec.argv[0].empty()) return Invalid(spec, "argv", "is empty");
  if (spec.argv[0][0] != '/') {
    return Invalid(spec, "argv[0]", base::StrCat("\"", spec.argv[0], "\" is not an absolute path"));
  }
  if (spec.run_dir.empty()) return Invalid(spec, "run_dir", "is required");
  if (spec.log_dir.empty()) return Invalid(spec, "log_dir", "is required");
  for (size_t i = 0; i < spec.env.size(); ++i) {
    size_t eq = spec.env[i].find('=');
    if (eq == std::string::npos || eq == 0) {
      return Invalid(spec, base::StrCat("env[", i, "]"),
                     base::StrCat("\"", spec.env[i], "\" is not KEY=VALUE"));
    }
  }
  if (spec.log_max_bytes == 0) return Invalid(spec, "log_max_bytes", "must be positive");
  if (spec.log_max_files < 0) return Invalid(spec, "log_max_files", "must not be negative");
  if (spec.stop_grace.count() < 0) return Invalid(spec, "stop_grace", "must not be negative");
  return absl::OkStatus();
}

std::string PidFilePath(const ProcessSpec& spec) {
  return base::StrCat(spec.run_dir, "/", spec.name, ".pid");
}

std::string LogFilePath(const ProcessSpec& spec) {
  return base::StrCat(spec.log_dir, "/", spec.name, ".log");
}

}  // namespace wisp::supervisor
