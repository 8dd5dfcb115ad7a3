#!/bin/sh
# sshd detaches; top keeps the container in the foreground.
/usr/sbin/sshd
top -b
