#!/usr/bin/env python3
"""Prints a port P such that P and P+1 are free now and lie below Linux's ephemeral range (32768 and up), where no
client connection is given them meanwhile: `junkan demo` serves on P and its witness on P+1. (A random port between
20000 and 40000 once collided with a connection's local port in CI.)"""
import random
import socket

for _ in range(1000):
    port = random.randrange(20000, 32000)
    try:
        with socket.socket() as a, socket.socket() as b:
            a.bind(("127.0.0.1", port))
            b.bind(("127.0.0.1", port + 1))
        print(port)
        break
    except OSError:
        continue
else:
    raise SystemExit("free-port-pair: no two free ports next to each other below 32000")
