#!/usr/bin/env bash
# The README's two set-up commands on a fresh clone of the committed tree, as a new user runs them:
#   npm install && npm run demo
#   npm test
# No servers and no CI flag (a new user has neither): suites that need PostgreSQL, Redis or an oracle
# skip with a message each; the whole suite with servers runs in .ci/run's main step. Fails if either
# command fails, or if `npm install` alone did not build dist/ (the `prepare` script) before `npm test`.
#   bash test/package/fresh-clone.sh [repo-dir]     # default: this repository
set -euo pipefail
repo="$(cd "${1:-$(dirname "$0")/../..}" && pwd)"
dir="$(mktemp -d "${TMPDIR:-/tmp}/totp-enroll-fresh.XXXXXX")"
trap 'rm -rf "${dir}"' EXIT
git clone -q "${repo}" "${dir}/clone"
cd "${dir}/clone"
if [ -e dist ]; then echo "fresh-clone: dist/ is committed; it must be built by npm install" >&2; exit 1; fi
# Every TOTP_ENROLL_* variable (server URLs, runtime paths) and CI are unset: a new user has none.
unset_args=(-u CI)
for name in $(env | sed -n 's/^\(TOTP_ENROLL_[A-Z0-9_]*\)=.*/\1/p'); do unset_args+=(-u "${name}"); done
run() { echo "\$ $*"; env "${unset_args[@]}" "$@"; }
run npm install --no-audit --no-fund --prefer-offline
if [ ! -f dist/index.js ] || [ ! -f dist/index.cjs ]; then echo "fresh-clone: npm install did not build dist/" >&2; exit 1; fi
run npm run demo
run npm test
echo "fresh-clone: npm install && npm run demo, then npm test: both exited 0"
