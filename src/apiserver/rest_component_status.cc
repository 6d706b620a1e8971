// File: src/apiserver/rest_component_status.cc
//
// v1 ComponentStatus (deprecated upstream, still served): computed on each
// read, never stored. wisp's control plane has one component whose health
// the API server checks this way, its datastore, reported as "etcd-0" as
// upstream names its etcd servers.
#include "apiserver/list_output.h"
#include "apiserver/rest.h"
#include "apiserver/rest_call.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace am = apimachinery;
using nlohmann::json;

void Rest::ComponentStatuses(Call& call) {
  call.warnings.push_back("v1 ComponentStatus is deprecated in v1.19+");
  json condition = {{"type", "Healthy"}};
  // Any key will do: an answer means the datastore serves reads.
  auto head = etcd_.Range("/registry/\x01", "", 0, 0);
  if (head.ok()) {
    condition["status"] = "True";
    condition["message"] = "ok";
  } else {
    condition["status"] = "False";
    condition["error"] = base::ToStd(head.status().message());
  }
  json etcd = {{"kind", "ComponentStatus"},
               {"apiVersion", "v1"},
               {"metadata", {{"name", "etcd-0"}, {"creationTimestamp", nullptr}}},
               {"conditions", json::array({condition})}};
  if (call.info.verb == "get") {
    if (call.info.name != "etcd-0") return ReplyError(call, NotFound(call));
    return Reply(call, 200, etcd);
  }
  auto item = std::make_shared<CachedObject>();
  item->name = "etcd-0";
  item->key = "etcd-0";
  item->json = etcd.dump();
  std::string body = RenderList(*call.rc->info, call.accept.form,
                                Query(call.http, "includeObject").value_or("Metadata"),
                                {std::move(item)}, ListMeta{});
  if (call.accept.yaml && call.accept.form == ResponseForm::kObject) {
    body = JsonToYaml(json::parse(body));
  }
  net::HttpResponse resp;
  resp.status = 200;
  resp.headers.Set("Content-Type", call.accept.yaml && call.accept.form == ResponseForm::kObject
                                       ? "application/yaml"
                                       : "application/json");
  resp.headers.Set("Cache-Control", "no-cache, private");
  for (const std::string& w : call.warnings) {
    resp.headers.Add("Warning", base::StrCat("299 - ", json(w).dump()));
  }
  resp.body = std::move(body);
  call.responder->Respond(std::move(resp));
}

}  // namespace wisp::apiserver
