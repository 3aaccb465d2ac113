#!/usr/bin/env bash
# Installs SVOX Pico (pico2wave, package libttspico-utils), the most natural
# of Debian's offline Spanish voices, from Debian bookworm's contrib and
# non-free components. Those components are not in the default sources list,
# so apt is pointed at a private list and a private index directory instead:
# nothing under /etc/apt changes and the system's own indexes stay as they are.
# Running it again once pico2wave is installed does nothing.
#
# Environment:
#   DEBIAN_MIRROR    mirror to use (default http://deb.debian.org/debian)
#   VOICES_APT_DIR   where the private list and indexes live
#                    (default /var/lib/mediaflow/apt-voices)
set -euo pipefail

if command -v pico2wave >/dev/null 2>&1; then
  echo "pico2wave is already installed: $(command -v pico2wave)"
  exit 0
fi

mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
state=${VOICES_APT_DIR:-/var/lib/mediaflow/apt-voices}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "run as root: installing packages needs it" >&2
    exit 1
  fi
  sudo="sudo"
fi
if [ ! -r "$keyring" ]; then
  echo "missing $keyring; install the debian-archive-keyring package first" >&2
  exit 1
fi

$sudo mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
# main is listed too, so that pico's dependencies from main resolve against
# this private index.
echo "deb [signed-by=$keyring] $mirror bookworm main contrib non-free" |
  $sudo tee "$state/sources.list" >/dev/null

apt_opts=(
  -o "Dir::Etc::SourceList=$state/sources.list"
  -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$state/lists"
  -o "Dir::Cache=$state/cache"
  -o "DPkg::Lock::Timeout=120"
)
export DEBIAN_FRONTEND=noninteractive

for attempt in 1 2 3; do
  if $sudo apt-get "${apt_opts[@]}" update -qq &&
    $sudo apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends libttspico-utils >/dev/null; then
    $sudo apt-get "${apt_opts[@]}" clean
    echo "installed pico2wave: $(command -v pico2wave)"
    exit 0
  fi
  echo "apt-get failed (attempt $attempt of 3); retrying in 10 s" >&2
  sleep 10
done
echo "could not install libttspico-utils; the espeak-ng voices stay available" >&2
exit 1
