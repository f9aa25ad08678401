#!/usr/bin/env python3
"""`score2hcl generate` as users run it, 1,000 workloads with two resources each: wall time
and peak RSS of the process (reading files, writing the module). Prints Markdown."""

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

DEFINITIONS = """\
apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata: {id: postgres}
entity:
  name: postgres
  type: postgres
  driver_type: humanitec/terraform
  driver_inputs:
    values:
      source: {path: ../modules/postgres}
      variables:
        name: ${context.app.id}-${context.env.id}-${context.res.guresid}
        region: ${values.region}
  criteria: [{}]
---
apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata: {id: dns}
entity:
  name: dns
  type: dns
  driver_type: humanitec/echo
  driver_inputs:
    values: {host: '${context.res.id}.${context.env.id}.example.com'}
  criteria: [{}]
"""

PROJECT = """\
apiVersion: score2hcl.dev/v1alpha1
kind: Project
app: bench
definitions: [definitions]
output: build/{env}
environments:
  dev:
    type: development
    values: {region: eu-west-1}
"""


def score(i):
    return (f"apiVersion: score.dev/v1b1\nmetadata: {{name: w{i}}}\n"
            "containers:\n  app:\n    image: ghcr.io/acme/app:1.0\n    variables:\n"
            "      DB: postgres://${resources.db.host}:${resources.db.port}\n"
            "      URL: https://${resources.dns.host}\n"
            "resources:\n  db: {type: postgres}\n  dns: {type: dns}\n")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--binary", required=True)
    p.add_argument("--workloads", type=int, default=1000)
    p.add_argument("--runs", type=int, default=5)
    a = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="score-bench-gen-") as tmp:
        work = Path(tmp)
        (work / "definitions").mkdir()
        (work / "definitions" / "defs.yaml").write_text(DEFINITIONS)
        (work / "modules" / "postgres").mkdir(parents=True)
        (work / "modules" / "postgres" / "main.tf").write_text(
            'variable "name" {}\nvariable "region" {}\noutput "host" { value = var.name }\n'
            'output "port" { value = 5432 }\n')
        files = []
        for i in range(a.workloads):
            name = f"score-{i}.yaml"
            (work / name).write_text(score(i))
            files.append(name)
        (work / "score2hcl.yaml").write_text(PROJECT)
        times, rss = [], []
        for _ in range(a.runs):
            started = time.perf_counter()
            out = subprocess.run(["/usr/bin/time", "-f", "%M", str(Path(a.binary).resolve()), "generate", *files,
                                  "--env", "dev"], cwd=work, capture_output=True, text=True)
            times.append(time.perf_counter() - started)
            if out.returncode != 0:
                raise SystemExit(f"score2hcl generate failed:\n{out.stderr[-4000:]}")
            rss.append(int(out.stderr.strip().splitlines()[-1]))
        size = sum(f.stat().st_size for f in (work / "build" / "dev").rglob("*") if f.is_file())
    print(f"{a.workloads} workloads × 2 resources, files in and a {size // 1024} KiB module out: "
          f"{statistics.median(times) * 1000:.0f} ms (median of {a.runs}), "
          f"peak RSS {max(rss) / 1024:.1f} MiB.")


if __name__ == "__main__":
    main()
