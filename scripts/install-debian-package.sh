#!/usr/bin/env bash
# Installs a Debian package a test needs: `install-debian-package.sh CALLER PACKAGE WHAT` (WHAT names
# what is missing). Only root can install; anyone else is told the command to run.
set -euo pipefail
caller=$1 package=$2 what=$3
if [ "$(id -u)" -ne 0 ]; then
  echo "[$caller] $what is missing and this is not root: apt-get install $package" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "$package" >/dev/null
