"""Compare ``publisher check`` between two checkouts: stdout, stderr and exit status, byte for byte,
in the json and the text formats.

    python benchmarks/compare_check.py OLD_SRC NEW_SRC PATH... [-- more check options]

OLD_SRC and NEW_SRC are checkouts (``git archive <commit> | tar -x -C DIR`` makes one); each run
is ``python -m publisher check`` from /tmp with PYTHONPATH set to the checkout (from a checkout,
``-m`` would put the current directory first). Exit status 0 when everything is the same.
"""
import difflib
import hashlib
import os
import subprocess
import sys
import time

args = sys.argv[1:]
extra = []
if "--" in args:
    i = args.index("--")
    extra = args[i + 1:]
    args = args[:i]
old, new, *paths = args
ok = True
for fmt in ("json", "text"):
    outs = {}
    for name, src in (("old", old), ("new", new)):
        env = dict(os.environ, PYTHONPATH=src)
        t = time.time()
        p = subprocess.run([sys.executable, "-m", "publisher", "check", *paths, "--format", fmt, *extra],
                           cwd="/tmp", env=env, capture_output=True)
        outs[name] = (p.returncode, p.stdout, p.stderr)
        print(f"  {fmt} {name}: exit {p.returncode}, {len(p.stdout)} bytes out, {len(p.stderr)} err, "
              f"sha {hashlib.sha256(p.stdout).hexdigest()[:12]}, {time.time()-t:.1f}s", flush=True)
    same = outs["old"] == outs["new"]
    if not same:
        ok = False
        print(f"  DIFFERENT ({fmt})")
        a, b = outs["old"][1].decode().splitlines(), outs["new"][1].decode().splitlines()
        for line in list(difflib.unified_diff(a, b, lineterm=""))[:40]:
            print("   ", line)
        if outs["old"][2] != outs["new"][2]:
            print("   stderr differs:", outs["old"][2][-500:], outs["new"][2][-500:])
print("SAME" if ok else "DIFFERENT", paths, extra)
sys.exit(0 if ok else 1)
