#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run a command inside the build root (see in_root in lib.sh).
. "$(dirname "$0")/lib.sh"
in_root "$@"
