#!/usr/bin/env bash
# The plugin author's path, end to end, outside the solution: pack Conduit's packages into a local feed, install the
# `conduit-plugin` template from it, create a plugin as docs/plugin-authors.md does, build and test it against the
# packed packages only, build it into its plugins folder and run its job.json through the host; create one inside a
# folder with central package management too. Then build the same plugin against a
# Conduit.Abstractions of another major version and check that the host refuses it, naming both versions.
# Usage: plugin-kit-e2e.sh /path/to/conduit.dll
set -euo pipefail
host="$(realpath "$1")"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export NUGET_PACKAGES="$work/nuget-cache"   # never leave our packages in (or take them from) the user's cache
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
step() { echo "== $*"; }

step "pack Conduit into a local feed"
for project in abstractions/Conduit.Abstractions.csproj host/Engine/Conduit.Engine.csproj tests/Conduit.Testing/Conduit.Testing.csproj plugins/Templates/Conduit.Templates.csproj; do
  dotnet pack "$root/$project" -c Release -o "$work/feed" -v quiet -nologo
done
# The version comes from git tags (MinVer); the assembly version keeps its major and minor.
template="$(ls "$work"/feed/Conduit.Templates.*.nupkg)"
version="$(basename "$template" .nupkg)"
version="${version#Conduit.Templates.}"
assembly="${version%%-*}"
echo "packed $version"

step "install the template from the feed (private template hive)"
dotnet new install "$template" --debug:custom-hive "$work/hive"

step "create a plugin as the guide does: --feed writes its nuget.config"
cd "$work"
dotnet new conduit-plugin -n Acme.Spectro --feed "$work/feed" --debug:custom-hive "$work/hive"
grep -q "$work/feed" Acme.Spectro/nuget.config
grep -q "acme.spectro.threshold" Acme.Spectro/Acme.Spectro/InstrumentPlugin.cs Acme.Spectro/job.json

step "build and test it against the packages"
(cd Acme.Spectro && dotnet test)

step "build it into plugins/ and run its job.json in the host"
(cd Acme.Spectro && dotnet build Acme.Spectro -c Release -o plugins/Acme.Spectro -v quiet -nologo)
dotnet "$host" plugins --plugins Acme.Spectro/plugins > plugins.txt
grep -q "acme.spectro.threshold" plugins.txt
grep -q "Acme.Spectro .*1.0.0 .*$assembly" plugins.txt
(cd Acme.Spectro && dotnet "$host" --plugins plugins run job.json)
test -s Acme.Spectro/out/thresholded.cfr
dotnet "$host" inspect Acme.Spectro/out/thresholded.cfr --json | grep -q '"min": 0'

step "created inside a repository with central package management, it still builds"
mkdir -p repo && cp "$root/Directory.Build.props" "$root/Directory.Packages.props" repo/
(cd repo && dotnet new conduit-plugin -n Acme.Inside --feed "$work/feed" --debug:custom-hive "$work/hive" >/dev/null && dotnet build Acme.Inside -v quiet -nologo)

step "a plugin built against Conduit.Abstractions 99.0.0 is refused"
mkdir -p "$work/other/abstractions"
cp "$root/Directory.Build.props" "$root/Directory.Packages.props" "$root/.editorconfig" "$work/other/"
cp -r "$root/abstractions/." "$work/other/abstractions/"
rm -rf "$work/other/abstractions/bin" "$work/other/abstractions/obj"
dotnet pack "$work/other/abstractions/Conduit.Abstractions.csproj" -c Release -p:MinVerVersionOverride=99.0.0 -o "$work/feed-99" -v quiet -nologo
cp -r Acme.Spectro acme-99
sed -i "s:$work/feed:$work/feed-99:" acme-99/nuget.config
sed -i 's:Include="Conduit.Abstractions" Version="[^"]*":Include="Conduit.Abstractions" Version="99.0.0":' acme-99/Acme.Spectro/Acme.Spectro.csproj
rm -rf acme-99/Acme.Spectro/bin acme-99/Acme.Spectro/obj
dotnet build acme-99/Acme.Spectro -c Release -o "$work/plugins-99/Acme.Spectro" -v quiet -nologo
dotnet "$host" plugins --plugins "$work/plugins-99" > refused.txt 2>&1
grep -q "plugin Acme.Spectro failed to load" refused.txt
grep -q "built against Conduit.Abstractions 99.0.0, but this host has Conduit.Abstractions $assembly" refused.txt
cat refused.txt | grep "Acme.Spectro failed"
step "plugin kit: all checks passed"
