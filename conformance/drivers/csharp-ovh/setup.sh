#!/usr/bin/env bash
# Builds the csharp-ovh driver for a checkout given with --client-src csharp-ovh=PATH, with
# Debian's Mono compiler (mcs) instead of a .NET SDK (none is installable here):
#   - Debian packages (installed only when missing): mono-mcs, Mono's System.Net.Http and
#     System.Web (csharp-ovh's HttpClient and HttpUtility), Newtonsoft.Json;
#   - Microsoft.Extensions.Configuration.Ini 2.1.1, which csharp-ovh references and no
#     registry reachable here has, compiled from its sources with its own dependencies
#     (Configuration, Configuration.Abstractions, Configuration.FileExtensions,
#     FileProviders.Abstractions/Physical, FileSystemGlobbing, Primitives): a folder named by
#     OVHMOCK_CSHARP_DEPS_SRC holding checkouts of aspnet/Configuration, aspnet/Common and
#     aspnet/FileSystem at tag 2.1.1 as Configuration/, Common/ and FileSystem/. The .resx
#     strings become C# through resx2cs.py (the .NET SDK's build-time step); InplaceStringBuilder
#     is left out (it needs System.Runtime.CompilerServices.Unsafe, and nothing here uses it);
#   - csharp-ovh's own sources (csharp-ovh/**/*.cs), unchanged, then Driver.cs.
# Redone only when an input changed. Usage: setup.sh SRC OUTDIR
set -euo pipefail
src="$(cd "$1" && pwd)"
out="$2"
here="$(cd "$(dirname "$0")" && pwd)"
[ -f "$src/csharp-ovh/Client/Client.cs" ] \
  || { echo "csharp-ovh setup: $src is not a csharp-ovh checkout (no csharp-ovh/Client/Client.cs)" >&2; exit 2; }
deps="${OVHMOCK_CSHARP_DEPS_SRC:-}"
for d in Configuration/src/Config.Ini Common/src/Microsoft.Extensions.Primitives FileSystem/src/FS.Physical; do
  [ -n "$deps" ] && [ -d "$deps/$d" ] || {
    echo "csharp-ovh setup: csharp-ovh needs Microsoft.Extensions.Configuration.Ini 2.1.1, in no registry reachable here:" >&2
    echo "  set OVHMOCK_CSHARP_DEPS_SRC to a folder with checkouts of aspnet/Configuration, aspnet/Common and" >&2
    echo "  aspnet/FileSystem at tag 2.1.1 named Configuration/, Common/ and FileSystem/ (missing: ${deps:-<unset>}/$d)" >&2
    exit 2; }
done
deps="$(cd "$deps" && pwd)"
"$here/../../../scripts/apt-install.sh" csharp-ovh mono-mcs mono-runtime libmono-system-net-http4.0-cil libmono-system-web4.0-cil libnewtonsoft-json-cil-dev
newtonsoft=$(pkg-config --variable=libdir newtonsoft-json 2>/dev/null || echo /usr/lib)/cli/Newtonsoft.Json-5.0/Newtonsoft.Json.dll
[ -f "$newtonsoft" ] || newtonsoft=$(ls /usr/lib/cli/Newtonsoft.Json-*/Newtonsoft.Json.dll | head -1)

# Both csharp-ovh columns build into the same folder: one at a time.
mkdir -p "$(dirname "$out")"
exec 9>"$out.lock"
flock 9

cs_files() { find "$@" -name '*.cs' ! -name 'Resources.Designer.cs' ! -name 'InplaceStringBuilder.cs' ! -path '*/obj/*' | sort; }
stamp=$( { cs_files "$src/csharp-ovh" "$deps"/*/src "$deps"/*/shared 2>/dev/null | xargs cat; cat "$here"/Driver.cs "$here"/resx2cs.py "$0"; echo "$src"; } | sha256sum | cut -c1-32)
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$stamp" ] && [ -f "$out/driver.exe" ]; then
  exit 0
fi
rm -rf "$out" && mkdir -p "$out/gen"
MCS=(mcs -nologo -langversion:experimental -nowarn:1591,0436,1685,0414)

# lib NAME RESX_DIR|- DIR... -- REF...
lib() {
  local name=$1 resx=$2; shift 2
  local dirs=() refs=()
  while [ "$1" != "--" ]; do dirs+=("$deps/$1"); shift; done; shift
  for r in "$@"; do refs+=("-r:$out/$r.dll"); done
  local gen=()
  if [ "$resx" != "-" ]; then
    local ns; ns=$(grep -m1 -oP '^namespace \K[\w.]+' "$(find "$deps/$resx" -name Resources.Designer.cs | head -1)")
    python3 "$here/resx2cs.py" "$deps/$resx/Resources.resx" "$ns" "$out/gen/$name.cs"
    gen=("$out/gen/$name.cs")
  fi
  # shellcheck disable=SC2046
  "${MCS[@]}" -target:library -unsafe -out:"$out/$name.dll" $(cs_files "${dirs[@]}") "${gen[@]}" "${refs[@]}"
}
P=Microsoft.Extensions.Primitives
FA=Microsoft.Extensions.FileProviders.Abstractions
FG=Microsoft.Extensions.FileSystemGlobbing
FP=Microsoft.Extensions.FileProviders.Physical
CA=Microsoft.Extensions.Configuration.Abstractions
C=Microsoft.Extensions.Configuration
CF=Microsoft.Extensions.Configuration.FileExtensions
CI=Microsoft.Extensions.Configuration.Ini
lib $P Common/src/$P Common/src/$P Common/shared/Microsoft.Extensions.HashCodeCombiner.Sources --
lib $FA - FileSystem/src/FS.Abstractions FileSystem/shared -- $P
lib $FG - FileSystem/src/FS.Globbing Common/shared/Microsoft.Extensions.HashCodeCombiner.Sources --
lib $FP - FileSystem/src/FS.Physical FileSystem/shared -- $P $FA $FG
lib $CA - Configuration/src/Config.Abstractions -- $P
lib $C Configuration/src/Config Configuration/src/Config -- $P $CA
lib $CF Configuration/src/Config.FileExtensions Configuration/src/Config.FileExtensions -- $P $CA $C $FA $FP
lib $CI Configuration/src/Config.Ini Configuration/src/Config.Ini -- $P $CA $C $FA $FP $CF
ext=()
for n in $P $FA $FG $FP $CA $C $CF $CI; do ext+=("-r:$out/$n.dll"); done
# shellcheck disable=SC2046
"${MCS[@]}" -target:library -out:"$out/csharp-ovh.dll" $(cs_files "$src/csharp-ovh") \
  -r:System.Net.Http -r:System.Web -r:"$newtonsoft" "${ext[@]}"
"${MCS[@]}" -out:"$out/driver.exe" "$here/Driver.cs" -r:System.Net.Http -r:"$out/csharp-ovh.dll" -r:"$newtonsoft"
cp "$newtonsoft" "$out/"
echo "$src" > "$out/source.txt"
grep -oP '<PackageVersion>\K[^<]+' "$src/csharp-ovh/csharp-ovh.csproj" > "$out/version.txt" || echo "?" > "$out/version.txt"
echo "$stamp" > "$out/stamp"
echo "csharp-ovh setup: built $out/driver.exe ($(mcs --version))"
