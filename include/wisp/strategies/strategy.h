// File: wisp/strategies/strategy.h
//
// Per-kind behaviour of the API server, the counterpart of upstream's
// pkg/registry/<group>/<resource>/strategy.go, pkg/apis/<group>/v1/defaults.go
// and pkg/apis/<group>/validation. The API server calls, for a create:
//   Default → PrepareForCreate → ValidateCreate
// for an update of the main resource:
//   Default → PrepareForUpdate → ValidateUpdate
// and for an update through /status:
//   Default → PrepareForStatusUpdate → ValidateUpdate
// Objects are JSON values as decoded from the request (or read from storage
// for `old`). Every method tolerates malformed input (wrong JSON types) and
// never throws: type errors are left to schema validation or reported as
// Causes.
//
// Thread-safety: strategies and the table are immutable after construction
// and safe for concurrent use.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "wisp/api/registry.h"
#include "wisp/apimachinery/status.h"
#include "wisp/apimachinery/validation.h"

namespace wisp::strategies {

// How metadata.name of a kind is validated (upstream's ValidateNameFunc).
enum class NameRule {
  kDns1123Subdomain,  // the default (ValidateNameFunc = NameIsDNSSubdomain)
  kDns1123Label,      // namespaces, container-like names
  kDns1035Label,      // services
  kPathSegment,       // RBAC kinds (anything but "/" and "%", not "." or "..")
};

// What the generic behaviour of a kind depends on.
struct StrategyTraits {
  bool namespaced = true;
  bool has_status = false;      // the kind has a "status" subresource
  bool has_generation = false;  // metadata.generation tracks spec changes
  NameRule name_rule = NameRule::kDns1123Subdomain;
  // For has_status kinds: the status a create starts with, as JSON text of
  // what Go encodes for the zero Status ("{}", `{"replicas":0}`); nullptr
  // for none.
  const char* initial_status = nullptr;
};

class Strategy {  // stateless, thread-safe
 public:
  explicit Strategy(StrategyTraits traits) : traits_(traits) {}
  virtual ~Strategy() = default;

  // Upstream defaulting (SetDefaults_*) applied to every create and update
  // body, after decoding. Generic: nothing.
  virtual void Default(nlohmann::json& obj) const;
  // Create: reset what a client may not set (status of kinds with a status
  // subresource, to initial_status); metadata.generation = 1 for
  // has_generation kinds.
  virtual void PrepareForCreate(nlohmann::json& obj) const;
  // Update of the main resource: status copied from `old` (kinds with a
  // status subresource); metadata.generation = old + 1 when the spec changed.
  virtual void PrepareForUpdate(nlohmann::json& obj, const nlohmann::json& old) const;
  // Update through /status: everything except status (and the metadata
  // upstream lets status writers change) is taken from `old`.
  virtual void PrepareForStatusUpdate(nlohmann::json& obj, const nlohmann::json& old) const;
  // Upstream validation; field paths and messages as upstream.
  virtual std::vector<apimachinery::Cause> ValidateCreate(const nlohmann::json& obj) const;
  virtual std::vector<apimachinery::Cause> ValidateUpdate(const nlohmann::json& obj,
                                                          const nlohmann::json& old) const;
  // An update through /status (after PrepareForStatusUpdate). Generic:
  // ValidateUpdate.
  virtual std::vector<apimachinery::Cause> ValidateStatusUpdate(const nlohmann::json& obj,
                                                                const nlohmann::json& old) const {
    return ValidateUpdate(obj, old);
  }
  // Upstream's WarningsOnCreate / WarningsOnUpdate: what the client is told
  // (Warning headers) about an object that passed validation; `old` is null
  // on create. Generic: nothing.
  virtual std::vector<std::string> Warnings(const nlohmann::json& obj,
                                            const nlohmann::json* old) const;
  // Seconds a DELETE waits before the object goes away (0 = now), given the
  // period the client asked for, if any (upstream's CheckGracefulDelete).
  // Generic: 0 whatever was asked; only kinds with graceful deletion wait.
  virtual int64_t GracePeriodSeconds(const nlohmann::json& obj,
                                     std::optional<int64_t> requested = std::nullopt) const;

  const StrategyTraits& traits() const { return traits_; }

 protected:
  // Kind-specific validation of the whole object (metadata is already done).
  virtual void ValidateKind(const nlohmann::json& obj,
                            std::vector<apimachinery::Cause>& causes) const {}
  // Kind-specific update rules (immutable fields); runs after ValidateKind.
  virtual void ValidateKindUpdate(const nlohmann::json& obj, const nlohmann::json& old,
                                  std::vector<apimachinery::Cause>& causes) const {}
  // Whether an update changes what metadata.generation tracks. Generic: any
  // top-level field other than apiVersion, kind, metadata and (for kinds with
  // a status subresource) status.
  virtual bool SpecChanged(const nlohmann::json& obj, const nlohmann::json& old) const;

 private:
  StrategyTraits traits_;
};

class StrategyTable {  // immutable, thread-safe
 public:
  virtual ~StrategyTable() = default;
  // The kind's own strategy, or a generic one built from the resource's
  // scope, subresources and has_generation.
  virtual const Strategy& For(const api::ResourceInfo& resource) const = 0;
};

std::unique_ptr<StrategyTable> NewStrategyTable();

}  // namespace wisp::strategies
