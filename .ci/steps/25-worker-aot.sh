#!/usr/bin/env bash
# NativeAOT of the hosting package: publish samples/Worker (Generic Host, configuration, console logging, a typed client
# registered with AddWebSocketClient) with PublishAot, fail on any trim or AOT warning, run the binary, check its output.
set -euo pipefail
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log="$work/publish.log"
dotnet publish samples/Worker/Worker.csproj -c Release -r linux-x64 -p:PublishAot=true -p:TreatWarningsAsErrors=true -o "$work/out" -nologo 2>&1 | tee "$log"
if grep -E "warning (IL[0-9]+|AOT)" "$log"; then
  echo "trim/AOT warnings in the NativeAOT publish of samples/Worker"
  exit 1
fi
binary="$work/out/Worker"
echo "NativeAOT binary: $(stat -c %s "$binary") bytes"
output="$("$binary" 2>&1)" || { echo "$output"; echo "the NativeAOT Worker exited non-zero"; exit 1; }
echo "$output"
grep -qE "^[0-9]+ quotes received; the client is closed \(close code 1001, clean: True\)$" <<<"$output" || { echo "the NativeAOT Worker did not stop cleanly"; exit 1; }
grep -q "Connected to ws://127.0.0.1:" <<<"$output" || { echo "the NativeAOT Worker logged no connection (console logging through the host)"; exit 1; }
