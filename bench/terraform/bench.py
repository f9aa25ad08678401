#!/usr/bin/env python3
"""Terraform at scale: `plan` and `apply` of N `score_workload` resources next to N of
Terraform's built-in `terraform_data` (no plugin: the floor), and next to N `terraform_data`
carrying the same data (the like-for-like floor), in the same run; then where one plan of the
largest N spends its CPU (Terraform, the provider, the diff's rendering) and the provider's
peak RSS. Run through bench/run.sh, which builds the release binary; prints a Markdown section
on stdout.

Each workload is a Score spec with two containers, a service port, variables reading two
resource outputs (one of them secret) and a file, wired through `resources` and
`secret_outputs` as `score2hcl generate` writes them. The `terraform_data` floor stores the
same spec text and outputs; the like-for-like floor stores everything `score_workload` plans
for workload 0 (read from a plan of one workload), with the workload's names made
per-instance, so the comparison isolates what the plugin costs from what the data costs.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import tempfile
import textwrap
import time
from pathlib import Path

# The Score spec of workload `count.index`, written once for every configuration below.
SPEC = """\
apiVersion: score.dev/v1b1
metadata:
  name: w${count.index}
service:
  ports:
    web: {port: 80, targetPort: 8080}
containers:
  app:
    image: ghcr.io/acme/app:1.0
    variables:
      DB_HOST: $${resources.db.host}
      DB_PASSWORD: $${resources.db.password}
      NAME: $${metadata.name}
    files:
      /etc/app/config.yaml:
        content: "host: $${resources.db.host}"
  sidecar:
    image: ghcr.io/acme/proxy:2.3
resources:
  db:
    type: postgres
"""

# The outputs of workload `count.index`'s database, as `score2hcl generate` passes them.
RESOURCES = ('{ db = { host = "db-${count.index}.internal", port = "5432", name = "app", '
             'username = "app", password = "pw-${count.index}" } }')


def heredoc(text, indent):
    """`text` as an indented HCL heredoc (`<<-` strips the indentation again)."""
    body = textwrap.indent(text, " " * (indent + 2))
    return f"<<-SCORE\n{body}{' ' * indent}SCORE"


WORKLOADS = f"""
terraform {{
  required_providers {{
    score = {{ source = "score-tf/score" }}
  }}
}}

locals {{
  context = {{ app_id = "bench", env_id = "dev", env_type = "development", org_id = "acme", values = {{ region = "eu-west-1" }} }}
}}

resource "score_workload" "w" {{
  count          = %(n)d
  spec           = {heredoc(SPEC, 2)}
  context        = local.context
  resources      = {RESOURCES}
  secret_outputs = {{ db = ["password", "username"] }}
}}
"""

FLOOR = f"""
resource "terraform_data" "w" {{
  count = %(n)d
  input = {{
    spec      = {heredoc(SPEC, 4)}
    resources = {RESOURCES}
  }}
}}
"""

# The attributes `score_workload` marks sensitive: a plan shows `(sensitive value)` for them,
# so the like-for-like floor wraps them in `sensitive()` to be rendered the same way.
SENSITIVE = {"resources", "resolved", "secret_manifest"}

# Workload 0's identity in its computed values, and what it becomes for workload
# `count.index`. `w0` only where it is a whole name (not inside a hash or base64 text).
PER_INDEX = [(re.compile(r"(?<![A-Za-z0-9+/])w0(?![0-9])"), "w${count.index}"),
             (re.compile(r"db-0\."), "db-${count.index}."),
             (re.compile(r"pw-0(?![0-9])"), "pw-${count.index}")]


def hcl_string(text):
    """`text` as an HCL string literal for workload `count.index`: JSON's escapes are HCL's,
    `${` and `%{` are escaped, then workload 0's names become templates."""
    literal = json.dumps(text, ensure_ascii=False).replace("${", "$${").replace("%{", "%%{")
    for pattern, replacement in PER_INDEX:
        literal = pattern.sub(replacement, literal)
    return literal


def hcl(value):
    """A JSON value (from `terraform show -json`) as an HCL expression."""
    if isinstance(value, str):
        return hcl_string(value)
    if isinstance(value, dict):
        # A plan does not show null attributes of `score_workload`; dropped here too.
        items = ", ".join(f"{json.dumps(k)} = {hcl(v)}" for k, v in value.items()
                          if v is not None)
        return "{ " + items + " }"
    if isinstance(value, list):
        return "[" + ", ".join(hcl(v) for v in value) + "]"
    return json.dumps(value)


def same_data(planned):
    """The like-for-like floor: `terraform_data` whose `input` holds what `score_workload`
    plans (inputs and computed attributes, `planned` being workload 0's), so it carries the
    same values through Terraform without a plugin."""
    lines = []
    for name, value in sorted(planned.items()):
        if value is None:
            continue
        expression = hcl(value)
        if name in SENSITIVE:
            expression = f"sensitive({expression})"
        lines.append(f"    {json.dumps(name)} = {expression}")
    body = "\n".join(lines).replace("%", "%%")
    return ('\nresource "terraform_data" "w" {\n  count = %(n)d\n  input = {\n'
            f"{body}\n  }}\n}}\n")


def run(terraform, directory, env, *args):
    """Runs Terraform; returns the wall time and stdout."""
    started = time.perf_counter()
    out = subprocess.run([terraform, *args], cwd=directory, env=env, capture_output=True,
                         text=True)
    took = time.perf_counter() - started
    if out.returncode != 0:
        raise SystemExit(f"terraform {' '.join(args)} failed in {directory}:\n"
                         f"{out.stdout[-4000:]}{out.stderr[-4000:]}")
    return took, out.stdout


def configure(terraform, work, env, name, text):
    """A fresh, initialised working directory `work/name` holding `text` as main.tf."""
    d = work / name
    d.mkdir()
    (d / "main.tf").write_text(text)
    run(terraform, d, env, "init", "-input=false", "-no-color")
    return d


def planned_workload(terraform, work, env):
    """What `score_workload` plans for workload 0 (all attributes, sensitive ones too)."""
    d = configure(terraform, work, env, "sample", WORKLOADS % {"n": 1})
    run(terraform, d, env, "plan", "-input=false", "-no-color", "-out=tfplan")
    _, shown = run(terraform, d, env, "show", "-json", "tfplan")
    changes = json.loads(shown)["resource_changes"]
    return next(c["change"]["after"] for c in changes if c["type"] == "score_workload")


def environment(work, plugin_dir):
    config = work / "bench.tfrc"
    config.write_text(
        "provider_installation {\n"
        f"  dev_overrides {{\n    \"score-tf/score\" = \"{plugin_dir}\"\n  }}\n"
        "  direct {}\n}\n")
    home = work / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    env.update({"TF_CLI_CONFIG_FILE": str(config), "CHECKPOINT_DISABLE": "1",
                "TF_IN_AUTOMATION": "1", "HOME": str(home)})
    return env


def measure(terraform, work, env, configs, n, plans, parallelism):
    """Median plan time (of `plans`, empty state) and one apply time, per configuration."""
    dirs = {name: configure(terraform, work, env, f"{name}-{n}", text % {"n": n})
            for name, text in configs.items()}
    plan_args = ("plan", "-input=false", "-no-color", "-refresh=false",
                 f"-parallelism={parallelism}", "-out=tfplan")
    times = {name: [] for name in dirs}
    for name, d in dirs.items():  # untimed warm-up of each
        run(terraform, d, env, *plan_args)
    for _ in range(plans):  # alternate, so all see the same machine
        for name, d in dirs.items():
            times[name].append(run(terraform, d, env, *plan_args)[0])
    applies = {}
    for name, d in dirs.items():
        applies[name] = run(terraform, d, env, "apply", "-input=false", "-no-color",
                            f"-parallelism={parallelism}", "tfplan")[0]
    return {name: statistics.median(t) for name, t in times.items()}, applies


def breakdown(terraform, binary, work, configs, n, plans, parallelism):
    """Where a plan of N spends its CPU, per configuration: Terraform's own (the terraform
    process and its children, minus the provider processes), the provider's (every process
    Terraform started, through a /usr/bin/time wrapper), with the plan text printed and with
    `-json` (no diff rendered); medians of `plans` alternating runs. Also the provider's peak
    RSS and the size of each plan's text."""
    plugins = work / "timed-plugins"
    plugins.mkdir()
    log = work / "provider-usage.txt"
    wrapper = plugins / "terraform-provider-score"
    wrapper.write_text("#!/bin/sh\n"
                       f"exec /usr/bin/time -a -o '{log}' -f '%M %U %S' '{binary}' \"$@\"\n")
    wrapper.chmod(0o755)
    (work / "timed").mkdir()
    env = environment(work / "timed", plugins)
    dirs = {name: configure(terraform, work, env, f"timed-{name}-{n}", text % {"n": n})
            for name, text in configs.items()}
    modes = {"text": "-no-color", "json": "-json"}
    samples = {(name, mode): [] for name in dirs for mode in modes}
    rss, sizes = 0, {}
    for _ in range(plans):
        for (name, mode), runs in samples.items():
            log.write_text("")
            usage, stdout = timed_plan(terraform, dirs[name], env, modes[mode], parallelism)
            rows = [line.split() for line in log.read_text().splitlines() if line.strip()]
            provider = sum(float(r[1]) + float(r[2]) for r in rows)
            rss = max([rss] + [int(r[0]) for r in rows])
            runs.append({"terraform": usage - provider, "provider": provider})
            if mode == "text":
                sizes[name] = len(stdout.encode())
    cpu = {key: {part: statistics.median(r[part] for r in runs) for part in runs[0]}
           for key, runs in samples.items()}
    return cpu, rss, sizes


def timed_plan(terraform, directory, env, output, parallelism):
    """CPU seconds (user + system) of one `plan`, children included, and its stdout."""
    usage = directory / "usage.txt"
    out = subprocess.run(["/usr/bin/time", "-o", str(usage), "-f", "%U %S", terraform, "plan",
                          "-input=false", output, "-refresh=false",
                          f"-parallelism={parallelism}", "-out=tfplan"],
                         cwd=directory, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"terraform plan failed in {directory}:\n{out.stderr[-4000:]}")
    user, system = usage.read_text().split()[-2:]
    return float(user) + float(system), out.stdout


NAMES = {"score_workload": "score_workload", "terraform_data": "terraform_data",
         "same_data": "terraform_data, same data"}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--binary", required=True)
    p.add_argument("--terraform", required=True)
    p.add_argument("--sizes", default="100,1000")
    p.add_argument("--plans", type=int, default=3)
    p.add_argument("--parallelism", type=int, default=10)
    a = p.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]
    binary = Path(a.binary).resolve()
    with tempfile.TemporaryDirectory(prefix="score-bench-tf-") as tmp:
        work = Path(tmp)
        plugins = work / "plugins"
        plugins.mkdir()
        (plugins / "terraform-provider-score").symlink_to(binary)
        env = environment(work, plugins)
        configs = {"score_workload": WORKLOADS, "terraform_data": FLOOR,
                   "same_data": same_data(planned_workload(a.terraform, work, env))}
        rows = [(n, *measure(a.terraform, work, env, configs, n, a.plans, a.parallelism))
                for n in sizes]
        cpu, rss, text = breakdown(a.terraform, binary, work, configs, max(sizes), a.plans,
                                   a.parallelism)
    report(a, rows, cpu, rss, text, max(sizes))


def report(a, rows, cpu, rss, text, n):
    """The Markdown section."""
    print("## Terraform at scale: `score_workload` next to `terraform_data`\n")
    print(f"`plan` (median of {a.plans}, after one untimed run each, alternating, "
          f"`-refresh=false`, empty state) and `apply` of that plan (one run), "
          f"`-parallelism={a.parallelism}`. `terraform_data` needs no plugin: it is the floor. "
          f"*Same data* is `terraform_data` whose `input` holds every value `score_workload` "
          f"plans (spec, wiring, manifests, resolved workload, Secret; the sensitive ones "
          f"through `sensitive()`), so it carries the same data without a plugin.\n")
    for what, index in (("plan", 1), ("apply", 2)):
        print(f"| N | {what} score_workload | {what} terraform_data | ratio "
              f"| {what} same data | ratio to same data |")
        print("| --- | --- | --- | --- | --- | --- |")
        for row in rows:
            n_row, times = row[0], row[index]
            sw, td, sd = (times[k] for k in ("score_workload", "terraform_data", "same_data"))
            print(f"| {n_row} | {sw:.2f} s | {td:.2f} s | {sw / td:.2f}× | {sd:.2f} s "
                  f"| {sw / sd:.2f}× |")
        print()
    print("Target: plan ≤ 1.5× the floor (`terraform_data`) at N = 1,000.\n")
    print(f"CPU of one N = {n} plan, user + system seconds (median of {a.plans}, "
          f"alternating): Terraform's own (its process and children, minus the provider "
          f"processes) and the provider's (every process Terraform started); `-json` prints "
          f"no diff, so the difference to the text plan is the diff's rendering.\n")
    print("| | " + " | ".join(NAMES.values()) + " |")
    print("| --- | --- | --- | --- |")
    for label, mode, part in (("Terraform, text plan", "text", "terraform"),
                              ("Terraform, `plan -json`", "json", "terraform"),
                              ("provider, text plan", "text", "provider")):
        cells = [f"{cpu[(name, mode)][part]:.2f} s" for name in NAMES]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print("| plan text | " + " | ".join(f"{text[name] / 1e6:.1f} MB" for name in NAMES) + " |")
    terraform = {name: cpu[(name, "text")]["terraform"] for name in NAMES}
    rendering = {name: terraform[name] - cpu[(name, "json")]["terraform"] for name in NAMES}
    provider = cpu[("score_workload", "text")]["provider"]
    floor = terraform["terraform_data"]
    print(f"\nOf the {terraform['score_workload'] + provider:.2f} s of CPU the `score_workload` "
          f"plan takes, Terraform's and the provider's: {floor:.2f} s is what the floor takes "
          f"too, {terraform['same_data'] - floor:.2f} s is Terraform carrying the larger values "
          f"(same data against `terraform_data`), "
          f"{terraform['score_workload'] - terraform['same_data']:+.2f} s is Terraform's side of "
          f"the plugin (`score_workload` against same data) and {provider:.2f} s the provider. "
          f"Printing the diff is part of Terraform's share: {rendering['score_workload']:.2f} s "
          f"for `score_workload`, {rendering['terraform_data']:.2f} s for `terraform_data` "
          f"(text plan against `-json`). After apply `terraform_data` holds its `input` twice "
          f"(`output` repeats it), so the same-data apply writes twice the state: that ratio "
          f"is not like for like.\n")
    print(f"Peak RSS of the provider during those plans: {rss / 1024:.1f} MiB "
          f"(target < 50 MB).\n")


if __name__ == "__main__":
    main()
