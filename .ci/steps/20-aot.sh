#!/usr/bin/env bash
# NativeAOT: publish samples/Ticker and samples/Worker (the Generic Host, configuration, console logging and a client
# registered with AddWebSocketClient) with PublishAot, fail on any trim or AOT warning, run each binary, check its output.
set -euo pipefail
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# publish SAMPLE: publishes samples/SAMPLE to $work/SAMPLE, failing on any trim or AOT warning.
publish() {
  local log="$work/$1.log"
  dotnet publish "samples/$1/$1.csproj" -c Release -r linux-x64 -p:PublishAot=true -p:TreatWarningsAsErrors=true -o "$work/$1" -nologo 2>&1 | tee "$log"
  if grep -E "warning (IL[0-9]+|AOT)" "$log"; then
    echo "trim/AOT warnings in the NativeAOT publish of samples/$1"
    exit 1
  fi
  echo "NativeAOT binary of $1: $(stat -c %s "$work/$1/$1") bytes"
}

publish Ticker
output="$("$work/Ticker/Ticker" 2 2>&1)" || { echo "$output"; echo "the NativeAOT Ticker exited non-zero"; exit 1; }
echo "$output"
grep -q "closed cleanly: True" <<<"$output" || { echo "the NativeAOT Ticker did not close cleanly"; exit 1; }
grep -qE "^[0-9]+ updates received, 0 errors" <<<"$output" || { echo "the NativeAOT Ticker received no updates"; exit 1; }

publish Worker
output="$("$work/Worker/Worker" 2>&1)" || { echo "$output"; echo "the NativeAOT Worker exited non-zero"; exit 1; }
echo "$output"
grep -qE "^[0-9]+ quotes received; the client is closed \(close code 1001, clean: True\)$" <<<"$output" || { echo "the NativeAOT Worker did not stop cleanly"; exit 1; }
grep -q "Connected to ws://127.0.0.1:" <<<"$output" || { echo "the NativeAOT Worker logged no connection (console logging through the host)"; exit 1; }
