#!/bin/bash -eu
exec "$SRC/wsconform/fuzz/build.sh"
