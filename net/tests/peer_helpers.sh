# Sourced by the network test scripts that start peers: counted checks, the peers' process ids
# (each stopped, by its id, when the script exits), and waiting for a peer's port.
pass=0 fail=0
check() { if "$@"; then pass=$((pass + 1)); else echo "FAILED: $*"; fail=$((fail + 1)); fi; }
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
port_of() {  # waits for "listening on ws://127.0.0.1:PORT" in a log, prints PORT
  for _ in $(seq 100); do grep -q 'listening on ws://' "$1" && break; sleep 0.1; done
  grep -o 'ws://127.0.0.1:[0-9]*' "$1" | head -1 | cut -d: -f3
}
