// File: src/apiserver/list_output.h (private to the apiserver)
//
// Renders a list response (a typed List, a Table or a
// PartialObjectMetadataList) from cached objects without re-parsing them
// unless the form needs it.
#pragma once

#include <string>
#include <vector>

#include "apiserver/response.h"
#include "apiserver/watch_cache.h"
#include "wisp/api/registry.h"

namespace wisp::apiserver {

struct ListMeta {
  int64_t resource_version = 0;
  std::string continue_token;
  std::optional<int64_t> remaining_item_count;
};

// `storage_version`, when set, is the apiVersion the resource is stored in:
// Tables print every version of it as upstream prints its internal form.
std::string RenderList(const api::ResourceInfo& info, ResponseForm form,
                       const std::string& include_object, const std::vector<ObjectPtr>& items,
                       const ListMeta& meta, std::string_view storage_version = {});

// One object in the requested form (for watch events and single reads).
nlohmann::json RenderObject(const api::ResourceInfo& info, ResponseForm form,
                            const std::string& include_object, const nlohmann::json& obj,
                            std::string_view storage_version = {});

int64_t NowUnixSeconds();

}  // namespace wisp::apiserver
