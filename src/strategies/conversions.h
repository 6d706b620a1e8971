// File: src/strategies/conversions.h (private to strategies)
//
// The per-kind conversion functions behind wisp/strategies/conversion.h.
// Each converts the body of an object in place between two versions;
// apiVersion is set by the caller. Stateless; thread-safe; never throw.
#pragma once

#include "strategies/json_util.h"

namespace wisp::strategies {

// events.k8s.io/v1 Event <-> core v1 Event (upstream's storage version).
void EventsV1ToCore(Json& obj);
void CoreToEventsV1(Json& obj);

// autoscaling/v1 <-> autoscaling/v2 HorizontalPodAutoscaler (storage: v2).
void HpaV1ToV2(Json& obj);
void HpaV2ToV1(Json& obj);

}  // namespace wisp::strategies
