#!/usr/bin/env bash
# Makes sure the system tools the tests use are present. As root it installs the missing ones with apt-get;
# otherwise it stops and prints the exact command to run. Under CI=true a tool that is still missing fails.
set -euo pipefail

# command → Debian package
declare -A TOOLS=(
  [wimlib-imagex]=wimtools
  [7zz]=7zip
  [chromium]=chromium
  [xorriso]=xorriso
  [mcopy]=mtools
  [mkfs.fat]=dosfstools
  [qemu-img]=qemu-utils
  [ntfs-3g]=ntfs-3g
  [mkntfs]=ntfs-3g
  [python3]=python3   # sets NTFS-3G xattrs (streams, ACLs, DOS names) in the NTFS interop suite
)

missing_pkgs=()
for cmd in "${!TOOLS[@]}"; do
  if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$cmd" ] && [ ! -x "/sbin/$cmd" ]; then
    missing_pkgs+=("${TOOLS[$cmd]}")
  fi
done
[ ${#missing_pkgs[@]} -eq 0 ] && exit 0

pkgs=$(printf '%s\n' "${missing_pkgs[@]}" | sort -u | tr '\n' ' ')
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-tools: installing $pkgs"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
  exit 0
fi
echo "ensure-tools: missing system tools. Run:" >&2
echo "  sudo apt-get update && sudo apt-get install -y $pkgs" >&2
exit 1
