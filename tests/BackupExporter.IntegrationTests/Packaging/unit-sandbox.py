#!/usr/bin/python3
# Runs a command under two restrictions of a systemd unit that work without systemd as PID 1, as the kernel
# applies them: MemoryDenyWriteExecute=yes (prctl PR_SET_MDWE) and its SystemCallFilter= lines (a seccomp filter
# built from the same syscall groups, `systemd-analyze syscall-filter`; a call outside it fails with EPERM, as
# SystemCallErrorNumber=EPERM says).
# Usage: unit-sandbox.py UNIT_FILE COMMAND [ARGS...]
import ctypes, os, subprocess, sys
import seccomp

PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN = 65, 1


def expand(name):
    if not name.startswith("@"):
        return {name}
    out = subprocess.run(["systemd-analyze", "syscall-filter", name], capture_output=True, text=True, check=True).stdout
    names = set()
    for line in out.splitlines()[1:]:
        line = line.strip()
        if line and not line.startswith("#"):
            names |= expand(line)
    return names


unit, command = sys.argv[1], sys.argv[2:]
allowed, denied, mdwe = set(), set(), False
for line in open(unit):
    key, _, value = line.strip().partition("=")
    if key == "SystemCallFilter":
        if value.startswith("~"):
            for group in value[1:].split():
                denied |= expand(group)
        else:
            for group in value.split():
                allowed |= expand(group)
    elif key == "MemoryDenyWriteExecute":
        mdwe = value == "yes"
if not allowed:
    sys.exit(f"{unit}: no SystemCallFilter= allow list")

if mdwe and ctypes.CDLL(None, use_errno=True).prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) != 0:
    sys.exit(f"prctl(PR_SET_MDWE) failed: errno {ctypes.get_errno()} (Linux 6.3 or later is needed)")
rules = seccomp.SyscallFilter(defaction=seccomp.ERRNO(1))
for name in sorted(allowed - denied):
    try:
        rules.add_rule(seccomp.ALLOW, name)
    except (RuntimeError, ValueError, OSError):
        pass  # a name this kernel or libseccomp does not know: systemd skips it too
rules.load()
os.execv(command[0], command)
