// File: src/apiserver/deletion.h (private to the apiserver)
//
// What deleting an object does, decided the way upstream's generic registry
// decides it, for every path that deletes (DELETE, DELETECOLLECTION, the
// namespace finalizer, the garbage collector):
//
//   object + DeleteOptions ─► grace period (pods only) ─► the garbage
//   collector's finalizers for the propagation policy ("orphan" for Orphan,
//   "foregroundDeletion" for Foreground) ─┬─ no grace, no finalizer ─► kDeleteNow
//                                         ├─ else ─► kMark (deletionTimestamp,
//                                         │          finalizers; store it)
//                                         └─ nothing changes ─► kUnchanged
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "apiserver/rest.h"
#include "apiserver/rest_call.h"

namespace wisp::apiserver {

inline constexpr char kOrphanFinalizer[] = "orphan";
inline constexpr char kForegroundFinalizer[] = "foregroundDeletion";

inline constexpr char kPropagationOrphan[] = "Orphan";
inline constexpr char kPropagationBackground[] = "Background";
inline constexpr char kPropagationForeground[] = "Foreground";

// The policy a DELETE naming none applies: Orphan for core/v1
// ReplicationControllers and batch/v1 Jobs (upstream keeps their behaviour
// from before server-side garbage collection), Background otherwise.
std::string_view DefaultPropagation(const api::ResourceInfo& info);

enum class DeletionStep { kDeleteNow, kMark, kUnchanged };
struct DeletionPlan {
  DeletionStep step = DeletionStep::kDeleteNow;
  nlohmann::json object;  // kMark: what to store; kUnchanged: the object as it is
};

// `obj` as stored (any version: only metadata, and a namespace's spec and
// status, are read or changed).
DeletionPlan PlanDeletion(const ResourceContext& rc, const nlohmann::json& obj,
                          const DeleteOptions& options, std::chrono::system_clock::time_point now);

// Namespace lifecycle: the cluster's own namespaces (default, kube-system,
// kube-public) are never deleted.
bool IsImmortalNamespace(const api::ResourceInfo& info, std::string_view name);

// Whether `obj` is a namespace its spec.finalizers still hold (the
// namespace finalizer has not emptied it yet).
bool HeldBySpecFinalizers(const ResourceContext& rc, const nlohmann::json& obj);

// Whether metadata.finalizers of `obj` holds `finalizer`.
bool HasFinalizer(const nlohmann::json& obj, std::string_view finalizer);

// Takes `finalizer` off a deleted object stored at `revision`; removes the
// object when none remain. ABORTED if it changed meanwhile.
absl::Status RemoveFinalizer(Rest& rest, const ResourceContext& rc, nlohmann::json obj,
                             int64_t revision, std::string_view finalizer);

}  // namespace wisp::apiserver
