// Checks the PKI and the kubeconfig with real tools: `openssl verify`,
// `openssl x509 -text`, `kubectl config view`, and a TLS handshake between
// kubectl (Go's crypto/tls, client certificate) and a Python ssl server serving
// the API certificate on loopback.
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "wisp/base/files.h"
#include "wisp/tls/kubeconfig.h"
#include "wisp/tls/pki.h"

namespace wisp::tls {
namespace {

constexpr const char* kOpenssl = "/usr/bin/openssl";
constexpr const char* kKubectl = "/usr/bin/kubectl";
constexpr const char* kPython = "/usr/bin/python3";

struct RunResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr.
};

RunResult RunShell(const std::string& command) {
  RunResult r;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// A minimal HTTPS server (Python's ssl module, i.e. OpenSSL) on an ephemeral
// loopback port that requires a client certificate from `ca` and answers
// every GET with the client certificate's subject as JSON. (`openssl s_server
// -www` resets the connection before Go reads the reply: it closes without
// reading the request headers.) Killed by pid and reaped on destruction.
constexpr const char* kServerScript = R"py(
import http.server, json, ssl, sys
cert, key, ca = sys.argv[1:4]
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        peer = self.connection.getpeercert()
        body = json.dumps({"subject": peer["subject"]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
ctx.load_verify_locations(ca)
ctx.verify_mode = ssl.CERT_REQUIRED
server.socket = ctx.wrap_socket(server.socket, server_side=True)
print("ACCEPT 127.0.0.1:%d" % server.server_address[1], flush=True)
server.serve_forever()
)py";

class TlsServer {
 public:
  TlsServer(const std::string& script, const std::string& cert, const std::string& key,
            const std::string& ca) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], STDOUT_FILENO);
      ::execl(kPython, kPython, script.c_str(), cert.c_str(), key.c_str(), ca.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(fds[1]);
    out_ = ::fdopen(fds[0], "r");
    // Blocks until the server prints "ACCEPT 127.0.0.1:<port>" (or exits).
    char line[512];
    while (out_ != nullptr && fgets(line, sizeof line, out_) != nullptr) {
      std::string s(line);
      if (s.rfind("ACCEPT ", 0) == 0) {
        port_ = std::stoi(s.substr(s.rfind(':') + 1));
        break;
      }
    }
  }
  ~TlsServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_ != nullptr) ::fclose(out_);
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  int port_ = 0;
};

class TlsCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {kOpenssl, kKubectl, kPython}) {
      if (::access(tool, X_OK) != 0) GTEST_SKIP() << "needs " << tool;
    }
    char tmpl[] = "/tmp/wisp-tls-it-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    tmp_ = tmpl;
    PkiOptions o;
    o.dir = tmp_ + "/pki";
    o.extra_sans = {"api.example.com"};
    absl::StatusOr<tls::Pki> pki = tls::Pki::LoadOrCreate(o);
    ASSERT_TRUE(pki.ok()) << pki.status();
    pki_ = std::make_unique<tls::Pki>(*std::move(pki));
    ASSERT_TRUE(base::WriteFileAtomic(Script(), kServerScript).ok());
  }
  void TearDown() override {
    std::error_code ec;
    if (!tmp_.empty()) std::filesystem::remove_all(tmp_, ec);
  }

  std::string PkiFile(const std::string& rel) const { return tmp_ + "/pki/" + rel; }

  std::string WriteKubeconfig(const std::string& server, const std::string& name = "admin") {
    absl::StatusOr<std::string> kc = pki_->ClientKubeconfig(kAdminName, server);
    EXPECT_TRUE(kc.ok()) << kc.status();
    std::string path = tmp_ + "/" + name + ".kubeconfig";
    EXPECT_TRUE(base::WriteFileAtomic(path, kc.ok() ? *kc : "", 0600).ok());
    return path;
  }

  std::string Script() const { return tmp_ + "/server.py"; }

  std::string Kubectl(const std::string& kubeconfig) const {
    return std::string(kKubectl) + " --kubeconfig " + kubeconfig + " --cache-dir " + tmp_ +
           "/kube-cache ";
  }

  std::string tmp_;
  std::unique_ptr<tls::Pki> pki_;
};

TEST_F(TlsCliTest, OpensslVerifiesEveryCertificateAgainstTheCa) {
  for (const char* cert : {"apiserver.crt", "admin.crt", "scheduler.crt", "controller-manager.crt",
                           "apiserver-kubelet-client.crt", "apiserver-etcd-client.crt"}) {
    RunResult r = RunShell(std::string(kOpenssl) + " verify -CAfile " + PkiFile("ca.crt") + " " +
                           PkiFile(cert));
    EXPECT_EQ(r.exit_code, 0) << cert << ": " << r.output;
    EXPECT_NE(r.output.find(": OK"), std::string::npos) << r.output;
  }
  RunResult server = RunShell(std::string(kOpenssl) + " verify -purpose sslserver -CAfile " +
                              PkiFile("ca.crt") + " " + PkiFile("apiserver.crt"));
  EXPECT_EQ(server.exit_code, 0) << server.output;
  RunResult client = RunShell(std::string(kOpenssl) + " verify -purpose sslclient -CAfile " +
                              PkiFile("ca.crt") + " " + PkiFile("admin.crt"));
  EXPECT_EQ(client.exit_code, 0) << client.output;
  RunResult wrong = RunShell(std::string(kOpenssl) + " verify -purpose sslserver -CAfile " +
                             PkiFile("ca.crt") + " " + PkiFile("admin.crt"));
  EXPECT_NE(wrong.exit_code, 0) << wrong.output;
}

TEST_F(TlsCliTest, OpensslShowsSansAndCaExtensions) {
  RunResult r =
      RunShell(std::string(kOpenssl) + " x509 -noout -text -in " + PkiFile("apiserver.crt"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* want :
       {"DNS:kubernetes", "DNS:kubernetes.default.svc.cluster.local", "DNS:localhost",
        "DNS:api.example.com", "IP Address:127.0.0.1", "IP Address:0:0:0:0:0:0:0:1",
        "IP Address:10.96.0.1", "CA:FALSE", "TLS Web Server Authentication"}) {
    EXPECT_NE(r.output.find(want), std::string::npos) << want << "\n" << r.output;
  }
  r = RunShell(std::string(kOpenssl) + " x509 -noout -text -in " + PkiFile("ca.crt"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("CA:TRUE"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Certificate Sign, CRL Sign"), std::string::npos) << r.output;
  r = RunShell(std::string(kOpenssl) + " x509 -noout -subject -in " + PkiFile("admin.crt"));
  EXPECT_NE(r.output.find("O = system:masters, CN = kubernetes-admin"), std::string::npos)
      << r.output;
  r = RunShell(std::string(kOpenssl) + " pkey -noout -text -in " + PkiFile("sa.key") +
               " | head -1");
  EXPECT_NE(r.output.find("2048 bit"), std::string::npos) << r.output;
}

TEST_F(TlsCliTest, KubectlReadsTheKubeconfig) {
  std::string kc = WriteKubeconfig("https://127.0.0.1:6443");
  RunResult r =
      RunShell(Kubectl(kc) + "config view --raw -o jsonpath='{.clusters[0].cluster.server}'");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "https://127.0.0.1:6443");
  r = RunShell(Kubectl(kc) + "config view -o jsonpath='{.users[0].name}'");
  EXPECT_EQ(r.output, "kubernetes-admin");
  r = RunShell(Kubectl(kc) + "config current-context");
  EXPECT_EQ(r.output, "kubernetes-admin@wisp\n");
  r = RunShell(Kubectl(kc) + "config view");  // Omits the secrets.
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("client-key-data: DATA+OMITTED"), std::string::npos) << r.output;
}

TEST_F(TlsCliTest, KubectlReadsATokenKubeconfig) {
  absl::StatusOr<std::string> ca = base::ReadFile(PkiFile("ca.crt"));
  ASSERT_TRUE(ca.ok());
  KubeconfigParams p;
  p.server = "https://[::1]:6443";
  p.ca_cert_pem = *ca;
  p.user_name = "system:bootstrap:abcdef";
  p.token = "abcdef.0123456789abcdef";
  absl::StatusOr<std::string> text = RenderKubeconfig(p);
  ASSERT_TRUE(text.ok()) << text.status();
  std::string path = tmp_ + "/token.kubeconfig";
  ASSERT_TRUE(base::WriteFileAtomic(path, *text, 0600).ok());
  RunResult r = RunShell(Kubectl(path) + "config view --raw -o jsonpath='{.users[0].user.token}'");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "abcdef.0123456789abcdef");
  r = RunShell(Kubectl(path) + "config view --raw -o jsonpath='{.clusters[0].cluster.server}'");
  EXPECT_EQ(r.output, "https://[::1]:6443");
}

TEST_F(TlsCliTest, KubectlCompletesMutualTlsWithTheServingCertificate) {
  TlsServer server(Script(), PkiFile("apiserver.crt"), PkiFile("apiserver.key"), PkiFile("ca.crt"));
  ASSERT_GT(server.port(), 0);
  std::string kc = WriteKubeconfig("https://127.0.0.1:" + std::to_string(server.port()));
  RunResult r = RunShell(Kubectl(kc) + "get --raw / --request-timeout=20s");
  // The server saw kubectl's client certificate: the admin identity.
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(
      r.output.find(
          R"([[["organizationName", "system:masters"]], [["commonName", "kubernetes-admin"]]])"),
      std::string::npos)
      << r.output;
}

TEST_F(TlsCliTest, KubectlRejectsAServerFromAnotherCa) {
  PkiOptions other;
  other.dir = tmp_ + "/other-pki";
  absl::StatusOr<tls::Pki> foreign = tls::Pki::LoadOrCreate(other);
  ASSERT_TRUE(foreign.ok()) << foreign.status();
  TlsServer server(Script(), other.dir + "/apiserver.crt", other.dir + "/apiserver.key",
                   other.dir + "/ca.crt");
  ASSERT_GT(server.port(), 0);
  std::string kc = WriteKubeconfig("https://127.0.0.1:" + std::to_string(server.port()));
  RunResult r = RunShell(Kubectl(kc) + "get --raw / --request-timeout=20s");
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("certificate signed by unknown authority"), std::string::npos)
      << r.output;
}

}  // namespace
}  // namespace wisp::tls
