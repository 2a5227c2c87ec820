"""One line naming the machine a benchmark or an evaluation ran on. Speeds on these shared 2-core machines
differ by up to 2x between hosts (the same speech benchmark: RTF 0.11 on one, 0.06 on another), and the
int8 kernels differ by instruction set (AVX2 vs AVX-512 VNNI), so greedy outputs of the int8 generator do
too; every table says which CPU it came from; compare rows of one run, not figures from different machines."""
from __future__ import annotations

import os
import platform
from pathlib import Path


def describe() -> str:
    """'AMD EPYC, 2 cores, AVX-512 VNNI' (from /proc/cpuinfo where there is one)."""
    name, flags = platform.processor() or platform.machine(), set()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                name = value.strip()
            elif key.strip() == "flags":
                flags = set(value.split())
            if name and flags:
                break
    simd = ("AVX-512 VNNI" if "avx512_vnni" in flags else "AVX-512" if "avx512f" in flags
            else "AVX2" if "avx2" in flags else "no AVX2")  # what the int8 kernels can use
    return f"{name}, {os.cpu_count()} cores, {simd}"
