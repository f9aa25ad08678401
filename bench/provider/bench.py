#!/usr/bin/env python3
"""Measures the provider process; run through run.sh, which builds the release binary.

Numbers: process start to handshake line (median, p95), `terraform validate` of a config
using the provider next to the same kind of config without it, the provider's peak RSS
during that validate, and the binary size. Results go to BENCHMARKS.md next to this file.
"""

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

COOKIE = ("TF_PLUGIN_MAGIC_COOKIE",
          "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2")

WITH_PROVIDER = """
terraform {
  required_providers {
    score = { source = "score-tf/score" }
  }
}

provider "score" {}

data "score_workload" "hello" {
  spec = <<-YAML
    apiVersion: score.dev/v1b1
    metadata:
      name: hello
    containers:
      web:
        image: nginx
  YAML
}

output "name" {
  value = data.score_workload.hello.name
}
"""

WITHOUT_PROVIDER = """
locals {
  name = "hello"
}

output "name" {
  value = local.name
}
"""


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def client_cert(work):
    """A client certificate made like Terraform's: ECDSA P-521 / SHA-512, localhost."""
    cert, key = work / "client.pem", work / "client.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-521",
         "-sha512", "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1",
         "-subj", "/O=HashiCorp/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
         "-addext", "extendedKeyUsage=clientAuth,serverAuth"],
        check=True, capture_output=True)
    return cert.read_text()


def handshake_times(binary, runs, client_pem):
    """Seconds from spawning the process to reading its handshake line, per run."""
    env = {"PATH": os.environ.get("PATH", ""), COOKIE[0]: COOKIE[1],
           "PLUGIN_PROTOCOL_VERSIONS": "5,6"}
    if client_pem is not None:
        env["PLUGIN_CLIENT_CERT"] = client_pem
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.Popen([binary], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        line = proc.stdout.readline()
        times.append(time.perf_counter() - started)
        if not line.startswith(b"1|6|"):
            raise SystemExit(f"unexpected handshake line {line!r}")
        proc.terminate()
        proc.wait()
    return times


def cli_config(path, plugin_dir):
    path.write_text(
        "provider_installation {\n"
        f"  dev_overrides {{\n    \"score-tf/score\" = \"{plugin_dir}\"\n  }}\n"
        "  direct {}\n}\n")


def terraform_env(config, home):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    env.update({"TF_CLI_CONFIG_FILE": str(config), "CHECKPOINT_DISABLE": "1",
                "TF_IN_AUTOMATION": "1", "HOME": str(home)})
    return env


def validate(terraform, directory, env):
    started = time.perf_counter()
    out = subprocess.run([terraform, "validate", "-no-color"], cwd=directory, env=env,
                         capture_output=True, text=True)
    took = time.perf_counter() - started
    if out.returncode != 0 or "The configuration is valid" not in out.stdout:
        raise SystemExit(f"terraform validate failed in {directory}:\n{out.stdout}{out.stderr}")
    return took


def validate_times(terraform, binary, runs, work):
    plugins = work / "plugins"
    plugins.mkdir()
    (plugins / "terraform-provider-score").symlink_to(binary)
    config = work / "dev.tfrc"
    cli_config(config, plugins)
    home = work / "home"
    home.mkdir()
    env = terraform_env(config, home)
    dirs = {}
    for name, text in (("with", WITH_PROVIDER), ("without", WITHOUT_PROVIDER)):
        dirs[name] = work / name
        dirs[name].mkdir()
        (dirs[name] / "main.tf").write_text(text)
        validate(terraform, dirs[name], env)  # warm-up, untimed
    times = {"with": [], "without": []}
    for _ in range(runs):
        for name in ("with", "without"):
            times[name].append(validate(terraform, dirs[name], env))
    return times


def peak_rss_kib(terraform, binary, work):
    """Largest RSS of any provider process Terraform starts during one validate."""
    plugins = work / "rss-plugins"
    plugins.mkdir()
    log = work / "rss.txt"
    wrapper = plugins / "terraform-provider-score"
    wrapper.write_text(
        "#!/bin/sh\n"
        f"exec /usr/bin/time -a -o '{log}' -f '%M' '{binary}' \"$@\"\n")
    wrapper.chmod(0o755)
    config = work / "rss.tfrc"
    cli_config(config, plugins)
    home = work / "rss-home"
    home.mkdir()
    directory = work / "rss-with"
    directory.mkdir()
    (directory / "main.tf").write_text(WITH_PROVIDER)
    validate(terraform, directory, terraform_env(config, home))
    values = [int(line) for line in log.read_text().split() if line.isdigit()]
    if not values:
        raise SystemExit(f"no RSS recorded in {log}")
    return max(values), len(values)


def ms(seconds):
    return f"{seconds * 1000:.2f} ms"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--terraform", required=True)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--validate-runs", type=int, default=20)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    binary = str(Path(args.binary).resolve())

    with tempfile.TemporaryDirectory(prefix="score-bench-") as tmp:
        work = Path(tmp)
        pem = client_cert(work)
        mtls = handshake_times(binary, args.runs, pem)
        plain = handshake_times(binary, args.runs, None)
        validates = validate_times(args.terraform, binary, args.validate_runs, work)
        rss, starts = peak_rss_kib(args.terraform, binary, work)

    tf_version = subprocess.run([args.terraform, "version"], capture_output=True,
                                text=True).stdout.splitlines()[0]
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    with_median = statistics.median(validates["with"])
    without_median = statistics.median(validates["without"])
    size = os.path.getsize(binary)
    report = f"""# Provider benchmarks

Written by `bench/provider/run.sh` (release build); not part of the test suite.

- Date: {datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
- Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}
- Terraform: {tf_version} (the test bed's)

| measure | result | target |
| --- | --- | --- |
| start → handshake line, AutoMTLS (median of {args.runs}) | {ms(statistics.median(mtls))} | < 5 ms |
| start → handshake line, AutoMTLS (p95) | {ms(percentile(mtls, 0.95))} | |
| start → handshake line, plaintext (median / p95 of {args.runs}) | {ms(statistics.median(plain))} / {ms(percentile(plain, 0.95))} | |
| `terraform validate` with the provider (median of {args.validate_runs}) | {ms(with_median)} | |
| `terraform validate` without a provider (median of {args.validate_runs}) | {ms(without_median)} | |
| difference | {ms(with_median - without_median)} | < 100 ms |
| peak RSS of the provider during `validate` (max of {starts} starts) | {rss / 1024:.1f} MiB | < 20 MB |
| release binary size | {size / (1 << 20):.1f} MiB ({size} bytes) | report |

The handshake time is measured from Python's `Popen` to reading the line, so it includes
fork/exec; AutoMTLS adds generating the server's P-256 key and certificate. The two
`validate` runs alternate, after one untimed run of each, and share one CLI config
(dev_overrides to the release binary); RSS comes from `/usr/bin/time -f %M` wrapped
around the provider.
"""
    Path(args.out).write_text(report)
    print(report)


if __name__ == "__main__":
    main()
