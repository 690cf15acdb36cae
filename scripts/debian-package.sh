#!/usr/bin/env bash
# Install Debian packages when the program they bring is missing (make runs this before the
# tests and the site need a program the system must provide):
#
#     scripts/debian-package.sh PROGRAM PACKAGE...
#
# PROGRAM is a path (/usr/bin/chromium) or a command looked up on PATH (npm). When it is
# missing, apt-get installs the packages from Debian's archive, as root or through sudo without
# a password; a user who may do neither gets one line saying what to run, and exit 1.
set -euo pipefail

program=$1
shift

present() {
  if [[ $program == */* ]]; then [[ -x $program ]]; else command -v "$program" >/dev/null; fi
}

present && exit 0
if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "$program is missing: run 'sudo apt-get update && sudo apt-get install $*', then make again" >&2
  exit 1
fi
echo "$program is missing: apt-get install $*" >&2
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "$@"
if ! present; then
  echo "$program is still missing after apt-get install $*" >&2
  exit 1
fi
