#!/usr/bin/env bash
# Writes the model fuzz targets' seed inputs into corpus/, each named by its SHA-1 like
# libFuzzer names its own. The seeds are the RFC §5.7 examples and a few frames that hit the
# model's rules (bad RSV, reserved opcodes, close codes, invalid UTF-8, 2^63 length).
# Usage: scripts/make-model-seeds.sh   (idempotent)
set -euo pipefail
cd "$(dirname "$0")/.."

seed() {  # seed <target> <first octet(s) as \x escapes> <stream as \x escapes>
  local dir="corpus/$1" tmp
  mkdir -p "$dir"
  tmp=$(mktemp)
  printf "$2$3" >"$tmp"
  mv "$tmp" "$dir/$(sha1sum "$tmp" | cut -c1-40)"
}

# Frames from a client (masked, key 37 fa 21 3d) and from a server (unmasked).
hello_masked='\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58'
hello='\x81\x05\x48\x65\x6c\x6c\x6f'
frag='\x01\x03\x48\x65\x6c\x80\x02\x6c\x6f'
ping='\x89\x05\x48\x65\x6c\x6c\x6f'
pong_masked='\x8a\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58'
bin256='\x82\x7e\x01\x00'
msb='\x82\x7f\x80\x00\x00\x00\x00\x00\x00\x00'
rsv='\xc2\x81\x00\x00\x00\x00\x41'
op3='\x83\x80\x00\x00\x00\x00'
close1004='\x88\x82\x00\x00\x00\x00\x03\xec'
close_a='\x88\x81\x00\x00\x00\x00\x61'
utf8bad='\x81\x8f\x00\x00\x00\x00\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xf4\x90\x80\x80'
nonmin='\x82\xfe\x00\x05\x00\x00\x00\x00\x01\x02\x03\x04\x05'

for s in "$hello" "$hello_masked" "$frag" "$ping" "$pong_masked" "$bin256" "$msb" "$rsv" "$op3" \
         "$close1004" "$close_a" "$utf8bad" "$nonmin"; do
  seed fuzz_model_frame '\x00' "$s"       # chunk size 1
  seed fuzz_model_frame '\x06' "$s"       # chunk size 7
done
# Endpoint: setup octet (bit 0: client), then per chunk a size octet and the octets.
seed fuzz_model_endpoint '\x00' "\x10$hello_masked$ping"
seed fuzz_model_endpoint '\x00' "\x3f$rsv"
seed fuzz_model_endpoint '\x00' "\x3f$close1004"
seed fuzz_model_endpoint '\x00' "\x05$utf8bad"
seed fuzz_model_endpoint '\x02' "\x3f$op3"
seed fuzz_model_endpoint '\x01' "\x3f$hello$frag"
seed fuzz_model_endpoint '\x01' "\x00$msb"
seed fuzz_model_endpoint '\x01' "\x3f$ping$ping"
