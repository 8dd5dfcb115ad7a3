#!/usr/bin/env python
"""Writes the Dockerfiles of every image from one template (not a Dockerfile itself)."""
import sys

TEMPLATE = "FROM {base}\nCMD [\"node\", \"server.js\"]\n"

for base in sys.argv[1:]:
    print(TEMPLATE.format(base=base))
