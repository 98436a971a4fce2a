#!/usr/bin/env bash
# The plugin author's path, end to end, outside the solution: pack Conduit's packages into a local feed, install the
# `conduit-plugin` template from it, create a plugin, build and test it against the packed packages only, drop it
# into a plugins folder and run a job that uses its stage through the host. Then build the same plugin against a
# Conduit.Abstractions of another major version and check that the host refuses it, naming both versions.
# Usage: plugin-kit-e2e.sh /path/to/conduit.dll
set -euo pipefail
host="$(realpath "$1")"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export NUGET_PACKAGES="$work/nuget-cache"   # never leave our packages in (or take them from) the user's cache
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props" | head -1)"
step() { echo "== $*"; }

step "pack Conduit $version into a local feed"
for project in abstractions/Conduit.Abstractions.csproj host/Engine/Conduit.Engine.csproj tests/Conduit.Testing/Conduit.Testing.csproj plugins/Templates/Conduit.Templates.csproj; do
  dotnet pack "$root/$project" -c Release -o "$work/feed" -v quiet -nologo
done

step "install the template from the feed (private template hive)"
dotnet new install "$work/feed/Conduit.Templates.$version.nupkg" --debug:custom-hive "$work/hive"

step "create a plugin outside the solution"
cd "$work"
dotnet new conduit-plugin -n Acme.Spectro -o acme --debug:custom-hive "$work/hive"
cat > acme/nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="conduit-local" value="$work/feed" />
  </packageSources>
</configuration>
XML
grep -q "acme.spectro.threshold" acme/Acme.Spectro/InstrumentPlugin.cs

step "build and test it against the packages"
(cd acme && dotnet test)

step "drop it into a plugins folder and run a job that uses its stage"
dotnet build acme/Acme.Spectro -c Release -o "$work/plugins/Acme.Spectro" -v quiet -nologo
cat > job.json <<'JSON'
{ "name": "kit", "stages": [
  { "id": "generate", "use": "example.generate", "with": { "width": 32, "height": 32, "count": 8, "pattern": "noise" } },
  { "id": "threshold", "use": "acme.spectro.threshold", "from": "generate", "with": { "threshold": 0.5, "floor": 0 } },
  { "id": "write", "use": "example.write", "from": "threshold", "with": { "path": "out/kit.cfr" } } ] }
JSON
dotnet "$host" plugins --plugins "$work/plugins" > plugins.txt
grep -q "acme.spectro.threshold" plugins.txt
grep -q "Acme.Spectro .*1.0.0 .*$version" plugins.txt
dotnet "$host" run job.json --plugins "$work/plugins"
test -s out/kit.cfr
dotnet "$host" inspect out/kit.cfr --json | grep -q '"min": 0'

step "a plugin built against Conduit.Abstractions 99.0.0 is refused"
mkdir -p "$work/other/abstractions"
cp "$root/Directory.Build.props" "$root/Directory.Packages.props" "$root/.editorconfig" "$work/other/"
cp -r "$root/abstractions/." "$work/other/abstractions/"
rm -rf "$work/other/abstractions/bin" "$work/other/abstractions/obj"
dotnet pack "$work/other/abstractions/Conduit.Abstractions.csproj" -c Release -p:Version=99.0.0 -o "$work/feed-99" -v quiet -nologo
cp -r acme acme-99
sed -i "s:$work/feed:$work/feed-99:" acme-99/nuget.config
sed -i 's:Include="Conduit.Abstractions" Version="[^"]*":Include="Conduit.Abstractions" Version="99.0.0":' acme-99/Acme.Spectro/Acme.Spectro.csproj
rm -rf acme-99/Acme.Spectro/bin acme-99/Acme.Spectro/obj
dotnet build acme-99/Acme.Spectro -c Release -o "$work/plugins-99/Acme.Spectro" -v quiet -nologo
dotnet "$host" plugins --plugins "$work/plugins-99" > refused.txt 2>&1
grep -q "plugin Acme.Spectro failed to load" refused.txt
grep -q "built against Conduit.Abstractions 99.0.0, but this host has Conduit.Abstractions $version" refused.txt
cat refused.txt | grep "Acme.Spectro failed"
step "plugin kit: all checks passed"
