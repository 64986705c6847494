#!/usr/bin/env bash
# Runs the whole test suite on another Node (22 or 24, from test/runtimes/fetch-runtimes.sh), in a
# copy of the work tree with its own node_modules: `npm ci` on that Node compiles better-sqlite3 for
# its ABI against the package's headers (npm_config_nodedir), so the main node_modules (Node 20) is
# never touched. The tests that install packed tarballs next to drivers or run other runtimes are
# left out here: they pick their runtimes themselves and run once, in the main suite.
#
#   bash test/runtimes/suite-on-node.sh 22     # needs the servers of test/services/start.sh for the storage suites
set -euo pipefail
cd "$(dirname "$0")/../.."
version="${1:?usage: suite-on-node.sh 22|24}"
bash test/runtimes/fetch-runtimes.sh >/dev/null
# shellcheck source=/dev/null
source "${TOTP_ENROLL_RUNTIMES_DIR:-$PWD/.runtimes}/env.sh"
var="TOTP_ENROLL_NODE${version}_DIR"
node_dir="${!var:?no Node ${version} in test/runtimes/fetch-runtimes.sh}"

copy="${TOTP_ENROLL_RUNTIMES_DIR:-$PWD/.runtimes}/suite-node${version}"
rm -rf "${copy}" && mkdir -p "${copy}"
# The tracked files plus new, not ignored ones (so uncommitted work is tested too).
git ls-files -z --cached --others --exclude-standard | tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "${copy}"

cd "${copy}"
export PATH="${node_dir}/bin:${PATH}"
export npm_config_nodedir="${node_dir}"
echo "suite-on-node: $(node --version) (${node_dir}), npm $(npm --version), in ${copy}"
JOBS=2 npm ci --no-audit --no-fund --loglevel=error
node -e "const D=require('better-sqlite3'); new D(':memory:').close(); console.log('suite-on-node: better-sqlite3', require('better-sqlite3/package.json').version, 'loads on', process.version)"
npm run build >/dev/null
npx vitest run --config test/vitest.config.ts --exclude 'test/package/drivers-*.test.ts' --exclude 'test/runtimes/**'
