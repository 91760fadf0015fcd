#!/usr/bin/env bash
# Builds stand-ins for the Dockerfile's base images from Debian packages, for machines that reach Debian's and
# Maven's package registries but no container registry:
#   localhost/stand-in/maven-jdk17   (BUILD_IMAGE)   Debian 12, openjdk-17-jdk-headless, Maven, this host's extra CAs
#   localhost/stand-in/jre17         (RUNTIME_IMAGE) Debian 12, openjdk-17-jre-headless
# The public defaults (maven:3-eclipse-temurin-17, eclipse-temurin:25-jre) stay in docker/Dockerfile; only this
# machine's build uses these. The host's extra CA certificates (/usr/local/share/ca-certificates) go into the build
# stand-in only, so that Maven inside the build reaches Central through a TLS-re-signing egress.
# Usage: docker/stand-in-bases.sh [WORKDIR]   (needs root, debootstrap and podman)
set -euo pipefail
WORK=${1:-/var/tmp/meeting-media-gateway-stand-in}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=${DEBIAN_SUITE:-bookworm}
mkdir -p "$WORK"

rootfs() { # name, packages
  local dir="$WORK/$1"
  if [[ ! -f "$dir/.complete" ]]; then
    rm -rf "$dir"
    echo "stand-in: debootstrap $SUITE into $dir with $2"
    debootstrap --variant=minbase --include="$2" "$SUITE" "$dir" "$MIRROR" > "$WORK/$1.log" 2>&1 \
      || { tail -20 "$WORK/$1.log"; exit 1; }
    rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
    touch "$dir/.complete"
  fi
}

import_image() { # dir, image, changes...
  local dir=$1 image=$2; shift 2
  if podman image exists "$image" && [[ -f "$dir.imported" && "$dir.imported" -nt "$dir/.complete" ]]; then
    echo "stand-in: $image already imported"
    return
  fi
  local args=()
  for c in "$@"; do args+=(--change "$c"); done
  tar -C "$dir" --exclude=./.complete --exclude=./proc/* --exclude=./sys/* -c . | podman import "${args[@]}" - "$image" > /dev/null
  touch "$dir.imported"
  echo "stand-in: imported $image"
}

rootfs jre17 ca-certificates,openjdk-17-jre-headless
rootfs maven-jdk17 ca-certificates,openjdk-17-jdk-headless,maven

# the build stand-in trusts this host's extra CAs: in the system store and, explicitly, in Java's cacerts (which
# Maven uses; the ca-certificates-java hook does not run reliably inside a chroot)
for crt in /usr/local/share/ca-certificates/*.crt; do
  [[ -e "$crt" ]] || continue
  name=$(basename "$crt" .crt)
  cp "$crt" "$WORK/maven-jdk17/usr/local/share/ca-certificates/"
  store="$WORK/maven-jdk17/etc/ssl/certs/java/cacerts"
  if ! keytool -list -keystore "$store" -storepass changeit -alias "host-$name" > /dev/null 2>&1; then
    keytool -importcert -noprompt -keystore "$store" -storepass changeit -alias "host-$name" -file "$crt" > /dev/null
    echo "stand-in: build base trusts $crt"
  fi
done
chroot "$WORK/maven-jdk17" update-ca-certificates > /dev/null 2>&1 \
  || echo "stand-in: update-ca-certificates failed in the chroot (Java's store has the CAs anyway)"

import_image "$WORK/jre17" localhost/stand-in/jre17 'ENV=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' 'CMD=["/bin/bash"]'
import_image "$WORK/maven-jdk17" localhost/stand-in/maven-jdk17 'ENV=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' 'CMD=["/bin/bash"]'
