// File: bench/apiserver/apiserver_bench.cc
//
// Load generator for `wisp apiserver` (run through bench/apiserver/run.sh).
// Talks HTTPS with the admin client certificate, as kubectl would, and
// reports: CREATE and GET latency with N concurrent clients (closed loop, as
// fast as the server answers, and open loop at a steady rate), LIST of the
// pods (resourceVersion=0 from the watch cache and a consistent list from
// etcd), watch delivery latency to many watchers, and the RSS of the given
// server processes idle and with ~10,000 objects stored.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "wisp/net/https_client.h"

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

struct Flags {
  std::string server;
  wisp::net::HttpsClientOptions tls;
  int clients = 50;
  int watchers = 1000;
  int pods = 5000;
  int total_objects = 10000;
  std::vector<int> pids;
};

double Micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = std::min(v.size() - 1, static_cast<size_t>(p / 100.0 * v.size()));
  return v[i];
}

std::unique_ptr<wisp::net::HttpsClient> Connect(const Flags& f) {
  auto c = wisp::net::HttpsClient::Create(f.server, f.tls);
  if (!c.ok()) {
    std::cerr << "client: " << c.status() << "\n";
    std::exit(1);
  }
  return *std::move(c);
}

wisp::net::HeaderMap JsonHeaders() {
  wisp::net::HeaderMap h;
  h.Set("Content-Type", "application/json");
  h.Set("Accept", "application/json");
  return h;
}

// One request; exits the benchmark on a transport error or an unexpected
// status, since every later number would be meaningless.
std::string Must(wisp::net::HttpsClient& c, const std::string& method, const std::string& target,
                 const std::string& body, std::initializer_list<int> ok) {
  auto r = c.Do(method, target, JsonHeaders(), body);
  if (!r.ok()) {
    std::cerr << method << " " << target << ": " << r.status() << "\n";
    std::exit(1);
  }
  if (std::find(ok.begin(), ok.end(), r->status) == ok.end()) {
    std::cerr << method << " " << target << ": HTTP " << r->status << " " << r->body << "\n";
    std::exit(1);
  }
  return r->body;
}

std::string RssKiB(const std::vector<int>& pids) {
  std::ostringstream out;
  long total = 0;
  for (int pid : pids) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    long kb = 0;
    while (std::getline(in, line)) {
      if (line.rfind("VmRSS:", 0) == 0) kb = std::stol(line.substr(6));
    }
    total += kb;
    out << pid << "=" << kb << " ";
  }
  out << "total=" << total << " KiB";
  return out.str();
}

// Runs `per_client` calls of `op(client, client_index, i)` on f.clients
// threads at once and returns each call's latency in microseconds.
template <typename Op>
std::vector<double> Concurrent(const Flags& f, int per_client, Op op) {
  std::vector<std::vector<double>> lat(f.clients);
  std::vector<std::thread> threads;
  for (int t = 0; t < f.clients; ++t) {
    threads.emplace_back([&, t] {
      auto c = Connect(f);
      for (int i = 0; i < per_client; ++i) {
        auto start = Clock::now();
        op(*c, t, i);
        lat[t].push_back(Micros(Clock::now() - start));
      }
    });
  }
  for (auto& th : threads) th.join();
  std::vector<double> all;
  for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  return all;
}

// As Concurrent, but open loop: client t sends call i at its scheduled time
// (every `interval`, clients staggered) whether or not the server kept up, and
// latency counts from the scheduled time, so a slow server cannot hide its
// queueing (no coordinated omission). The load is clients / interval.
template <typename Op>
std::vector<double> Paced(const Flags& f, int per_client, Clock::duration interval, Op op) {
  std::vector<std::vector<double>> lat(f.clients);
  std::vector<std::thread> threads;
  std::vector<std::unique_ptr<wisp::net::HttpsClient>> conns;
  for (int t = 0; t < f.clients; ++t) conns.push_back(Connect(f));
  auto begin = Clock::now() + std::chrono::milliseconds(50);
  for (int t = 0; t < f.clients; ++t) {
    threads.emplace_back([&, t] {
      auto first = begin + interval * t / f.clients;
      for (int i = 0; i < per_client; ++i) {
        auto due = first + interval * i;
        std::this_thread::sleep_until(due);
        op(*conns[t], t, i);
        lat[t].push_back(Micros(Clock::now() - due));
      }
    });
  }
  for (auto& th : threads) th.join();
  std::vector<double> all;
  for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  return all;
}

void Report(const char* what, const std::vector<double>& lat, Clock::duration wall) {
  std::printf("%-36s n=%-6zu p50 %8.0f us  p99 %8.0f us  %8.0f req/s\n", what, lat.size(),
              Percentile(lat, 50), Percentile(lat, 99),
              lat.size() / std::chrono::duration<double>(wall).count());
}

std::string ConfigMap(const std::string& name) {
  return json{{"apiVersion", "v1"},
              {"kind", "ConfigMap"},
              {"metadata", {{"name", name}, {"labels", {{"bench", "yes"}}}}},
              {"data", {{"key", std::string(64, 'v')}}}}
      .dump();
}

std::string Pod(const std::string& name) {
  return json{{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata", {{"name", name}, {"labels", {{"app", "bench"}}}}},
              {"spec",
               {{"containers",
                 {{{"name", "c"}, {"image", "busybox:1.36"}, {"command", {"sleep", "3600"}}}}}}}}
      .dump();
}

void CreateNamespace(wisp::net::HttpsClient& c, const std::string& name) {
  Must(c, "POST", "/api/v1/namespaces",
       json{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}}.dump(),
       {201, 409});
}

void CrudPhase(const Flags& f) {
  const int per_client = 40;
  auto start = Clock::now();
  auto created = Concurrent(f, per_client, [](wisp::net::HttpsClient& c, int t, int i) {
    Must(c, "POST", "/api/v1/namespaces/bench/configmaps",
         ConfigMap("cm-" + std::to_string(t) + "-" + std::to_string(i)), {201});
  });
  Report("CREATE configmap", created, Clock::now() - start);

  start = Clock::now();
  auto got = Concurrent(f, 200, [&](wisp::net::HttpsClient& c, int t, int i) {
    Must(c, "GET",
         "/api/v1/namespaces/bench/configmaps/cm-" + std::to_string((t + i) % f.clients) + "-" +
             std::to_string(i % per_client),
         "", {200});
  });
  Report("GET configmap", got, Clock::now() - start);

  // The same clients, all connected, at a steady load below saturation:
  // 50 clients x 20 GET/s = 1,000 req/s, then 50 x 10 CREATE/s = 500 req/s.
  using std::chrono::milliseconds;
  start = Clock::now();
  auto created_paced = Paced(f, 40, milliseconds(100), [](wisp::net::HttpsClient& c, int t, int i) {
    Must(c, "POST", "/api/v1/namespaces/bench/configmaps",
         ConfigMap("paced-" + std::to_string(t) + "-" + std::to_string(i)), {201});
  });
  Report("CREATE configmap (paced 10/s each)", created_paced, Clock::now() - start);
  start = Clock::now();
  auto got_paced = Paced(f, 100, milliseconds(50), [&](wisp::net::HttpsClient& c, int t, int i) {
    Must(c, "GET",
         "/api/v1/namespaces/bench/configmaps/cm-" + std::to_string((t + i) % f.clients) + "-" +
             std::to_string(i % per_client),
         "", {200});
  });
  Report("GET configmap (paced 20/s each)", got_paced, Clock::now() - start);

  // The same calls from one client: the latency of a request on its own.
  Flags one = f;
  one.clients = 1;
  start = Clock::now();
  auto created1 = Concurrent(one, 300, [](wisp::net::HttpsClient& c, int, int i) {
    Must(c, "POST", "/api/v1/namespaces/bench/configmaps", ConfigMap("one-" + std::to_string(i)),
         {201});
  });
  Report("CREATE configmap (1 client)", created1, Clock::now() - start);
  start = Clock::now();
  auto got1 = Concurrent(one, 2000, [](wisp::net::HttpsClient& c, int, int i) {
    Must(c, "GET", "/api/v1/namespaces/bench/configmaps/one-" + std::to_string(i % 300), "", {200});
  });
  Report("GET configmap (1 client)", got1, Clock::now() - start);
}

void ListPhase(const Flags& f) {
  const int per_client = (f.pods + f.clients - 1) / f.clients;
  auto start = Clock::now();
  auto created = Concurrent(f, per_client, [&](wisp::net::HttpsClient& c, int t, int i) {
    if (t * per_client + i >= f.pods) return;
    Must(c, "POST", "/api/v1/namespaces/bench-pods/pods",
         Pod("pod-" + std::to_string(t) + "-" + std::to_string(i)), {201});
  });
  Report("CREATE pod", created, Clock::now() - start);

  auto c = Connect(f);
  for (const char* rv : {"resourceVersion=0", "resourceVersion="}) {
    std::vector<double> lat;
    size_t bytes = 0, items = 0;
    for (int i = 0; i < 5; ++i) {
      auto s = Clock::now();
      std::string body =
          Must(*c, "GET", std::string("/api/v1/namespaces/bench-pods/pods?") + rv, "", {200});
      lat.push_back(Micros(Clock::now() - s));
      bytes = body.size();
      items = json::parse(body)["items"].size();
    }
    std::printf("LIST %zu pods (%-18s) %zu bytes   p50 %8.1f ms  max %8.1f ms\n", items,
                std::string(rv) == "resourceVersion=0" ? "rv=0, cache" : "consistent, etcd", bytes,
                Percentile(lat, 50) / 1000, Percentile(lat, 100) / 1000);
  }
}

// Every watcher's deliveries: resourceVersion → arrival time.
struct Deliveries {
  std::mutex mu;
  std::vector<std::map<int64_t, Clock::time_point>> seen;
  std::atomic<int> connected{0};
};

void WatchPhase(const Flags& f) {
  auto c = Connect(f);
  CreateNamespace(*c, "bench-watch");
  std::string cm =
      Must(*c, "POST", "/api/v1/namespaces/bench-watch/configmaps", ConfigMap("target"), {201});
  std::string rv = json::parse(cm)["metadata"]["resourceVersion"];

  Deliveries d;
  d.seen.resize(f.watchers);
  std::atomic<bool> stop{false};
  std::vector<std::unique_ptr<wisp::net::HttpsClient>> clients;
  for (int w = 0; w < f.watchers; ++w) clients.push_back(Connect(f));
  std::vector<std::thread> threads;
  for (int w = 0; w < f.watchers; ++w) {
    threads.emplace_back([&, w] {
      std::string buf;
      bool counted = false;
      wisp::net::HeaderMap h;
      h.Set("Accept", "application/json");
      auto s = clients[w]->Stream(
          "GET", "/api/v1/namespaces/bench-watch/configmaps?watch=1&resourceVersion=" + rv, h,
          [&](std::string_view data) {
            auto now = Clock::now();
            if (!counted) {
              counted = true;
              d.connected++;
            }
            buf.append(data);
            size_t nl;
            while ((nl = buf.find('\n')) != std::string::npos) {
              std::string line = buf.substr(0, nl);
              buf.erase(0, nl + 1);
              auto ev = json::parse(line, nullptr, false);
              if (ev.is_discarded() || ev.value("type", "") != "MODIFIED") continue;
              int64_t v =
                  std::stoll(ev["object"]["metadata"]["resourceVersion"].get<std::string>());
              std::lock_guard<std::mutex> lock(d.mu);
              d.seen[w][v] = now;
            }
            return !stop.load();
          });
      (void)s;
    });
  }
  // Each watcher proves it is connected with the first update's event.
  std::map<int64_t, Clock::time_point> sent;
  auto update = [&](int i) {
    json obj = json::parse(ConfigMap("target"));
    obj["data"]["n"] = std::to_string(i);
    auto s = Clock::now();
    std::string out =
        Must(*c, "PUT", "/api/v1/namespaces/bench-watch/configmaps/target", obj.dump(), {200});
    return std::make_pair(
        std::stoll(json::parse(out)["metadata"]["resourceVersion"].get<std::string>()), s);
  };
  update(0);
  auto deadline = Clock::now() + std::chrono::seconds(60);
  while (d.connected.load() < f.watchers && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (int i = 1; i <= 20; ++i) {
    auto [v, t] = update(i);
    sent[v] = t;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::this_thread::sleep_for(std::chrono::seconds(2));
  stop = true;
  update(99);  // wakes every stream so its callback can return false
  for (auto& th : threads) th.join();

  std::vector<double> lat;
  size_t missing = 0;
  for (auto& per : d.seen) {
    for (auto& [v, t] : sent) {
      auto it = per.find(v);
      if (it == per.end()) {
        ++missing;
      } else {
        lat.push_back(Micros(it->second - t));
      }
    }
  }
  std::printf("WATCH delivery to %d watchers     n=%-6zu p50 %8.0f us  p99 %8.0f us  missing %zu\n",
              d.connected.load(), lat.size(), Percentile(lat, 50), Percentile(lat, 99), missing);
}

void FillPhase(const Flags& f) {
  // Objects so far: the configmaps (closed-loop and paced), the pods, the
  // watch target.
  int have = f.clients * 80 + 300 + f.pods + 1;
  int need = std::max(0, f.total_objects - have);
  int per_client = (need + f.clients - 1) / f.clients;
  Concurrent(f, per_client, [&](wisp::net::HttpsClient& c, int t, int i) {
    if (t * per_client + i >= need) return;
    Must(c, "POST", "/api/v1/namespaces/bench/configmaps",
         ConfigMap("fill-" + std::to_string(t) + "-" + std::to_string(i)), {201});
  });
  std::this_thread::sleep_for(std::chrono::seconds(3));
  std::printf("RSS with %d objects stored: %s\n", f.total_objects, RssKiB(f.pids).c_str());
  // The API server trims freed heap and start-up pages once a minute.
  std::this_thread::sleep_for(std::chrono::seconds(65));
  std::printf("RSS with %d objects, 65 s idle: %s\n", f.total_objects, RssKiB(f.pids).c_str());
}

bool ParseFlags(int argc, char** argv, Flags* f) {
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--server") {
      f->server = v;
    } else if (k == "--ca") {
      f->tls.ca_file = v;
    } else if (k == "--cert") {
      f->tls.cert_file = v;
    } else if (k == "--key") {
      f->tls.key_file = v;
    } else if (k == "--clients") {
      f->clients = std::stoi(v);
    } else if (k == "--watchers") {
      f->watchers = std::stoi(v);
    } else if (k == "--pods") {
      f->pods = std::stoi(v);
    } else if (k == "--pids") {
      std::stringstream ss(v);
      std::string p;
      while (std::getline(ss, p, ',')) f->pids.push_back(std::stoi(p));
    } else {
      std::cerr << "unknown flag " << k << "\n";
      return false;
    }
  }
  return !f->server.empty();
}

}  // namespace

int main(int argc, char** argv) {
  Flags f;
  if (!ParseFlags(argc, argv, &f)) {
    std::cerr << "usage: apiserver_bench --server HOST:PORT --ca F --cert F --key F "
                 "[--clients N] [--watchers N] [--pods N] [--pids P1,P2]\n";
    return 2;
  }
  f.tls.server_name = "127.0.0.1";
  std::printf("idle RSS (datastore, apiserver): %s\n", RssKiB(f.pids).c_str());
  {
    auto c = Connect(f);
    CreateNamespace(*c, "bench");
    CreateNamespace(*c, "bench-pods");
  }
  CrudPhase(f);
  ListPhase(f);
  WatchPhase(f);
  FillPhase(f);
  return 0;
}
