#!/usr/bin/env bash
# Hookline's test command: installs what the tests need where it is missing, then runs every test.
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then need_apt+=(postgresql); fi
# The admin UI's browser tests drive Debian's Chromium by path; Playwright never downloads a browser.
if [ ! -x /usr/bin/chromium ]; then need_apt+=(chromium); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

for tool in tools/js-checks tools/seed-receivers; do
  if [ ! -d "$tool/node_modules" ]; then
    (cd "$tool" && npm ci --silent --no-audit --no-fund)
  fi
done

dotnet build Hookline.sln -c Release -warnaserror -nologo -v q
dotnet test Hookline.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
