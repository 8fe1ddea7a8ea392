"""The dependency rules of wsconform's layers (ARCHITECTURE.md), checked on the sources.

Usage: check_layers.py ROOT [--expect N]
Reads every .cpp/.hpp under ROOT (tests/ folders excepted: a test may reach across to prove
something) and prints each #include that breaks a rule, with the rule's reason. Exit status 0
when exactly N break one (0 without --expect), 1 otherwise.
"""
import os
import re
import sys

SANS_IO = r"(sys/.*|netinet/.*|arpa/.*|poll\.h|unistd\.h|fcntl\.h|thread|mutex|condition_variable|future|atomic|chrono|ctime|time\.h|fstream|filesystem|iostream|cstdio|random)"

# (folder, forbidden include pattern, why)
RULES = [
    ("model", r"impl/.*", "model/ and impl/ are two independent readings of the RFC: neither includes the other"),
    ("impl", r"model/.*", "model/ and impl/ are two independent readings of the RFC: neither includes the other"),
    ("model", r"(cases|runner|judge|report|target|net|cli|conformance|differential|fuzzingserver|boundaries)/.*",
     "model/ knows nothing of cases, runs, reports or the command line"),
    ("impl", r"(cases|runner|judge|report|target|net|cli|conformance|differential|fuzzingserver|boundaries)/.*",
     "impl/ is a library people ship: it knows nothing of the harness"),
    ("model", SANS_IO, "model/ is sans-IO: no sockets, threads, clocks, files or randomness"),
    ("impl", SANS_IO, "impl/ is sans-IO: no sockets, threads, clocks, files or randomness (the caller brings them)"),
    ("vocab", r"[a-z_]+/.*", "vocab/ is the shared vocabulary: it includes nothing of the project"),
    ("spec", r"[a-z_]+/.*", "spec/ is the RFC text built into the programs: it includes nothing of the project"),
    ("cases", r"(runner|judge|report|target|net|cli|conformance|fuzzingserver)/.*",
     "cases are data: they are run by the runner and judged by the judge, never the other way"),
    ("report", r"(net|target|runner/tester\.hpp|fuzzingserver)/?.*",
     "report/ renders a result tree: it knows nothing of sockets, targets or how cases ran"),
    ("judge", r"(net|report|cli|fuzzingserver)/.*", "judge/ grades what happened; it neither reports nor talks to the network"),
    ("runner", r"(net|report|cli|judge|fuzzingserver)/.*", "runner/ records what happened through the Target seam; the judge decides"),
    ("check", r"(net|report|cli|fuzzingserver|conformance)/.*",
     "check/ draws, runs and shrinks through the Target seam; the command line and reports are the edge's"),
    ("adapter", r"(cases|runner|judge|report|net|cli|conformance|differential|fuzzingserver|check)/.*",
     "adapter/ puts a library behind the Target seam and nothing else"),
]

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)


def violations(root):
    found = []
    for folder, pattern, why in RULES:
        base = os.path.join(root, folder)
        if not os.path.isdir(base):
            continue
        forbidden = re.compile(r"^(?:%s)$" % pattern)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = [d for d in dirnames if d != "tests"]
            for name in filenames:
                if not name.endswith((".cpp", ".hpp")):
                    continue
                path = os.path.join(dirpath, name)
                text = open(path, encoding="utf-8", errors="replace").read()
                for included in INCLUDE.findall(text):
                    if included.startswith(folder + "/"):
                        continue
                    if forbidden.match(included):
                        found.append(f"{os.path.relpath(path, root)}: #include {included}: {why}")
    return found


found = violations(sys.argv[1])
expect = int(sys.argv[sys.argv.index("--expect") + 1]) if "--expect" in sys.argv else 0
for line in found:
    print(line)
print(f"{len(found)} forbidden include(s), {expect} expected")
sys.exit(0 if len(found) == expect else 1)
