#!/usr/bin/env bash
# Fetches Debian bookworm's Linux 6.1 686 kernel and busybox-static (i386) with apt, and builds an
# initramfs whose /init runs a few BusyBox commands and powers off. Nothing here is committed:
# everything lands in .cache/linux/ (git-ignored). Idempotent: a second run reuses what is there.
#
#   bash tools/linux/fetch.sh        # prints the kernel and initramfs paths
#
# Kernel command line words understood by /init:
#   vmi386.shell   exec an interactive sh on the console instead of running the script
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="$root/.cache/linux"
debs="$cache/debs"
mkdir -p "$debs"
export DEBIAN_FRONTEND=noninteractive

log() { echo "fetch.sh: $*" >&2; }

need_update=0
if ! dpkg --print-foreign-architectures | grep -qx i386; then
  log "adding the i386 architecture"
  dpkg --add-architecture i386
  need_update=1
fi
if ! ls /var/lib/apt/lists/*_binary-i386_Packages* >/dev/null 2>&1; then need_update=1; fi
if [ "$need_update" = 1 ]; then
  log "apt-get update"
  # A mirror mid-sync fails one list but leaves the others usable: go on, and fail later only if
  # the packages cannot be found.
  apt-get update -q >/dev/null || log "apt-get update reported errors; using the lists it got"
fi
if ! command -v cpio >/dev/null 2>&1; then
  log "installing cpio"
  apt-get install -y -q --no-install-recommends cpio >/dev/null
fi

# The newest linux-image-6.1.*-686 (not -pae, not -dbg, not unsigned) in the i386 lists.
kernel_pkg="$(apt-cache pkgnames linux-image-6.1 | grep -E '^linux-image-6\.1\.[0-9]+-[0-9]+-686$' | sort -V | tail -1 || true)"
if [ -z "$kernel_pkg" ]; then
  log "no linux-image-6.1.*-686 package in the apt lists"; exit 1
fi
log "kernel package: $kernel_pkg"

download() { # package[:arch] -> path of the .deb in $debs
  local spec="$1" name="${1%%:*}"
  local existing
  existing="$(ls "$debs"/"${name}"_*.deb 2>/dev/null | head -1 || true)"
  if [ -z "$existing" ]; then
    (cd "$debs" && apt-get download -q -o APT::Sandbox::User=root "$spec" >/dev/null)
    existing="$(ls "$debs"/"${name}"_*.deb | head -1)"
  fi
  echo "$existing"
}

kernel_deb="$(download "$kernel_pkg:i386")"
for old in "$debs"/linux-image-*.deb; do # an earlier kernel's package is no longer needed
  [ "$old" = "$kernel_deb" ] || rm -f "$old"
done
busybox_deb="$(download busybox-static:i386)"

# Each extracted file remembers the .deb it came from (FILE.from), so a newer package in the lists
# replaces it instead of leaving the old one in place.
extract() { # deb, path inside it (a glob), destination
  local deb="$1" inside="$2" dest="$3" tmp="$cache/extract-root"
  if [ -s "$dest" ] && [ "$(cat "$dest.from" 2>/dev/null)" = "$(basename "$deb")" ]; then return; fi
  rm -rf "$tmp" && mkdir -p "$tmp"
  dpkg-deb -x "$deb" "$tmp"
  cp "$tmp"/$inside "$dest" # $inside unquoted: it is a glob
  basename "$deb" > "$dest.from"
  rm -rf "$tmp"
}

kernel="$cache/bzImage"
extract "$kernel_deb" 'boot/vmlinuz-*' "$kernel"
busybox="$cache/busybox"
extract "$busybox_deb" bin/busybox "$busybox"

# The initramfs: rebuilt every time (cheap), with fixed timestamps and owners so it is reproducible.
tree="$cache/initramfs-root"
rm -rf "$tree"
mkdir -p "$tree"/{bin,sbin,proc,sys,dev,etc,tmp}
cp "$busybox" "$tree/bin/busybox"
for applet in sh mount umount uname cat ls echo awk sha256sum poweroff sleep dmesg ps grep; do
  ln -s busybox "$tree/bin/$applet"
done
printf 'vmi386 was here\n' > "$tree/etc/greeting"
cat > "$tree/init" <<'INIT'
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "=== vmi386 /init ==="
case " $(cat /proc/cmdline) " in
  *" vmi386.shell "*)
    echo "vmi386.shell: starting sh (type 'poweroff -f' to stop)"
    exec setsid -c sh 2>/dev/null || exec sh
    ;;
esac
echo "--- uname -a"
uname -a
echo "--- cat /proc/cpuinfo"
cat /proc/cpuinfo
echo "--- ls /"
ls /
echo "--- sh arithmetic"
echo $(( 6 * 7 )) $(( 1 << 20 )) $(( 1000000007 % 97 ))
echo "--- awk arithmetic"
awk 'BEGIN { s = 0; for (i = 1; i <= 100; i++) s += i * i; printf "%d %.6f\n", s, 355 / 113 }'
echo "--- sha256sum"
sha256sum /etc/greeting
echo "=== vmi386 /init done ==="
poweroff -f
INIT
chmod 755 "$tree/init"
ln -s busybox "$tree/bin/setsid"
find "$tree" -exec touch -h -d @0 {} +
initramfs="$cache/initramfs.cpio.gz"
(cd "$tree" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet | gzip -9n > "$initramfs")
rm -rf "$tree"

echo "kernel:    $kernel"
echo "initramfs: $initramfs"
