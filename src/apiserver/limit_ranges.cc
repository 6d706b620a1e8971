// File: src/apiserver/limit_ranges.cc
#include "apiserver/limit_ranges.h"

#include <cstdio>

#include "apiserver/resource_quota.h"
#include "apiserver/rest_call.h"
#include "wisp/apimachinery/quantity.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace {

using nlohmann::json;

std::string Text(const QuotaAmount& q) {
  return apimachinery::FormatMilliQuantity(q.milli, q.binary);
}

const QuotaAmount* Find(const QuotaUsage& list, const std::string& name) {
  auto it = list.find(name);
  return it == list.end() ? nullptr : &it->second;
}

// Upstream's minConstraint, maxConstraint and limitRequestRatioConstraint
// for one item against one set of requests and limits.
void Check(const json& item, const std::string& type, const QuotaUsage& requests,
           const QuotaUsage& limits, std::vector<std::string>& out) {
  for (const auto& [name, enforced] : ParseResourceList(ObjField(item, "min"))) {
    const QuotaAmount* req = Find(requests, name);
    const QuotaAmount* lim = Find(limits, name);
    if (req == nullptr) {
      out.push_back(base::StrCat("minimum ", name, " usage per ", type, " is ", Text(enforced),
                                 ".  No request is specified"));
    } else if (req->milli < enforced.milli) {
      out.push_back(base::StrCat("minimum ", name, " usage per ", type, " is ", Text(enforced),
                                 ", but request is ", Text(*req)));
    } else if (lim != nullptr && lim->milli < enforced.milli) {
      out.push_back(base::StrCat("minimum ", name, " usage per ", type, " is ", Text(enforced),
                                 ", but limit is ", Text(*lim)));
    }
  }
  for (const auto& [name, enforced] : ParseResourceList(ObjField(item, "max"))) {
    const QuotaAmount* req = Find(requests, name);
    const QuotaAmount* lim = Find(limits, name);
    if (type == "PersistentVolumeClaim") {  // upstream's maxRequestConstraint
      if (req != nullptr && req->milli > enforced.milli) {
        out.push_back(base::StrCat("maximum ", name, " usage per ", type, " is ", Text(enforced),
                                   ", but request is ", Text(*req)));
      }
    } else if (lim == nullptr) {
      out.push_back(base::StrCat("maximum ", name, " usage per ", type, " is ", Text(enforced),
                                 ".  No limit is specified"));
    } else if (lim->milli > enforced.milli) {
      out.push_back(base::StrCat("maximum ", name, " usage per ", type, " is ", Text(enforced),
                                 ", but limit is ", Text(*lim)));
    } else if (req != nullptr && req->milli > enforced.milli) {
      out.push_back(base::StrCat("maximum ", name, " usage per ", type, " is ", Text(enforced),
                                 ", but request is ", Text(*req)));
    }
  }
  if (type == "PersistentVolumeClaim") return;
  for (const auto& [name, enforced] : ParseResourceList(ObjField(item, "maxLimitRequestRatio"))) {
    const QuotaAmount* req = Find(requests, name);
    const QuotaAmount* lim = Find(limits, name);
    const std::string prefix =
        base::StrCat(name, " max limit to request ratio per ", type, " is ", Text(enforced));
    if (req == nullptr || req->milli == 0) {
      out.push_back(prefix + ", but no request is specified or request is 0");
    } else if (lim == nullptr || lim->milli == 0) {
      out.push_back(prefix + ", but no limit is specified or limit is 0");
    } else {
      const double ratio = static_cast<double>(lim->milli) / static_cast<double>(req->milli);
      if (ratio * 1000 > static_cast<double>(enforced.milli)) {
        char shown[64];
        std::snprintf(shown, sizeof shown, "%f", ratio);
        out.push_back(base::StrCat(prefix, ", but provided ratio is ", shown));
      }
    }
  }
}

}  // namespace

std::vector<std::string> LimitRangeViolations(const json& limit_range, LimitedKind kind,
                                              const json& obj) {
  std::vector<std::string> out;
  const json& spec = ObjField(obj, "spec");
  for (const json& item : ArrField(ObjField(limit_range, "spec"), "limits")) {
    const std::string type = StrField(item, "type");
    if (kind == LimitedKind::kClaim) {
      if (type != "PersistentVolumeClaim") continue;
      Check(item, type, ParseResourceList(ObjField(ObjField(spec, "resources"), "requests")), {},
            out);
      continue;
    }
    if (type == "Container") {
      for (const char* list : {"containers", "initContainers"}) {
        for (const json& c : ArrField(spec, list)) {
          Check(item, type, ParseResourceList(ContainerResources(c, "requests")),
                ParseResourceList(ContainerResources(c, "limits")), out);
        }
      }
    } else if (type == "Pod") {
      // Upstream limitranger's podRequests / podLimits: without overhead.
      Check(item, type, PodResources(spec, "requests", PodOverhead::kExclude),
            PodResources(spec, "limits", PodOverhead::kExclude), out);
    }
  }
  return out;
}

}  // namespace wisp::apiserver
