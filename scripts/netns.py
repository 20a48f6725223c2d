"""Network namespaces for multi-node checks (issue 27): one namespace per node, each joined by a veth pair to a bridge
in the caller's namespace, with addresses from 198.18.0.0/15 (RFC 2544's range for such tests) only: nothing is
routed beyond the bridge. Optional netem delay on each namespace's link, where the kernel has netem (`netem`). Needs root and `ip netns`; `Namespaces.setup`
returns None where that is not permitted, and the caller runs on loopback instead and says so."""
import subprocess

BRIDGE_ADDRESS = "198.18.0.1"


def run(*args, check=True):
    return subprocess.run(list(args), capture_output=True, text=True, check=check)


class Namespaces:
    def __init__(self, tag, count, delay_ms=0):
        self.tag, self.count, self.delay_ms = tag, count, delay_ms
        self.bridge = f"{tag}-br"
        self.names = [f"{tag}-{i}" for i in range(count)]
        self.addresses = [f"198.18.0.{11 + i}" for i in range(count)]
        # Whether tc netem delays each namespace's link (the kernel may lack sch_netem): callers add the delay
        # themselves when it does not.
        self.netem = False

    @classmethod
    def setup(cls, tag, count, delay_ms=0):
        ns = cls(tag, count, delay_ms)
        try:
            ns.teardown()
            run("ip", "link", "add", ns.bridge, "type", "bridge")
            run("ip", "addr", "add", BRIDGE_ADDRESS + "/24", "dev", ns.bridge)
            run("ip", "link", "set", ns.bridge, "up")
            for i, (name, address) in enumerate(zip(ns.names, ns.addresses)):
                host, inside = f"{tag}-h{i}", f"{tag}-n{i}"
                run("ip", "netns", "add", name)
                run("ip", "link", "add", host, "type", "veth", "peer", "name", inside)
                run("ip", "link", "set", inside, "netns", name)
                run("ip", "link", "set", host, "master", ns.bridge)
                run("ip", "link", "set", host, "up")
                run("ip", "netns", "exec", name, "ip", "addr", "add", address + "/24", "dev", inside)
                run("ip", "netns", "exec", name, "ip", "link", "set", inside, "up")
                run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up")
            if delay_ms:
                ns.netem = all(run("ip", "netns", "exec", name, "tc", "qdisc", "add", "dev", f"{tag}-n{i}", "root", "netem", "delay",
                                   f"{delay_ms}ms", check=False).returncode == 0 for i, name in enumerate(ns.names))
            return ns
        except (subprocess.CalledProcessError, FileNotFoundError, PermissionError) as e:
            print(f"network namespaces not available ({getattr(e, 'stderr', '') or e}): running the nodes on loopback ports")
            ns.teardown()
            return None

    def exec_prefix(self, i):
        return ["ip", "netns", "exec", self.names[i]]

    def teardown(self):
        for name in self.names:
            run("ip", "netns", "del", name, check=False)
        run("ip", "link", "del", self.bridge, check=False)
