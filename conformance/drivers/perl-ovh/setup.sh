#!/usr/bin/env bash
# Setup of the perl-ovh columns for a checkout given with --client-src perl-ovh=PATH: LWP (with
# https) and JSON from Debian, installed only when missing.
# Usage: setup.sh SRC
set -euo pipefail
src="$1"
[ -f "$src/lib/OvhApi.pm" ] || { echo "perl-ovh setup: $src is not a perl-ovh checkout (no lib/OvhApi.pm)" >&2; exit 2; }
"$(dirname "$0")/../../../scripts/apt-install.sh" perl-ovh libwww-perl liblwp-protocol-https-perl libjson-perl
perl -I"$src/lib" -MOvhApi -e 'printf "perl %vd, OvhApi %s\n", $^V, OvhApi::VERSION()'
