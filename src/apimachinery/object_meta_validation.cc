// ObjectMeta validation (k8s.io/apimachinery/pkg/api/validation/objectmeta.go
// and pkg/apis/meta/v1/validation).
#include <nlohmann/json.hpp>

#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::apimachinery {

using base::StrCat;

namespace {

constexpr int64_t kTotalAnnotationSizeLimit = 256 * 1024;

std::string StringField(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

const nlohmann::json& Member(const nlohmann::json& obj, const char* key) {
  static const nlohmann::json kNull;  // immutable
  if (!obj.is_object()) return kNull;
  auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}

void Append(std::vector<Cause>& out, std::vector<Cause> more) {
  for (auto& c : more) out.push_back(std::move(c));
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<Cause> ValidateFinalizers(const nlohmann::json& finalizers, std::string_view field) {
  std::vector<Cause> errs;
  if (!finalizers.is_array()) {
    if (!finalizers.is_null()) errs.push_back(FieldInvalid(field, finalizers, "must be a list"));
    return errs;
  }
  bool orphan = false, foreground = false;
  for (const auto& f : finalizers) {
    if (!f.is_string()) {
      errs.push_back(FieldInvalid(field, f, "must be a string"));
      continue;
    }
    const auto& s = f.get_ref<const std::string&>();
    for (const auto& m : IsQualifiedName(s)) errs.push_back(FieldInvalid(field, s, m));
    orphan = orphan || s == "orphan";
    foreground = foreground || s == "foregroundDeletion";
  }
  if (orphan && foreground) {
    errs.push_back(FieldInvalid(field, finalizers,
                                "finalizer orphan and foregroundDeletion cannot be both set"));
  }
  return errs;
}

std::vector<Cause> ValidateOwnerReferences(const nlohmann::json& refs, std::string_view field) {
  std::vector<Cause> errs;
  if (!refs.is_array()) {
    if (!refs.is_null()) errs.push_back(FieldInvalid(field, refs, "must be a list"));
    return errs;
  }
  std::string first_controller;
  for (const auto& ref : refs) {
    std::string api_version = StringField(ref, "apiVersion");
    std::string version = api_version.substr(api_version.find('/') + 1);
    if (api_version.find('/') == std::string::npos) version = api_version;
    if (version.empty()) {
      errs.push_back(
          FieldInvalid(StrCat(field, ".apiVersion"), api_version, "version must not be empty"));
    }
    std::string kind = StringField(ref, "kind");
    if (kind.empty())
      errs.push_back(FieldInvalid(StrCat(field, ".kind"), kind, "kind must not be empty"));
    std::string name = StringField(ref, "name");
    if (name.empty())
      errs.push_back(FieldInvalid(StrCat(field, ".name"), name, "name must not be empty"));
    std::string uid = StringField(ref, "uid");
    if (uid.empty())
      errs.push_back(FieldInvalid(StrCat(field, ".uid"), uid, "uid must not be empty"));
    if (api_version == "v1" && kind == "Event") {
      // Upstream's BannedOwners: core Events are garbage themselves.
      errs.push_back(FieldInvalid(field, ref, "/v1, Kind=Event is disallowed from being an owner"));
    }
    const auto& controller = Member(ref, "controller");
    if (controller.is_boolean() && controller.get<bool>()) {
      std::string cur = StrCat(kind, "/", name);
      if (!first_controller.empty()) {
        errs.push_back(FieldInvalid(
            field, refs,
            StrCat("Only one reference can have Controller set to true. Found \"true\" in "
                   "references for ",
                   first_controller, " and ", cur)));
      } else {
        first_controller = cur;
      }
    }
  }
  return errs;
}

std::vector<Cause> ValidateImmutable(const nlohmann::json& new_value,
                                     const nlohmann::json& old_value, std::string_view field) {
  if (new_value == old_value) return {};
  return {FieldInvalid(field, new_value, "field is immutable")};
}

}  // namespace

std::string MaskTrailingDash(std::string_view name) {
  // Upstream drops the character before the dash too (sic).
  if (name.size() > 1 && name.back() == '-') {
    return StrCat(name.substr(0, name.size() - 2), "a");
  }
  return std::string(name);
}

std::vector<Cause> ValidateLabels(const nlohmann::json& labels, std::string_view field) {
  std::vector<Cause> errs;
  if (labels.is_null()) return errs;
  if (!labels.is_object()) {
    errs.push_back(FieldInvalid(field, labels, "must be a map of string to string"));
    return errs;
  }
  for (auto it = labels.begin(); it != labels.end(); ++it) {
    for (const auto& m : IsQualifiedName(it.key()))
      errs.push_back(FieldInvalid(field, it.key(), m));
    if (!it.value().is_string()) {
      errs.push_back(FieldInvalid(StrCat(field, ".", it.key()), it.value(), "must be a string"));
      continue;
    }
    const auto& v = it.value().get_ref<const std::string&>();
    for (const auto& m : IsValidLabelValue(v)) errs.push_back(FieldInvalid(field, v, m));
  }
  return errs;
}

std::vector<Cause> ValidateAnnotations(const nlohmann::json& annotations, std::string_view field) {
  std::vector<Cause> errs;
  if (annotations.is_null()) return errs;
  if (!annotations.is_object()) {
    errs.push_back(FieldInvalid(field, annotations, "must be a map of string to string"));
    return errs;
  }
  int64_t total = 0;
  for (auto it = annotations.begin(); it != annotations.end(); ++it) {
    // QualifiedName, except that case does not matter.
    for (const auto& m : IsQualifiedName(ToLower(it.key()))) {
      errs.push_back(FieldInvalid(field, it.key(), m));
    }
    total += static_cast<int64_t>(it.key().size());
    if (it.value().is_string()) {
      total += static_cast<int64_t>(it.value().get_ref<const std::string&>().size());
    } else {
      errs.push_back(FieldInvalid(StrCat(field, ".", it.key()), it.value(), "must be a string"));
    }
  }
  if (total > kTotalAnnotationSizeLimit) {
    errs.push_back(FieldTooLong(field, "", kTotalAnnotationSizeLimit));
  }
  return errs;
}

std::vector<Cause> ValidateObjectMeta(const nlohmann::json& metadata, bool namespaced,
                                      NameValidator name_validator) {
  std::vector<Cause> errs;
  if (!metadata.is_object()) {
    errs.push_back(FieldRequired("metadata.name", "name or generateName is required"));
    return errs;
  }
  std::string generate_name = StringField(metadata, "generateName");
  if (!generate_name.empty() && name_validator != nullptr) {
    for (const auto& m : name_validator(MaskTrailingDash(generate_name))) {
      errs.push_back(FieldInvalid("metadata.generateName", generate_name, m));
    }
  }
  std::string name = StringField(metadata, "name");
  if (name.empty()) {
    errs.push_back(FieldRequired("metadata.name", "name or generateName is required"));
  } else if (name_validator != nullptr) {
    for (const auto& m : name_validator(name))
      errs.push_back(FieldInvalid("metadata.name", name, m));
  }
  std::string ns = StringField(metadata, "namespace");
  if (namespaced) {
    if (ns.empty()) {
      errs.push_back(FieldRequired("metadata.namespace"));
    } else {
      for (const auto& m : IsDns1123Label(ns))
        errs.push_back(FieldInvalid("metadata.namespace", ns, m));
    }
  } else if (!ns.empty()) {
    errs.push_back(FieldForbidden("metadata.namespace", "not allowed on this type"));
  }
  const auto& generation = Member(metadata, "generation");
  if (generation.is_number() && generation.get<double>() < 0) {
    errs.push_back(
        FieldInvalid("metadata.generation", generation, "must be greater than or equal to 0"));
  }
  Append(errs, ValidateLabels(Member(metadata, "labels"), "metadata.labels"));
  Append(errs, ValidateAnnotations(Member(metadata, "annotations"), "metadata.annotations"));
  Append(errs,
         ValidateOwnerReferences(Member(metadata, "ownerReferences"), "metadata.ownerReferences"));
  Append(errs, ValidateFinalizers(Member(metadata, "finalizers"), "metadata.finalizers"));
  return errs;
}

std::vector<Cause> ValidateObjectMetaUpdate(const nlohmann::json& new_meta,
                                            const nlohmann::json& old_meta) {
  std::vector<Cause> errs;
  // Finalizers cannot be added once deletion has started.
  if (!Member(old_meta, "deletionTimestamp").is_null()) {
    const auto& old_f = Member(old_meta, "finalizers");
    const auto& new_f = Member(new_meta, "finalizers");
    if (new_f.is_array()) {
      for (const auto& f : new_f) {
        bool existed = false;
        if (old_f.is_array()) {
          for (const auto& o : old_f) existed = existed || o == f;
        }
        if (!existed) {
          errs.push_back(FieldForbidden(
              "metadata.finalizers",
              StrCat("no new finalizers can be added if the object is "
                     "being deleted, found new finalizers ",
                     f.is_string() ? StrCat("[", f.get<std::string>(), "]") : f.dump())));
          break;
        }
      }
    }
  }
  std::string rv = StringField(new_meta, "resourceVersion");
  if (rv.empty()) {
    errs.push_back(FieldInvalid("metadata.resourceVersion", rv, "must be specified for an update"));
  }
  const auto& new_gen = Member(new_meta, "generation");
  const auto& old_gen = Member(old_meta, "generation");
  if (new_gen.is_number() && old_gen.is_number() && new_gen.get<double>() < old_gen.get<double>()) {
    errs.push_back(FieldInvalid("metadata.generation", new_gen, "must not be decremented"));
  }
  for (const char* key : {"name", "namespace", "uid", "creationTimestamp", "deletionTimestamp",
                          "deletionGracePeriodSeconds"}) {
    nlohmann::json n = Member(new_meta, key), o = Member(old_meta, key);
    // An absent string field equals "" as in the Go struct.
    if (n.is_null() && o.is_string() && o.get<std::string>().empty()) n = o;
    if (o.is_null() && n.is_string() && n.get<std::string>().empty()) o = n;
    Append(errs, ValidateImmutable(n, o, StrCat("metadata.", key)));
  }
  Append(errs, ValidateLabels(Member(new_meta, "labels"), "metadata.labels"));
  Append(errs, ValidateAnnotations(Member(new_meta, "annotations"), "metadata.annotations"));
  Append(errs,
         ValidateOwnerReferences(Member(new_meta, "ownerReferences"), "metadata.ownerReferences"));
  Append(errs, ValidateFinalizers(Member(new_meta, "finalizers"), "metadata.finalizers"));
  return errs;
}

}  // namespace wisp::apimachinery
