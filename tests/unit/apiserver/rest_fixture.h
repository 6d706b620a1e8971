// File: tests/unit/apiserver/rest_fixture.h
//
// RestTest: a Rest over the in-memory etcd with the built-in registry and
// strategies, driven through Serve() the way the HTTPS server drives it,
// without sockets. Namespace "ns" exists; the caller is a cluster admin.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "apiserver/rest.h"
#include "apiserver/service_allocator.h"
#include "unit/apiserver/fake_etcd.h"
#include "wisp/api/registry.h"
#include "wisp/strategies/strategy.h"

namespace wisp::apiserver {

using nlohmann::json;
using testing::FakeEtcd;

class CapturingResponder : public net::Responder {
 public:
  explicit CapturingResponder(net::HttpResponse* out) : out_(out) {}
  void Respond(net::HttpResponse response) override { *out_ = std::move(response); }
  std::shared_ptr<net::ResponseStream> StartStream() override { return nullptr; }

 private:
  net::HttpResponse* out_;
};

struct Result {
  int status = 0;
  json body;
  std::string raw;
  std::string content_type;
  std::string warnings;  // every Warning header, one per line
};

class RestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_ = api::NewBuiltInRegistry();
    strategies_ = strategies::NewStrategyTable();
    auto alloc = ServiceAllocator::Create(etcd_, "10.96.0.0/12", "30000-32767");
    ASSERT_TRUE(alloc.ok());
    services_ = *std::move(alloc);
    rest_ = std::make_unique<Rest>(etcd_, caches_, *registry_, *strategies_, services_.get());
    rest_->RegisterCaches();
    ASSERT_TRUE(caches_.Start().ok());
    ASSERT_EQ(Call("POST", "/api/v1/namespaces", R"({"metadata":{"name":"ns"}})").status, 201);
  }

  Result Call(const std::string& method, const std::string& target, const std::string& body = "",
              const std::string& content_type = "application/json",
              const std::string& accept = "") {
    net::HttpRequest req;
    req.method = method;
    size_t q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) req.query = *net::ParseQuery(target.substr(q + 1));
    req.body = body;
    if (!body.empty()) req.headers.Set("Content-Type", content_type);
    if (!accept.empty()) req.headers.Set("Accept", accept);
    RequestInfo info = ParseRequestInfo(method, req.path, req.query);
    net::HttpResponse resp;
    rest_->Serve(info, user_, std::move(req), std::make_unique<CapturingResponder>(&resp));
    Result r;
    r.status = resp.status;
    r.raw = resp.body;
    r.content_type = resp.headers.Get("Content-Type").value_or("");
    r.body = json::parse(resp.body, nullptr, false);
    for (const auto& [name, value] : resp.headers.fields()) {
      if (name == "Warning") r.warnings += value + "\n";
    }
    return r;
  }

  UserInfo user_{"admin", {"system:masters", "system:authenticated"}};
  FakeEtcd etcd_;
  WatchCacheSet caches_{etcd_};
  std::unique_ptr<api::Registry> registry_;
  std::unique_ptr<strategies::StrategyTable> strategies_;
  std::unique_ptr<ServiceAllocator> services_;
  std::unique_ptr<Rest> rest_;
};

}  // namespace wisp::apiserver
