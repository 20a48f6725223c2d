"""A `junkan serve` process for the multi-node check scripts: started, waited for until /health answers, stopped."""
import os
import socket
import subprocess
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServedNode:
    """`junkan serve --port P --database D` plus `args`, its output in `log_path`; `start` returns once it answers."""

    def __init__(self, junkan, name, database, log_path, args=(), port=None, host="127.0.0.1", prefix=()):
        """`host`, `prefix`: where it listens, and a command to run it under (`ip netns exec NS`)."""
        self.junkan, self.name, self.db, self.args = junkan, name, database, list(args)
        self.host, self.prefix = host, list(prefix)
        self.port = port or free_port()
        self.logfile = open(log_path, "a")
        self.proc = None

    def start(self, tries=600):
        self.proc = subprocess.Popen([*self.prefix, self.junkan, "serve", "--host", self.host, "--port", str(self.port), "--database", self.db,
                                      *self.args], stdout=self.logfile, stderr=subprocess.STDOUT)
        for _ in range(tries):
            try:
                with urllib.request.urlopen(f"http://{self.host}:{self.port}/health", timeout=2):
                    return
            except Exception:
                if self.proc.poll() is not None:
                    raise SystemExit(f"node {self.name} exited: see {self.logfile.name}")
                time.sleep(0.1)
        raise SystemExit(f"node {self.name} did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)

    def kill(self):
        """SIGKILL: the process stops at once, mid-write if it was writing (durability tests)."""
        self.proc.kill()
        self.proc.wait(timeout=30)


def log_path(work, name):
    return os.path.join(work, name + ".log")
