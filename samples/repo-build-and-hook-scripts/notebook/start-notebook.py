#!/usr/bin/env python
"""Starts JupyterLab with the options the image documents."""
import os
import sys

command = ["jupyter", "lab", "--ip=0.0.0.0", "--no-browser"]
if os.environ.get("NOTEBOOK_ARGS"):
    command += os.environ["NOTEBOOK_ARGS"].split()
os.execvp(command[0], command + sys.argv[1:])
