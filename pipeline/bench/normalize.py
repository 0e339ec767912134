#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Normalise the xlated and JITed images skl_bench dumped, so that two kernels' images compare equal exactly
when the code is the same (make bench prints the comparison).

Usage: normalize.py BENCH_OUT KALLSYMS   (in the guest; llvm-objdump disassembles the x86 images)

What differs between two kernels for the same code, and is replaced:
  xlated  a helper call's imm (the helper's address minus __bpf_call_base) -> the helper's name;
          a map load's imm (the map id) -> map#N, by order of appearance
  jited   a call or jump out of the image (rel32 from a load address) -> the target's name;
          a 64-bit immediate that is a kernel address (a map pointer) -> KADDR
Everything else (opcodes, registers, offsets, jumps inside the image) is kept.
"""
import bisect
import os
import re
import struct
import subprocess
import sys
import tempfile

BPF_JMP_CALL = 0x85
BPF_LD_IMM64 = 0x18


def die(msg):
    sys.stderr.write(f"normalize.py: error: {msg}\n")
    sys.exit(1)


def read_kallsyms(path):
    syms = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[1] in "tTwW":
                syms.setdefault(int(parts[0], 16), parts[2])
    if not syms or set(syms) == {0}:
        die(f"{path} has no usable addresses (kptr_restrict?)")
    addrs = sorted(syms)
    return syms, addrs


def symbolize(addr, syms, addrs):
    i = bisect.bisect_right(addrs, addr) - 1
    if i < 0:
        return hex(addr)
    base = addrs[i]
    return syms[base] if addr == base else f"{syms[base]}+{addr - base:#x}"


def xlated(raw, syms, addrs):
    call_base = next((a for a, n in syms.items() if n == "__bpf_call_base"), None)
    if call_base is None:
        die("__bpf_call_base not in kallsyms")
    out, maps, i = [], {}, 0
    while i < len(raw):
        code, regs, off, imm = struct.unpack_from("<BBhi", raw, i)
        dst, src = regs & 0xF, regs >> 4
        arg = str(imm)
        if code == BPF_JMP_CALL and src == 0:
            arg = symbolize(call_base + imm, syms, addrs)
        elif code == BPF_LD_IMM64:
            _, _, _, imm_hi = struct.unpack_from("<BBhi", raw, i + 8)
            if src in (1, 2):  # BPF_PSEUDO_MAP_FD / BPF_PSEUDO_MAP_VALUE, as bpf_insn_prepare_dump rewrites
                arg = f"map#{maps.setdefault(imm, len(maps))} off {imm_hi}"
            else:
                arg = str((imm_hi << 32) | (imm & 0xFFFFFFFF))
            i += 8
        out.append(f"{code:#04x} r{dst} r{src} {off} {arg}")
        i += 8
    return out


def jited(raw, load, syms, addrs):
    with tempfile.TemporaryDirectory() as tmp:
        binf, obj = os.path.join(tmp, "image.bin"), os.path.join(tmp, "image.o")
        with open(binf, "wb") as f:
            f.write(raw)
        cmds = [["llvm-objcopy", "-I", "binary", "-O", "elf64-x86-64",
                 "--rename-section=.data=.text,alloc,load,readonly,code", binf, obj],
                ["llvm-objdump", "-d", "-M", "intel", "--no-show-raw-insn", f"--adjust-vma={load:#x}", obj]]
        for cmd in cmds:
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode:
                die(f"{cmd[0]} failed on the JITed image: {r.stderr.strip()[:300]}")
    out = []
    for line in r.stdout.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s+(\S+)\s*(.*)$", line)
        if not m:
            continue
        pos, mnem, ops = int(m.group(1), 16) - load, m.group(2), m.group(3)
        ops = re.sub(r"\s*<.*>$", "", ops)
        if (mnem == "call" or mnem.startswith("j")) and re.fullmatch(r"0x[0-9a-f]+", ops):
            target = int(ops, 16)
            ops = f"+{target - load:#x}" if 0 <= target - load < len(raw) else symbolize(target, syms, addrs)
        elif mnem == "movabs":
            ops = re.sub(r"-0x[0-9a-f]{9,}|0xffff[0-9a-f]{12}", "KADDR", ops)
        if "(bad)" in mnem or "(bad)" in ops:
            die(f"llvm-objdump could not decode the JITed image at offset {pos:#x}")
        out.append(f"{pos:#06x} {mnem} {ops}")
    if not out:
        die("llvm-objdump printed no instruction for the JITed image")
    return out


def main():
    if len(sys.argv) != 3:
        die("usage: normalize.py BENCH_OUT KALLSYMS")
    syms, addrs = read_kallsyms(sys.argv[2])
    n = 0
    with open(sys.argv[1]) as f:
        for line in f:
            parts = line.split()
            if parts and parts[0] == "xlated":
                lst = xlated(bytes.fromhex(parts[2]), syms, addrs)
                print(f"== {parts[1]} xlated: {len(lst)} instructions")
            elif parts and parts[0] == "jited":
                lst = jited(bytes.fromhex(parts[3]), int(parts[2], 16), syms, addrs)
                print(f"== {parts[1]} jited: {len(bytes.fromhex(parts[3]))} bytes")
            else:
                continue
            print("\n".join(lst))
            n += 1
    if n == 0:
        die(f"no program image in {sys.argv[1]}")


if __name__ == "__main__":
    main()
