// File: src/apiserver/list_output.cc
#include "apiserver/list_output.h"

#include "wisp/apimachinery/table.h"
#include "wisp/base/strings.h"
#include "wisp/strategies/conversion.h"

namespace wisp::apiserver {
using nlohmann::json;

int64_t NowUnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

json MetaJson(const ListMeta& meta) {
  json m = {{"resourceVersion", std::to_string(meta.resource_version)}};
  if (!meta.continue_token.empty()) m["continue"] = meta.continue_token;
  if (meta.remaining_item_count) m["remainingItemCount"] = *meta.remaining_item_count;
  return m;
}

json PartialMetadata(const json& obj) {
  return {{"kind", "PartialObjectMetadata"},
          {"apiVersion", "meta.k8s.io/v1"},
          {"metadata", obj.value("metadata", json::object())}};
}

// Builds the Table of `objects`; see RenderList for `storage_version`.
json Table(const api::ResourceInfo& info, const std::string& include_object,
           const std::vector<json>& objects, std::string_view storage_version) {
  apimachinery::TableOptions opts;
  opts.include_object = include_object;
  opts.now_unix_seconds = NowUnixSeconds();
  std::string_view group = info.group;
  if (!storage_version.empty()) {
    size_t slash = storage_version.find('/');
    group = slash == std::string_view::npos ? std::string_view() : storage_version.substr(0, slash);
    opts.printable = [storage_version](const json& obj) {
      json copy = obj;
      strategies::ConvertObject(copy, storage_version);
      return copy;
    };
  }
  return apimachinery::BuildTable(group, info.plural, objects, opts);
}

}  // namespace

json RenderObject(const api::ResourceInfo& info, ResponseForm form,
                  const std::string& include_object, const json& obj,
                  std::string_view storage_version) {
  if (form == ResponseForm::kPartialMetadata) return PartialMetadata(obj);
  if (form != ResponseForm::kTable) return obj;
  json table = Table(info, include_object, {obj}, storage_version);
  table["metadata"]["resourceVersion"] =
      obj.value("/metadata/resourceVersion"_json_pointer, std::string());
  return table;
}

std::string RenderList(const api::ResourceInfo& info, ResponseForm form,
                       const std::string& include_object, const std::vector<ObjectPtr>& items,
                       const ListMeta& meta, std::string_view storage_version) {
  if (form == ResponseForm::kObject) {
    std::string out =
        base::StrCat("{\"kind\":\"", info.list_kind, "\",\"apiVersion\":\"", info.ApiVersion(),
                     "\",\"metadata\":", MetaJson(meta).dump(), ",\"items\":[");
    size_t total = out.size() + 2;
    for (const auto& o : items) total += o->json.size() + 1;
    out.reserve(total);
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) out += ',';
      out += items[i]->json;
    }
    out += "]}";
    return out;
  }
  std::vector<json> parsed;
  parsed.reserve(items.size());
  for (const auto& o : items) parsed.push_back(json::parse(o->json, nullptr, false));
  if (form == ResponseForm::kPartialMetadata) {
    json list = {{"kind", "PartialObjectMetadataList"},
                 {"apiVersion", "meta.k8s.io/v1"},
                 {"metadata", MetaJson(meta)},
                 {"items", json::array()}};
    for (const json& o : parsed) list["items"].push_back(PartialMetadata(o));
    return list.dump();
  }
  json table = Table(info, include_object, parsed, storage_version);
  json m = MetaJson(meta);
  for (auto& [k, v] : m.items()) table["metadata"][k] = v;
  return table.dump();
}

}  // namespace wisp::apiserver
