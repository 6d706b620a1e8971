// File: src/strategies/job_validation.h
//
// The parts of Job handling a CronJob's jobTemplate shares, defined in
// job_strategy.cc: upstream's validateJobSpec (everything but the selector)
// and the defaults of podFailurePolicy rules. Stateless; thread-safe.
#pragma once

#include <string_view>

#include "strategies/json_util.h"

namespace wisp::strategies {

// Validates the job spec found at `path` ("spec", "spec.jobTemplate.spec").
void ValidateJobSpec(const Json& spec, std::string_view path, Causes& causes);
// onPodConditions without a status get status True.
void DefaultPodFailurePolicy(Json& job_spec);

}  // namespace wisp::strategies
