#!/bin/bash -eu
# OSS-Fuzz entry point (projects/wsconform/build.sh): the in-tree script does the work.
exec "$SRC/wsconform/fuzz/build.sh"
