#!/usr/bin/env python3
"""Driver of bench/kubelet/run.sh (see there). Usage: kubelet_bench.py WISP [PODS] [IDLE_PODS]"""
import hashlib, io, json, os, signal, statistics, subprocess, sys, tarfile, tempfile, time

WISP = sys.argv[1]
PODS = int(sys.argv[2]) if len(sys.argv) > 2 else 50
IDLE_PODS = int(sys.argv[3]) if len(sys.argv) > 3 else 10
IMAGE = "docker.io/wisp-bench/busybox:1"
NODE = "bench"


def oci_archive(path):
    """An OCI image-layout tar of Debian's static busybox with a few applets."""
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w") as t:
        t.add("/bin/busybox", arcname="bin/busybox")
        for applet in ("sh", "sleep", "echo"):
            info = tarfile.TarInfo("bin/" + applet)
            info.type, info.linkname, info.mode = tarfile.SYMTYPE, "busybox", 0o777
            t.addfile(info)
    layer = layer.getvalue()
    arch = {"x86_64": "amd64", "aarch64": "arm64", "armv7l": "arm"}.get(os.uname().machine, "amd64")
    config = json.dumps({"architecture": arch, "os": "linux",
                         "config": {"Cmd": ["/bin/sh"], "Env": ["PATH=/bin"]},
                         "rootfs": {"type": "layers",
                                    "diff_ids": ["sha256:" + hashlib.sha256(layer).hexdigest()]}}).encode()
    def desc(media, data):
        return {"mediaType": media, "digest": "sha256:" + hashlib.sha256(data).hexdigest(), "size": len(data)}
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": desc("application/vnd.oci.image.config.v1+json", config),
                           "layers": [desc("application/vnd.oci.image.layer.v1.tar", layer)]}).encode()
    mdesc = desc("application/vnd.oci.image.manifest.v1+json", manifest)
    mdesc["annotations"] = {"io.containerd.image.name": IMAGE, "org.opencontainers.image.ref.name": "1"}
    index = json.dumps({"schemaVersion": 2, "manifests": [mdesc]}).encode()
    with tarfile.open(path, "w") as t:
        for name, data in [("oci-layout", b'{"imageLayoutVersion":"1.0.0"}'), ("index.json", index)] + \
                [("blobs/sha256/" + hashlib.sha256(d).hexdigest(), d) for d in (layer, config, manifest)]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))


def wait(cond, limit, what):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.005)
    raise SystemExit("timed out waiting for " + what)


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


def main():
    tmp = tempfile.mkdtemp(prefix="wisp-bench-kubelet-")
    data, run, logs = tmp + "/data", tmp + "/run", tmp + "/pod-logs"
    manifests = data + "/manifests/pods"
    os.makedirs(data + "/images")
    os.makedirs(manifests)
    oci_archive(data + "/images/busybox.tar")
    with open(tmp + "/wisp.yaml", "w") as f:
        f.write("apiVersion: wisp.dev/v1beta1\nkind: ClusterConfig\nspec:\n  network:\n    podCIDR: 10.248.0.0/16\n")
    bridge_existed = os.path.exists("/sys/class/net/wisp0")
    masq_existed = subprocess.run(["iptables", "-w", "5", "-t", "nat", "-S", "WISP-POD-EGRESS"],
                                  capture_output=True).returncode == 0
    log = open(tmp + "/worker.log", "w")
    worker = subprocess.Popen([WISP, "--data-dir", data, "--run-dir", run, "worker", "-c", tmp + "/wisp.yaml",
                               "--kubelet-extra-args", f"--pod-logs-dir {logs} --node-name {NODE}"],
                              stdout=log, stderr=log, start_new_session=True)
    sock = run + "/containerd/containerd.sock"
    ctr = ["ctr", "-a", sock, "-n", "k8s.io"]
    try:
        wait(lambda: subprocess.run(ctr + ["images", "check", "name==" + IMAGE], capture_output=True,
                                    text=True).stdout.count("complete") > 0, 120, "image import")
        wait(lambda: os.path.exists(run + "/kubelet.pid"), 30, "kubelet")

        def status(name):
            try:
                with open(f"{run}/kubelet/pods/default_{name}-{NODE}.json") as f:
                    return json.load(f)["status"]
            except (OSError, ValueError, KeyError):
                return None

        def running(name):
            st = status(name)
            return st is not None and any("running" in c["state"] for c in st.get("containerStatuses", []))

        pod = ("apiVersion: v1\nkind: Pod\nmetadata: {{name: {n}}}\nspec:\n  terminationGracePeriodSeconds: 0\n"
               "  containers:\n  - {{name: c, image: \"" + IMAGE + "\", command: [sleep, \"3600\"]}}\n")

        def write(name):
            path = f"{manifests}/{name}.yaml"
            with open(path + ".tmp", "w") as f:
                f.write(pod.format(n=name))
            os.rename(path + ".tmp", path)

        def remove_all():
            for f in os.listdir(manifests):
                os.unlink(f"{manifests}/{f}")
            wait(lambda: not os.listdir(run + "/kubelet/pods"), 300, "pods removed")

        # Warm-up (first sandbox, CNI bridge creation).
        write("warmup")
        wait(lambda: running("warmup"), 120, "warm-up pod")
        remove_all()

        kubelet_times = []
        for i in range(PODS):
            t0 = time.monotonic()
            write(f"p{i}")
            wait(lambda: running(f"p{i}"), 120, f"pod p{i}")
            kubelet_times.append(time.monotonic() - t0)
        remove_all()

        ctr_times = []
        for i in range(PODS):
            t0 = time.monotonic()
            subprocess.run(ctr + ["run", "-d", IMAGE, f"bench-ctr-{i}", "sleep", "3600"], check=True,
                           capture_output=True)
            ctr_times.append(time.monotonic() - t0)
        for i in range(PODS):
            subprocess.run(ctr + ["task", "kill", "-s", "SIGKILL", f"bench-ctr-{i}"], capture_output=True)
        for i in range(PODS):
            wait(lambda: subprocess.run(ctr + ["task", "delete", f"bench-ctr-{i}"], capture_output=True)
                 .returncode == 0 or "not found" in subprocess.run(
                     ctr + ["task", "ls"], capture_output=True, text=True).stdout + "not found", 30, "ctr task")
            subprocess.run(ctr + ["container", "delete", f"bench-ctr-{i}"], capture_output=True)

        for i in range(IDLE_PODS):
            write(f"idle{i}")
        wait(lambda: all(running(f"idle{i}") for i in range(IDLE_PODS)), 300, "idle pods")
        time.sleep(10)
        with open(run + "/kubelet.pid") as f:
            kpid = int(f.read().split()[0])
        rss = {}
        with open(f"/proc/{kpid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmRSS", "RssAnon", "RssFile"):
                    rss[k] = int(v.split()[0])
        remove_all()

        k50, k99 = pct(kubelet_times, 50), pct(kubelet_times, 99)
        c50, c99 = pct(ctr_times, 50), pct(ctr_times, 99)
        print(f"binary: {WISP}")
        print(f"start latency, {PODS} pods one at a time (manifest written -> container running):")
        print(f"  wisp kubelet  p50 {k50*1000:7.1f} ms   p99 {k99*1000:7.1f} ms   mean {statistics.mean(kubelet_times)*1000:7.1f} ms")
        print(f"  ctr run -d    p50 {c50*1000:7.1f} ms   p99 {c99*1000:7.1f} ms   mean {statistics.mean(ctr_times)*1000:7.1f} ms")
        print(f"  ratio p50 {k50/c50:.2f}x   p99 {k99/c99:.2f}x   (target: p50 within 1.5x)")
        print(f"kubelet idle RSS with {IDLE_PODS} pods: {rss.get('VmRSS', 0)/1024:.1f} MB "
              f"(anon {rss.get('RssAnon', 0)/1024:.1f} MB, file {rss.get('RssFile', 0)/1024:.1f} MB; target <= 20 MB)")
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        subprocess.run(f"for p in $(grep -l {tmp} /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3); do "
                       f"kill -9 $p 2>/dev/null; done", shell=True)
        subprocess.run(f"grep -o ' {tmp}[^ ]*' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l",
                       shell=True)
        if not bridge_existed:
            subprocess.run(["ip", "link", "delete", "wisp0"], capture_output=True)
        if not masq_existed:  # the worker's pod masquerade rule (src/worker/masquerade.h)
            subprocess.run("iptables -w 5 -t nat -S POSTROUTING | grep -- '--comment wisp-pod-egress' | "
                           "sed 's/^-A /-D /' | while read -r r; do iptables -w 5 -t nat $r; done; "
                           "iptables -w 5 -t nat -F WISP-POD-EGRESS; iptables -w 5 -t nat -X WISP-POD-EGRESS",
                           shell=True, capture_output=True)
        subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    main()
