#include "wisp/supervisor/process_component.h"

#include <utility>

#include "wisp/base/files.h"
#include "wisp/base/strings.h"

namespace wisp::supervisor {

ProcessComponent::ProcessComponent(ProcessSpec spec, ReadinessProbe probe)
    : supervisor_(std::make_unique<ProcessSupervisor>(std::move(spec))), probe_(std::move(probe)) {}

std::string ProcessComponent::Name() const { return supervisor_->spec().name; }

absl::Status ProcessComponent::Init() {
  const ProcessSpec& spec = supervisor_->spec();
  if (absl::Status st = ValidateSpec(spec); !st.ok()) return st;
  if (absl::Status st = base::MakeDirs(spec.run_dir); !st.ok()) return st;
  return base::MakeDirs(spec.log_dir);
}

absl::Status ProcessComponent::Start() { return supervisor_->Start(); }

absl::Status ProcessComponent::Ready() const {
  if (!supervisor_->running()) {
    return absl::UnavailableError(base::StrCat(Name(), " is not running"));
  }
  return probe_ ? probe_() : absl::OkStatus();
}

absl::Status ProcessComponent::Stop() {
  supervisor_->Stop();
  return absl::OkStatus();
}

}  // namespace wisp::supervisor
