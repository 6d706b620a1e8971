// File: wisp/apimachinery/human_duration.h
//
// Durations for humans, exactly as upstream's
// k8s.io/apimachinery/pkg/util/duration: HumanDuration is kubectl's AGE
// column ("5m30s", "3h10m", "2d4h", "3y12d"); ShortHumanDuration keeps one
// unit ("5m", "3h"). Negative durations down to -1s print "0s" (clock skew),
// below that "<invalid>". Pure functions: thread-safe.
#pragma once

#include <chrono>
#include <string>

namespace wisp::apimachinery {

std::string HumanDuration(std::chrono::seconds d);
std::string ShortHumanDuration(std::chrono::seconds d);

}  // namespace wisp::apimachinery
