#!/usr/bin/env bash
# The release command: builds portable release binaries of terraform-provider-score and
# score2hcl and writes everything a release needs under dist/ (or $DIST_DIR):
#
#   terraform-provider-score_VERSION_linux_amd64.zip      the provider, as Terraform expects it
#   terraform-provider-score_VERSION_SHA256SUMS           sha256 of the zips and the manifest
#   terraform-provider-score_VERSION_SHA256SUMS.sig       detached signature, when SCORE_GPG_KEY names a key
#   terraform-provider-score_VERSION_manifest.json        protocol_versions ["6.0"]
#   mirror/registry.terraform.io/score-tf/score/...       a packed filesystem mirror, with the
#                                                         index.json and VERSION.json a network
#                                                         mirror serves
#   score2hcl_VERSION_linux_amd64.tar.gz (+ .sha256)      the code generator
#
# Usage: scripts/dist.sh [VERSION]   (default: the workspace version; it must equal it)
#
# Binaries target glibc 2.28 (cargo-zigbuild with Zig from PyPI, installed hash-pinned into
# .dist-tools/), so they run on the images Terraform Cloud agents and GitHub runners use; the
# script fails when a binary needs a newer GLIBC symbol than that baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

GLIBC_BASELINE="2.28"
TARGET="x86_64-unknown-linux-gnu"
PLATFORM="linux_amd64"
HOST="registry.terraform.io"
NAMESPACE="score-tf"

log() { printf 'dist: %s\n' "$*" >&2; }
die() { printf 'dist: error: %s\n' "$*" >&2; exit 1; }

workspace_version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
version="${1:-$workspace_version}"
[ "$version" = "$workspace_version" ] ||
  die "version $version is not the workspace version $workspace_version (set it in Cargo.toml first)"
out="${DIST_DIR:-$repo/dist}"

# ---- tools: cargo-zigbuild and Zig, from PyPI, hash-pinned --------------------------------------
tools="$repo/.dist-tools"
if [ ! -f "$tools/.complete" ]; then
  log "installing cargo-zigbuild and ziglang into $tools"
  rm -rf "$tools"
  python3 -m venv "$tools"
  lock="$(mktemp)"
  cat >"$lock" <<'LOCK'
cargo-zigbuild==0.24.0 --hash=sha256:484412e39e4c6039474535ce97ee75a22bab22d58233056f8ec8a8f9034bb957
ziglang==0.17.0 --hash=sha256:97079827064a7492cce5541ceb438ae8003ce1e54e399676da2d62fb7a5dc08b
LOCK
  "$tools/bin/python3" -m pip install --quiet --disable-pip-version-check --no-deps \
    --require-hashes --only-binary=:all: -r "$lock"
  rm -f "$lock"
  touch "$tools/.complete"
fi

# ---- build ---------------------------------------------------------------------------------------
log "building release binaries for $TARGET (glibc $GLIBC_BASELINE)"
# cargo-zigbuild finds Zig through `python3 -m ziglang`: the venv's python3 comes first.
PATH="$tools/bin:$PATH" cargo zigbuild --release --locked \
  --target "$TARGET.$GLIBC_BASELINE" -p terraform-provider-score -p score2hcl
bin_dir="$(cargo metadata -q --format-version 1 --no-deps |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/$TARGET/release"

# ---- checks --------------------------------------------------------------------------------------
highest_glibc() {
  # The highest GLIBC_x.y version the binary's dynamic symbols need.
  objdump -T "$1" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -t. -k1,1n -k2,2n -k3,3n | tail -n 1
}
for bin in terraform-provider-score score2hcl; do
  needed="$(highest_glibc "$bin_dir/$bin")"
  [ -n "$needed" ] || die "$bin: no GLIBC symbol versions found (is it dynamically linked?)"
  newest="$(printf '%s\n%s\n' "$needed" "$GLIBC_BASELINE" | sort -t. -k1,1n -k2,2n -k3,3n | tail -n 1)"
  [ "$newest" = "$GLIBC_BASELINE" ] ||
    die "$bin needs GLIBC_$needed, newer than the baseline $GLIBC_BASELINE"
  log "$bin needs at most GLIBC_$needed (baseline $GLIBC_BASELINE)"
  got="$("$bin_dir/$bin" --version)"
  case "$got" in *"$version"*) ;; *) die "$bin --version printed '$got', not $version" ;; esac
done

# ---- package -------------------------------------------------------------------------------------
mkdir -p "$(dirname "$out")"
# Staged beside the output, so the final rename is atomic.
stage="$(mktemp -d "$out.tmp.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
provider="terraform-provider-score_${version}"
install -m 0755 "$bin_dir/terraform-provider-score" "$stage/terraform-provider-score_v$version"
install -m 0755 "$bin_dir/score2hcl" "$stage/score2hcl"
cp LICENSE* README.md "$stage/" 2>/dev/null || true

python3 - "$stage" "$version" "$PLATFORM" "$HOST" "$NAMESPACE" <<'PY'
import base64, hashlib, json, os, stat, sys, tarfile, zipfile
stage, version, platform, host, namespace = sys.argv[1:]
provider = f"terraform-provider-score_{version}"
binary = f"terraform-provider-score_v{version}"
fixed = (1980, 1, 1, 0, 0, 0)  # reproducible archives: fixed times, fixed order

def add(zf, name, path):
    info = zipfile.ZipInfo(name, fixed)
    info.external_attr = (stat.S_IFREG | 0o755) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    with open(path, "rb") as f:
        zf.writestr(info, f.read())

zip_name = f"{provider}_{platform}.zip"
with zipfile.ZipFile(os.path.join(stage, zip_name), "w") as zf:
    add(zf, binary, os.path.join(stage, binary))

manifest = f"{provider}_manifest.json"
with open(os.path.join(stage, manifest), "w") as f:
    json.dump({"version": 1, "metadata": {"protocol_versions": ["6.0"]}}, f, indent=2)
    f.write("\n")

def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()

with open(os.path.join(stage, f"{provider}_SHA256SUMS"), "w") as f:
    for name in sorted([zip_name, manifest]):
        f.write(f"{sha256(os.path.join(stage, name))}  {name}\n")

def h1(zip_path):
    # Terraform's "h1:" package hash: Go's dirhash Hash1 over the files in the archive.
    lines = []
    with zipfile.ZipFile(zip_path) as zf:
        for name in sorted(zf.namelist()):
            lines.append(f"{hashlib.sha256(zf.read(name)).hexdigest()}  {name}\n")
    return "h1:" + base64.b64encode(hashlib.sha256("".join(lines).encode()).digest()).decode()

# The packed mirror layout (HOST/NAMESPACE/TYPE/ZIP) plus the network mirror protocol's JSON.
mirror = os.path.join(stage, "mirror", host, namespace, "score")
os.makedirs(mirror)
zip_path = os.path.join(stage, zip_name)
os.link(zip_path, os.path.join(mirror, zip_name))
with open(os.path.join(mirror, "index.json"), "w") as f:
    json.dump({"versions": {version: {}}}, f, indent=2)
with open(os.path.join(mirror, f"{version}.json"), "w") as f:
    archive = {"url": zip_name, "hashes": [h1(zip_path)]}
    json.dump({"archives": {platform: archive}}, f, indent=2)

tar_name = f"score2hcl_{version}_{platform}.tar.gz"
with tarfile.open(os.path.join(stage, tar_name), "w:gz") as tf:
    for name in ["score2hcl"] + [n for n in sorted(os.listdir(stage)) if n.startswith(("LICENSE", "README"))]:
        info = tf.gettarinfo(os.path.join(stage, name), arcname=name)
        info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
        with open(os.path.join(stage, name), "rb") as f:
            tf.addfile(info, f)
with open(os.path.join(stage, f"{tar_name}.sha256"), "w") as f:
    f.write(f"{sha256(os.path.join(stage, tar_name))}  {tar_name}\n")
PY

if [ -n "${SCORE_GPG_KEY:-}" ]; then
  log "signing the checksums with $SCORE_GPG_KEY"
  gpg --batch --yes --local-user "$SCORE_GPG_KEY" --detach-sign \
    --output "$stage/${provider}_SHA256SUMS.sig" "$stage/${provider}_SHA256SUMS"
fi

# Replace the output as a whole, so a failed run never leaves a half-written dist/.
rm -f "$stage/terraform-provider-score_v$version" "$stage/score2hcl" "$stage"/LICENSE* "$stage/README.md"
rm -rf "$out.old"
[ -e "$out" ] && mv "$out" "$out.old"
mv "$stage" "$out"
trap - EXIT
rm -rf "$out.old"
chmod 755 "$out"
log "wrote $out:"
(cd "$out" && find . -type f | sort | sed 's|^\./|  |' >&2)
