#!/usr/bin/env bash
# Setup of the php-ovh column for a checkout given with --client-src php-ovh=PATH: PHP and
# Guzzle from Debian (php-cli, php-guzzlehttp-guzzle), installed only when missing. php-ovh's
# OAuth2 path needs league/oauth2-client, which Debian does not package (that scenario is N/A).
# Usage: setup.sh SRC
set -euo pipefail
src="$1"
[ -f "$src/src/Api.php" ] || { echo "php-ovh setup: $src is not a php-ovh checkout (no src/Api.php)" >&2; exit 2; }
"$(dirname "$0")/../../../scripts/apt-install.sh" php-ovh php-cli php-guzzlehttp-guzzle
php -r 'require "/usr/share/php/GuzzleHttp/autoload.php"; echo "PHP ", PHP_VERSION, ", Guzzle ", GuzzleHttp\ClientInterface::MAJOR_VERSION, "\n";'
